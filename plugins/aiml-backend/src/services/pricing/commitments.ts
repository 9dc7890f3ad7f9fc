import type { RootConfigService } from '@backstage/backend-plugin-api';
import type { PriceCommitment } from '@eks-aiml/plugin-aiml-common';

type Config = NonNullable<ReturnType<RootConfigService['getOptionalConfig']>>;

const KEY = 'aiml.pricing.commitments';
const FAMILY = /^[a-z][a-z0-9-]*$/;
const ACCOUNT = /^\d{12}$/;

function invalid(key: string, message: string): never {
  throw new Error(`Invalid configuration at ${key}: ${message}`);
}

/**
 * Reads `aiml.pricing.commitments`: each entry covers an instance family, an account
 * or both, with exactly one of a percentage off or a rate per instance-hour. Throws at
 * start-up naming the key of a bad entry.
 */
export function readCommitments(
  pricing: Config | undefined,
): PriceCommitment[] {
  return (pricing?.getOptionalConfigArray('commitments') ?? []).map((c, i) => {
    const key = `${KEY}[${i}]`;
    const name = c.getOptionalString('name');
    const instanceFamily = c.getOptionalString('instanceFamily');
    const accountId = c.getOptionalString('accountId');
    const discountPercent = c.getOptionalNumber('discountPercent');
    const hourlyRate = c.getOptionalNumber('hourlyRate');
    if (instanceFamily === undefined && accountId === undefined) {
      invalid(key, 'name an instanceFamily (e.g. p5), an accountId, or both');
    }
    if (instanceFamily !== undefined && !FAMILY.test(instanceFamily)) {
      invalid(
        `${key}.instanceFamily`,
        `must be an instance family such as p5 or g6e (no size), got "${instanceFamily}"`,
      );
    }
    if (accountId !== undefined && !ACCOUNT.test(accountId)) {
      invalid(
        `${key}.accountId`,
        `must be a 12-digit AWS account id, got "${accountId}"`,
      );
    }
    if ((discountPercent === undefined) === (hourlyRate === undefined)) {
      invalid(key, 'give exactly one of discountPercent or hourlyRate');
    }
    if (
      discountPercent !== undefined &&
      !(discountPercent > 0 && discountPercent < 100)
    ) {
      invalid(
        `${key}.discountPercent`,
        `must be in (0, 100), got ${discountPercent}`,
      );
    }
    if (
      hourlyRate !== undefined &&
      !(hourlyRate >= 0 && hourlyRate < Infinity)
    ) {
      invalid(
        `${key}.hourlyRate`,
        `must be a price per instance-hour, got ${hourlyRate}`,
      );
    }
    return {
      ...(name !== undefined ? { name } : {}),
      ...(instanceFamily !== undefined ? { instanceFamily } : {}),
      ...(accountId !== undefined ? { accountId } : {}),
      ...(discountPercent !== undefined ? { discountPercent } : {}),
      ...(hourlyRate !== undefined ? { hourlyRate } : {}),
    };
  });
}
