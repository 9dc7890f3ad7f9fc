import { RootConfigService } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

/** `aiml.pricing.aws`: whether and how prices are fetched from AWS. */
export interface AwsPricingSettings {
  enabled: boolean;
  frequency: HumanDuration;
  /** Regions whose list prices are fetched; undefined: the clusters' regions. */
  regions?: string[];
  pricingRegion: string;
  spotHistoryDays: number;
}

const PRICING_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const KEY = 'aiml.pricing.aws';

function invalid(key: string, message: string): never {
  throw new Error(`Invalid configuration at ${key}: ${message}`);
}

/** Reads `aiml.pricing.aws`; throws at start-up naming the key of a bad value. */
export function readAwsPricingSettings(
  config: RootConfigService,
): AwsPricingSettings {
  const c = config.getOptionalConfig(KEY);
  const frequency: HumanDuration = {};
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    const v = c?.getOptionalNumber(`frequency.${unit}`);
    if (v === undefined) continue;
    if (!(v >= 0 && v < Infinity)) {
      invalid(
        `${KEY}.frequency.${unit}`,
        `must be a number of ${unit}, got ${v}`,
      );
    }
    frequency[unit] = v;
  }
  const minutes =
    (frequency.days ?? 0) * 1440 +
    (frequency.hours ?? 0) * 60 +
    (frequency.minutes ?? 0);
  if (c?.has('frequency') && !(minutes >= 1)) {
    invalid(
      `${KEY}.frequency`,
      'must be at least one minute, e.g. { hours: 6 }',
    );
  }
  const regions = c?.getOptionalStringArray('regions');
  regions?.forEach((r, i) => {
    if (!REGION.test(r)) {
      invalid(
        `${KEY}.regions[${i}]`,
        `must be an AWS region such as us-west-2, got "${r}"`,
      );
    }
  });
  const pricingRegion = c?.getOptionalString('pricingRegion') ?? 'us-east-1';
  if (!PRICING_REGIONS.includes(pricingRegion)) {
    invalid(
      `${KEY}.pricingRegion`,
      `the Price List API answers in ${PRICING_REGIONS.join(
        ', ',
      )}; got "${pricingRegion}"`,
    );
  }
  const spotHistoryDays = c?.getOptionalNumber('spotHistoryDays') ?? 90;
  if (
    !(
      Number.isInteger(spotHistoryDays) &&
      spotHistoryDays >= 1 &&
      spotHistoryDays <= 90
    )
  ) {
    invalid(
      `${KEY}.spotHistoryDays`,
      `must be a whole number of days from 1 to 90 (what EC2 keeps), got ${spotHistoryDays}`,
    );
  }
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? false,
    frequency: minutes >= 1 ? frequency : { hours: 6 },
    ...(regions ? { regions } : {}),
    pricingRegion,
    spotHistoryDays,
  };
}
