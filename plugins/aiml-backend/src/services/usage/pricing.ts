import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  ACCELERATOR_INSTANCE_TYPES,
  acceleratorUnitsPerInstance,
  createPriceBook,
  DEFAULT_SPOT_DISCOUNT,
  PriceBook,
  PriceBookOptions,
  AimlPriceBookEntry,
} from '@eks-aiml/plugin-aiml-common';

/** The price book of the deployment, with where its prices come from. */
export interface EffectivePriceBook {
  priceBook: PriceBook;
  options: PriceBookOptions;
  /** For people: where the prices come from. */
  source: string;
}

function invalid(key: string, message: string): never {
  throw new Error(`Invalid configuration at ${key}: ${message}`);
}

/** Reads `aiml.pricing`; throws at start-up naming the key of a bad value. */
export function readPriceBook(config: RootConfigService): EffectivePriceBook {
  const c = config.getOptionalConfig('aiml.pricing');
  const currency = c?.getOptionalString('currency') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    invalid(
      'aiml.pricing.currency',
      `must be an ISO 4217 code such as USD, got "${currency}"`,
    );
  }
  const spotDiscount =
    c?.getOptionalNumber('spotDiscount') ?? DEFAULT_SPOT_DISCOUNT;
  if (!(spotDiscount >= 0 && spotDiscount < 1)) {
    invalid(
      'aiml.pricing.spotDiscount',
      `must be in [0, 1), got ${spotDiscount}`,
    );
  }
  const overrides = (c?.getOptionalConfigArray('overrides') ?? []).map(
    (o, i) => {
      const key = `aiml.pricing.overrides[${i}]`;
      const price = (name: 'onDemand' | 'spot') => {
        const v = o.getOptionalNumber(name);
        if (v !== undefined && !(v >= 0 && v < Infinity)) {
          invalid(
            `${key}.${name}`,
            `must be a price per instance-hour, got ${v}`,
          );
        }
        return v;
      };
      return {
        instanceType: o.getString('instanceType'),
        onDemand: price('onDemand'),
        spot: price('spot'),
      };
    },
  );
  const options: PriceBookOptions = { currency, spotDiscount, overrides };
  const overridden = overrides.map(o => o.instanceType);
  const source = [
    "built-in on-demand prices (us-east-1, Linux; Karpenter's AWS pricing table, July 2026)",
    `spot = on-demand × ${Number(
      (1 - spotDiscount).toFixed(6),
    )} unless overridden`,
    ...(overridden.length
      ? [`aiml.pricing overrides for ${overridden.join(', ')}`]
      : []),
  ].join('; ');
  return { priceBook: createPriceBook(options), options, source };
}

/** One instance type of the effective price book. */
export type InstancePrice = AimlPriceBookEntry;

/** The effective price book as `GET /pricing` answers it. */
export function describePricing(book: EffectivePriceBook) {
  const { priceBook, options } = book;
  const overridden = new Set(
    (options.overrides ?? []).map(o => o.instanceType),
  );
  const orNull = (v: number | undefined) => (v === undefined ? null : v);
  const known = ACCELERATOR_INSTANCE_TYPES.map(
    (t): InstancePrice => ({
      instanceType: t.instanceType,
      acceleratorType: t.accelerator.type,
      acceleratorName: t.accelerator.displayName,
      resource: t.accelerator.resource,
      accelerators: t.devices,
      units: acceleratorUnitsPerInstance(t),
      memoryGiBPerDevice: t.accelerator.memoryGiBPerDevice,
      onDemandHourly: orNull(
        priceBook.instanceHourly(t.instanceType, 'on-demand'),
      ),
      spotHourly: orNull(priceBook.instanceHourly(t.instanceType, 'spot')),
      onDemandPerAcceleratorHour: orNull(
        priceBook.acceleratorHourly(t.instanceType, 'on-demand'),
      ),
      spotPerAcceleratorHour: orNull(
        priceBook.acceleratorHourly(t.instanceType, 'spot'),
      ),
      overridden: overridden.has(t.instanceType),
    }),
  );
  const names = new Set(known.map(k => k.instanceType));
  const extra = [...overridden]
    .filter(n => !names.has(n))
    .map(
      (instanceType): InstancePrice => ({
        instanceType,
        acceleratorType: null,
        acceleratorName: null,
        resource: null,
        accelerators: null,
        units: null,
        memoryGiBPerDevice: null,
        onDemandHourly: orNull(
          priceBook.instanceHourly(instanceType, 'on-demand'),
        ),
        spotHourly: orNull(priceBook.instanceHourly(instanceType, 'spot')),
        onDemandPerAcceleratorHour: null,
        spotPerAcceleratorHour: null,
        overridden: true,
      }),
    );
  return {
    currency: priceBook.currency,
    source: book.source,
    spotDiscount: options.spotDiscount ?? DEFAULT_SPOT_DISCOUNT,
    instanceTypes: [...known, ...extra],
  };
}
