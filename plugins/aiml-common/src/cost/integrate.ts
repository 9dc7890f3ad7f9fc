import type { StepPiece } from './daily';
import { SOURCE_SLOTS } from './figures';
import type { StepRates } from './rates';

/**
 * A pod's integrals per day (index = calendar day).
 *
 * @internal
 */
export interface PodIntegral {
  /** Allocated unit-hours (clamped to capacity). */
  allocated: Float64Array;
  /** Busy unit-hours. */
  busy: Float64Array;
  /** Spend: allocated hours in priced units (scaled by catalog units / exposed units) times each step's rate. */
  spend: Float64Array;
  /** Idle spend: (allocated − busy) in priced units times each step's rate. */
  idleSpend: Float64Array;
  /** Per day, allocated hours and spend per price source (`SOURCE_SLOTS` a day). */
  sources: Float64Array;
  /** Requested samples that were negative or non-finite. */
  invalidRequested: number;
  /** Busy samples of running steps that were non-finite or outside 0–1. */
  invalidBusy: number;
}

/**
 * A node's integrals per day (index = calendar day).
 *
 * @internal
 */
export interface NodeIntegral {
  /** Exposed unit-hours. */
  capacity: Float64Array;
  /** Cost of the exposed hours (in priced units: catalog units while present) at each step's rate. */
  cost: Float64Array;
  /** Unallocated unit-hours. */
  unallocated: Float64Array;
  /** Cost of the unallocated hours at each step's rate. */
  unallocatedCost: Float64Array;
  /** Steps in which requests exceeded capacity. */
  overcommittedSteps: number;
  /** Unit-hours requested beyond capacity. */
  overcommittedHours: number;
  /** Capacity samples that were negative or non-finite. */
  invalidCapacity: number;
}

/**
 * Adds a series' valid requests into `sum` (invalid samples count as 0).
 *
 * @internal
 */
export function addRequests(
  requested: ArrayLike<number>,
  steps: number,
  sum: Float64Array,
): void {
  const n = Math.min(requested.length, steps);
  for (let i = 0; i < n; i++) {
    const r = requested[i];
    if (r > 0 && r < Infinity) sum[i] += r;
  }
}

/**
 * Requests above capacity by at most this share of it are rounding, not overcommit:
 * MIG devices and time-sliced replicas are fractions of a GPU (3/7 + 4 × 1/7 need not
 * add up to exactly 1 in floating point).
 */
const ROUNDING = 1e-9;

/**
 * Integrates a node's capacity against the summed requests of its pods and fills, per
 * step, `scale` (the factor that clamps requests to capacity) and `pricedScale` (that
 * factor times catalog units / exposed units, which converts unit-hours to priced units).
 * Costs are at `rates` (none for an unpriced node).
 *
 * @internal
 */
export function integrateNode(
  capacityUnits: ArrayLike<number>,
  requestedSum: Float64Array,
  catalogUnits: number | undefined,
  pieces: ReadonlyArray<StepPiece>,
  dayCount: number,
  scale: Float64Array,
  pricedScale: Float64Array,
  rates?: StepRates,
): NodeIntegral {
  const out: NodeIntegral = {
    capacity: new Float64Array(dayCount),
    cost: new Float64Array(dayCount),
    unallocated: new Float64Array(dayCount),
    unallocatedCost: new Float64Array(dayCount),
    overcommittedSteps: 0,
    overcommittedHours: 0,
    invalidCapacity: 0,
  };
  const n = capacityUnits.length;
  const rate = rates?.rate;
  for (const p of pieces) {
    let cap = 0;
    let cost = 0;
    let free = 0;
    let freeCost = 0;
    let over = 0;
    for (let i = p.from; i < p.to; i++) {
      let k = i < n ? capacityUnits[i] : 0;
      if (!(k >= 0 && k < Infinity)) {
        if (p.counts) out.invalidCapacity++;
        k = 0;
      }
      const s = requestedSum[i];
      const w = catalogUnits !== undefined && k > 0 ? catalogUnits / k : 1;
      let f = 0;
      if (s > k + k * ROUNDING) {
        const c = k / s;
        scale[i] = c;
        pricedScale[i] = c * w;
        over += s - k;
        if (p.counts) out.overcommittedSteps++;
      } else {
        scale[i] = 1;
        pricedScale[i] = w;
        f = s < k ? k - s : 0;
      }
      cap += k;
      free += f;
      if (rate) {
        cost += k * w * rate[i];
        freeCost += f * w * rate[i];
      }
    }
    const h = p.hours;
    out.capacity[p.day] += cap * h;
    out.cost[p.day] += cost * h;
    out.unallocated[p.day] += free * h;
    out.unallocatedCost[p.day] += freeCost * h;
    out.overcommittedHours += over * h;
  }
  return out;
}

/**
 * Integrates one pod: per day, requests times `scale` (allocated), times utilization
 * (busy), and in priced units through `pricedScale` times each step's rate (spend, idle
 * spend, and both per price source); no money without `rates`.
 *
 * @internal
 */
export function integratePod(
  requested: ArrayLike<number>,
  busy: ArrayLike<number>,
  pieces: ReadonlyArray<StepPiece>,
  dayCount: number,
  scale: Float64Array,
  pricedScale: Float64Array,
  rates?: StepRates,
): PodIntegral {
  const out: PodIntegral = {
    allocated: new Float64Array(dayCount),
    busy: new Float64Array(dayCount),
    spend: new Float64Array(dayCount),
    idleSpend: new Float64Array(dayCount),
    sources: new Float64Array(rates ? dayCount * SOURCE_SLOTS : 0),
    invalidRequested: 0,
    invalidBusy: 0,
  };
  const n = requested.length;
  const nb = busy.length;
  const piece = new Float64Array(SOURCE_SLOTS);
  for (const p of pieces) {
    let a = 0;
    let u = 0;
    let spend = 0;
    let idle = 0;
    piece.fill(0);
    const end = p.to < n ? p.to : n;
    for (let i = p.from; i < end; i++) {
      const r = requested[i];
      if (!(r > 0 && r < Infinity)) {
        if (r !== 0 && p.counts) out.invalidRequested++;
        continue;
      }
      let b = i < nb ? busy[i] : 0;
      if (!(b >= 0 && b <= 1)) {
        if (p.counts && i < nb) out.invalidBusy++;
        b = b > 1 ? 1 : 0;
      }
      const x = r * scale[i];
      a += x;
      u += x * b;
      if (!rates) continue;
      const y = r * pricedScale[i];
      const money = y * rates.rate[i];
      spend += money;
      idle += money * (1 - b);
      const k = rates.source[i];
      if (k >= 0) {
        piece[2 * k] += x;
        piece[2 * k + 1] += money;
      } else {
        const mix = rates.mixed.get(i)!;
        for (let j = 0; j < SOURCE_SLOTS; j += 2) {
          piece[j] += x * mix[j];
          piece[j + 1] += y * mix[j + 1];
        }
      }
    }
    const h = p.hours;
    out.allocated[p.day] += a * h;
    out.busy[p.day] += u * h;
    if (!rates) continue;
    out.spend[p.day] += spend * h;
    out.idleSpend[p.day] += idle * h;
    const base = p.day * SOURCE_SLOTS;
    for (let j = 0; j < SOURCE_SLOTS; j++)
      out.sources[base + j] += piece[j] * h;
  }
  return out;
}
