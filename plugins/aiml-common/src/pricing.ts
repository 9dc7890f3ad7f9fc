import {
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from './accelerators';

/**
 * `on-demand` or `spot`, as Karpenter labels capacity.
 *
 * @public
 */
export type CapacityType = 'on-demand' | 'spot';

/**
 * Price book settings (`aiml.pricing`).
 *
 * @public
 */
export interface PriceBookOptions {
  currency?: string;
  /** spot = on-demand × (1 − spotDiscount) unless an override gives a spot price. */
  spotDiscount?: number;
  overrides?: Array<{ instanceType: string; onDemand?: number; spot?: number }>;
}

/**
 * Prices per instance-hour and per accelerator-hour.
 *
 * @public
 */
export interface PriceBook {
  currency: string;
  /** Price per instance-hour, or undefined for an instance type the book cannot price. */
  instanceHourly(
    instanceType: string,
    capacityType: CapacityType,
  ): number | undefined;
  /** Price per accelerator-hour (GPU or NeuronCore): instance price / units per instance. */
  acceleratorHourly(
    instanceType: string,
    capacityType: CapacityType,
  ): number | undefined;
}

/** @public */
export const DEFAULT_SPOT_DISCOUNT = 0.6;

/**
 * The built-in price book with config overrides applied.
 *
 * @public
 */
export function createPriceBook(options: PriceBookOptions = {}): PriceBook {
  const spotDiscount = options.spotDiscount ?? DEFAULT_SPOT_DISCOUNT;
  if (!(spotDiscount >= 0 && spotDiscount < 1)) {
    throw new RangeError(`spotDiscount must be in [0, 1), got ${spotDiscount}`);
  }
  const overrides = new Map(
    (options.overrides ?? []).map(o => [o.instanceType, o]),
  );
  const instanceHourly = (instanceType: string, capacityType: CapacityType) => {
    const override = overrides.get(instanceType);
    const onDemand =
      override?.onDemand ??
      findAcceleratorInstanceType(instanceType)?.onDemandHourly;
    if (capacityType === 'spot') {
      if (override?.spot !== undefined) return override.spot;
      return onDemand === undefined ? undefined : onDemand * (1 - spotDiscount);
    }
    return onDemand;
  };
  return {
    currency: options.currency ?? 'USD',
    instanceHourly,
    acceleratorHourly(instanceType, capacityType) {
      const t = findAcceleratorInstanceType(instanceType);
      const price = instanceHourly(instanceType, capacityType);
      if (!t || price === undefined) return undefined;
      return price / acceleratorUnitsPerInstance(t);
    },
  };
}
