import {
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from './accelerators';
import { spotSegments } from './priceSegments';

/**
 * `on-demand` or `spot`, as Karpenter labels capacity.
 *
 * @public
 */
export type CapacityType = 'on-demand' | 'spot';

/**
 * Where a price came from, in the order the price book applies them (docs/pricing.md):
 * `list` (the AWS Price List's on-demand price of the node's region), `spot-history`
 * (EC2's spot price history of the node's zone), `fallback` (the built-in table, spot at
 * its discount: AWS prices off, not fetched yet, unavailable, or older than what is
 * stored), `override` (`aiml.pricing.overrides`), `commitment` (`aiml.pricing.commitments`,
 * on-demand capacity only). A price carries the last one that decided it.
 *
 * @public
 */
export type PriceSource =
  | 'list'
  | 'spot-history'
  | 'override'
  | 'commitment'
  | 'fallback';

/**
 * Every price source, in a fixed order (the order rows list them in).
 *
 * @public
 */
export const PRICE_SOURCES: ReadonlyArray<PriceSource> = [
  'list',
  'spot-history',
  'override',
  'commitment',
  'fallback',
];

/**
 * A committed-use discount (Savings Plan, Reserved Instances) as config states it
 * (`aiml.pricing.commitments[]`): which on-demand capacity it covers (an instance
 * family, an account, or both) and either a percentage off the price or a rate.
 *
 * @public
 */
export interface PriceCommitment {
  /** For people, e.g. `Compute Savings Plan 2026`. */
  name?: string;
  /** An instance family, e.g. `p5` (p5.4xlarge, p5.48xlarge; not p5en). */
  instanceFamily?: string;
  /** The AWS account of the clusters it covers (`aiml.clusters[].accountId`). */
  accountId?: string;
  /** Percent off the price, in (0, 100). */
  discountPercent?: number;
  /** The committed price per instance-hour. */
  hourlyRate?: number;
}

/**
 * Prices fetched from AWS and stored by the backend, as the price book reads them.
 *
 * @public
 */
export interface AwsPrices {
  /** On-demand list prices per instance-hour (Linux, shared tenancy, used capacity). */
  onDemand: Array<{ region: string; instanceType: string; hourly: number }>;
  /**
   * Spot price history per availability zone (zone names are per account), each
   * record in effect from `fromMs` until the next one, oldest first.
   */
  spot: Array<{
    accountId?: string;
    zone: string;
    instanceType: string;
    records: Array<{ fromMs: number; hourly: number }>;
  }>;
}

/**
 * Price book settings (`aiml.pricing`), with what the backend stored from AWS. Plain
 * data: it crosses to the cost model's worker threads.
 *
 * @public
 */
export interface PriceBookOptions {
  currency?: string;
  /** Spot without history: on-demand × (1 − spotDiscount), unless an override gives a spot price. */
  spotDiscount?: number;
  overrides?: Array<{ instanceType: string; onDemand?: number; spot?: number }>;
  /** Committed-use discounts, the first that matches a node applies. */
  commitments?: PriceCommitment[];
  /** Where each cluster is: its region prices on demand, its account matches commitments. */
  clusters?: Array<{ name: string; region: string; accountId?: string }>;
  /** Prices from AWS; absent: the built-in table (`fallback`). */
  aws?: AwsPrices;
}

/**
 * What a node's price depends on.
 *
 * @public
 */
export interface NodePriceQuery {
  /** The cluster (its region and account come from `PriceBookOptions.clusters`). */
  cluster: string;
  instanceType: string;
  capacityType: CapacityType;
  /** The availability zone (`topology.kubernetes.io/zone`): spot history is per zone. */
  zone?: string;
}

/**
 * A piece of time at one price per instance-hour.
 *
 * @public
 */
export interface PriceSegment {
  fromMs: number;
  toMs: number;
  hourly: number;
  source: PriceSource;
}

/**
 * Prices per instance-hour and per accelerator-hour.
 *
 * @public
 */
export interface PriceBook {
  currency: string;
  /** Price per instance-hour without region, zone or time: the table with overrides. */
  instanceHourly(
    instanceType: string,
    capacityType: CapacityType,
  ): number | undefined;
  /** Price per accelerator-hour (GPU or NeuronCore): instance price / units per instance. */
  acceleratorHourly(
    instanceType: string,
    capacityType: CapacityType,
  ): number | undefined;
  /**
   * A node's price per instance-hour over `[fromMs, toMs)`: pieces in time order that
   * cover the window, each with its source; undefined when the book cannot price it.
   */
  instancePrices(
    node: NodePriceQuery,
    fromMs: number,
    toMs: number,
  ): PriceSegment[] | undefined;
}

/** @public */
export const DEFAULT_SPOT_DISCOUNT = 0.6;

/** The family of an instance type: `p5.48xlarge` → `p5`. */
const familyOf = (instanceType: string) => instanceType.split('.')[0];

function applyCommitment(
  segments: PriceSegment[],
  commitment: PriceCommitment | undefined,
): PriceSegment[] {
  if (!commitment) return segments;
  return segments.map(s => ({
    ...s,
    hourly:
      commitment.hourlyRate ??
      s.hourly * (1 - (commitment.discountPercent ?? 0) / 100),
    source: 'commitment',
  }));
}

/**
 * The price book: AWS prices when stored, the built-in table as the fallback, config
 * overrides on top, then committed-use discounts (docs/pricing.md).
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
  const clusters = new Map((options.clusters ?? []).map(c => [c.name, c]));
  const listPrices = new Map(
    (options.aws?.onDemand ?? []).map(p => [
      `${p.region}/${p.instanceType}`,
      p.hourly,
    ]),
  );
  const spotHistory = options.aws?.spot ?? [];
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
  /** On-demand for a region: override, list, table; with its source. */
  const onDemandOf = (
    instanceType: string,
    region: string | undefined,
  ): { hourly: number; source: PriceSource } | undefined => {
    const override = overrides.get(instanceType)?.onDemand;
    if (override !== undefined) return { hourly: override, source: 'override' };
    const list = listPrices.get(`${region}/${instanceType}`);
    if (list !== undefined) return { hourly: list, source: 'list' };
    const table = findAcceleratorInstanceType(instanceType)?.onDemandHourly;
    return table === undefined
      ? undefined
      : { hourly: table, source: 'fallback' };
  };
  const instancePrices = (
    node: NodePriceQuery,
    fromMs: number,
    toMs: number,
  ): PriceSegment[] | undefined => {
    const where = clusters.get(node.cluster);
    const onDemand = onDemandOf(node.instanceType, where?.region);
    if (node.capacityType === 'on-demand') {
      if (!onDemand) return undefined;
      const commitment = (options.commitments ?? []).find(
        c =>
          (c.instanceFamily === undefined ||
            c.instanceFamily === familyOf(node.instanceType)) &&
          (c.accountId === undefined || c.accountId === where?.accountId),
      );
      return applyCommitment([{ fromMs, toMs, ...onDemand }], commitment);
    }
    const spotOverride = overrides.get(node.instanceType)?.spot;
    if (spotOverride !== undefined) {
      return [{ fromMs, toMs, hourly: spotOverride, source: 'override' }];
    }
    const fallback =
      onDemand &&
      ({
        hourly: onDemand.hourly * (1 - spotDiscount),
        source: onDemand.source === 'override' ? 'override' : 'fallback',
      } as const);
    const history = spotHistory.find(
      h =>
        h.zone === node.zone &&
        h.instanceType === node.instanceType &&
        (h.accountId === undefined || h.accountId === where?.accountId),
    );
    return spotSegments(history?.records ?? [], fallback, fromMs, toMs);
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
    instancePrices,
  };
}
