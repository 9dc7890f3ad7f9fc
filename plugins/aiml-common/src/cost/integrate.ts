import type { StepPiece } from './daily';

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
  /** Allocated hours in priced units (allocated scaled by catalog units / exposed units). */
  pricedAllocated: Float64Array;
  /** Busy hours in priced units. */
  pricedBusy: Float64Array;
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
  /** Exposed hours in priced units (catalog units while present). */
  pricedCapacity: Float64Array;
  /** Unallocated unit-hours. */
  unallocated: Float64Array;
  /** Unallocated hours in priced units. */
  pricedUnallocated: Float64Array;
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
): NodeIntegral {
  const out: NodeIntegral = {
    capacity: new Float64Array(dayCount),
    pricedCapacity: new Float64Array(dayCount),
    unallocated: new Float64Array(dayCount),
    pricedUnallocated: new Float64Array(dayCount),
    overcommittedSteps: 0,
    overcommittedHours: 0,
    invalidCapacity: 0,
  };
  const n = capacityUnits.length;
  for (const p of pieces) {
    let cap = 0;
    let pricedCap = 0;
    let free = 0;
    let pricedFree = 0;
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
      pricedCap += k * w;
      free += f;
      pricedFree += f * w;
    }
    const h = p.hours;
    out.capacity[p.day] += cap * h;
    out.pricedCapacity[p.day] += pricedCap * h;
    out.unallocated[p.day] += free * h;
    out.pricedUnallocated[p.day] += pricedFree * h;
    out.overcommittedHours += over * h;
  }
  return out;
}

/**
 * Integrates one pod: per day, requests times `scale` (allocated), times utilization
 * (busy), and the same in priced units through `pricedScale`.
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
): PodIntegral {
  const out: PodIntegral = {
    allocated: new Float64Array(dayCount),
    busy: new Float64Array(dayCount),
    pricedAllocated: new Float64Array(dayCount),
    pricedBusy: new Float64Array(dayCount),
    invalidRequested: 0,
    invalidBusy: 0,
  };
  const n = requested.length;
  const nb = busy.length;
  for (const p of pieces) {
    let a = 0;
    let u = 0;
    let pa = 0;
    let pu = 0;
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
      const y = r * pricedScale[i];
      pa += y;
      pu += y * b;
    }
    const h = p.hours;
    out.allocated[p.day] += a * h;
    out.busy[p.day] += u * h;
    out.pricedAllocated[p.day] += pa * h;
    out.pricedBusy[p.day] += pu * h;
  }
  return out;
}
