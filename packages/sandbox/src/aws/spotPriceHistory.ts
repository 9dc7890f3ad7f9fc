import { hash32 } from '../metrics/profiles';
import { DEFAULT_METRICS_SEED } from '../metrics/generator';
import { onDemandPrice, regionOfZone } from './priceCatalog';

/**
 * The spot market the sandbox's EC2 answers for: per availability zone and instance
 * type, a price that steps every few hours or days, each step a pure function of the
 * seed, the zone, the type and the step's index (packages/sandbox/README.md, "Prices").
 */

const HOUR_MS = 3_600_000;
/** The block lengths a (zone, type) may step at, in hours. */
const BLOCK_HOURS = [6, 12, 24, 48];

/** One record of the history: the price in effect from `timestampMs` until the next. */
export interface SpotPriceRecord {
  availabilityZone: string;
  instanceType: string;
  timestampMs: number;
  /** USD per instance-hour, 4 decimals. */
  price: number;
}

/**
 * The planted price change README's "Prices" table states: g5.48xlarge in us-east-1b
 * (where the planted ranker-train-sweep runs) is 16.288 × 0.375 from 2026-06-01 and
 * 16.288 × 0.3 from 2026-06-04T12:00Z, until 2026-06-08.
 */
export const PLANTED_SPOT_CHANGE = {
  availabilityZone: 'us-east-1b',
  instanceType: 'g5.48xlarge',
  fromMs: Date.parse('2026-06-01T00:00:00Z'),
  toMs: Date.parse('2026-06-08T00:00:00Z'),
  prices: [
    { fromMs: Date.parse('2026-06-01T00:00:00Z'), price: 6.108 },
    { fromMs: Date.parse('2026-06-04T12:00:00Z'), price: 4.8864 },
  ],
};

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The stepping of one (zone, type): its block length and price per block. */
function market(seed: string, zone: string, instanceType: string) {
  const region = regionOfZone(zone);
  const onDemand = region && onDemandPrice(region.regionCode, instanceType);
  if (onDemand === undefined) return undefined;
  const key = `${seed}/spot/${zone}/${instanceType}`;
  const h = hash32(key);
  const blockMs = BLOCK_HOURS[h % BLOCK_HOURS.length] * HOUR_MS;
  // The zone's usual discount: spot at 30–45 % of on-demand.
  const base = 0.3 + 0.15 * ((hash32(`${key}/base`) % 1000) / 1000);
  const priceOfBlock = (k: number) => {
    const noise = (hash32(`${key}/${k}`) / 4294967296) * 2 - 1;
    return round4(onDemand * base * (1 + 0.2 * noise));
  };
  return { blockMs, priceOfBlock };
}

/** The price in effect at `t` (ms), or undefined for a zone or type not served. */
export function spotPriceAt(
  zone: string,
  instanceType: string,
  t: number,
  seed = DEFAULT_METRICS_SEED,
): number | undefined {
  const p = PLANTED_SPOT_CHANGE;
  if (
    zone === p.availabilityZone &&
    instanceType === p.instanceType &&
    t >= p.fromMs &&
    t < p.toMs
  ) {
    return [...p.prices].reverse().find(x => x.fromMs <= t)!.price;
  }
  const m = market(seed, zone, instanceType);
  return m?.priceOfBlock(Math.floor(t / m.blockMs));
}

/** Times at which the price of a (zone, type) may change: block starts and the planted edges. */
function changeTimes(
  blockMs: number,
  planted: boolean,
): { before(t: number): number; after(t: number): number } {
  const edges = planted
    ? [
        ...PLANTED_SPOT_CHANGE.prices.map(x => x.fromMs),
        PLANTED_SPOT_CHANGE.toMs,
      ]
    : [];
  return {
    /** The latest change time strictly before t. */
    before: t =>
      Math.max(
        Math.ceil(t / blockMs) * blockMs - blockMs,
        ...edges.filter(e => e < t),
      ),
    /** The earliest change time strictly after t. */
    after: t =>
      Math.min(
        Math.floor(t / blockMs) * blockMs + blockMs,
        ...edges.filter(e => e > t),
      ),
  };
}

/** How far back the record in effect at a window's start is looked for. */
const MAX_LOOKBACK_CHANGES = 1000;

/**
 * The records of a (zone, type) in effect in `[fromMs, toMs]`: the one in effect at
 * `fromMs` (with its own, earlier timestamp) and every change up to `toMs`, oldest
 * first. A record is written only when the price changes, as EC2 does.
 */
export function spotPriceRecords(
  zone: string,
  instanceType: string,
  fromMs: number,
  toMs: number,
  seed = DEFAULT_METRICS_SEED,
): SpotPriceRecord[] {
  const m = market(seed, zone, instanceType);
  if (!m || toMs < fromMs) return [];
  const planted =
    zone === PLANTED_SPOT_CHANGE.availabilityZone &&
    instanceType === PLANTED_SPOT_CHANGE.instanceType;
  const times = changeTimes(m.blockMs, planted);
  const priceAt = (t: number) => spotPriceAt(zone, instanceType, t, seed)!;
  let t = times.before(fromMs + 1);
  for (let i = 0; i < MAX_LOOKBACK_CHANGES; i++) {
    const earlier = times.before(t);
    if (priceAt(earlier) !== priceAt(t)) break;
    t = earlier;
  }
  const records: SpotPriceRecord[] = [];
  let previous: number | undefined;
  for (; t <= toMs; t = times.after(t)) {
    const price = priceAt(t);
    if (price === previous) continue;
    previous = price;
    records.push({
      availabilityZone: zone,
      instanceType,
      timestampMs: t,
      price,
    });
  }
  return records;
}
