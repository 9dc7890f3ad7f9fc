import { PRICE_SOURCES } from '../pricing';
import type { CostFigures, CostTotals } from './types';

/**
 * Slots of a sources array: allocated hours of source k at 2k, its spend at 2k + 1
 * (k indexes `PRICE_SOURCES`).
 *
 * @internal
 */
export const SOURCE_SLOTS = PRICE_SOURCES.length * 2;

/**
 * Running sums behind `CostFigures`.
 *
 * @internal
 */
export interface FigureSums {
  allocatedHours: number;
  busyHours: number;
  spend: number;
  idleSpend: number;
  unpricedAllocatedHours: number;
  /** Priced allocated hours and spend per price source (see `SOURCE_SLOTS`). */
  sources: Float64Array;
}

/**
 * Running sums behind `CostTotals`.
 *
 * @internal
 */
export interface TotalSums extends FigureSums {
  capacityHours: number;
  unpricedCapacityHours: number;
  nodeCost: number;
  unallocatedHours: number;
  unallocatedCost: number;
  unattributedSpend: number;
}

/** @internal */
export const emptyFigureSums = (): FigureSums => ({
  allocatedHours: 0,
  busyHours: 0,
  spend: 0,
  idleSpend: 0,
  unpricedAllocatedHours: 0,
  sources: new Float64Array(SOURCE_SLOTS),
});

/** @internal */
export const emptyTotalSums = (): TotalSums => ({
  ...emptyFigureSums(),
  capacityHours: 0,
  unpricedCapacityHours: 0,
  nodeCost: 0,
  unallocatedHours: 0,
  unallocatedCost: 0,
  unattributedSpend: 0,
});

/** Adds `b` into `a`. @internal */
export function addFigureSums(a: FigureSums, b: FigureSums): void {
  a.allocatedHours += b.allocatedHours;
  a.busyHours += b.busyHours;
  a.spend += b.spend;
  a.idleSpend += b.idleSpend;
  a.unpricedAllocatedHours += b.unpricedAllocatedHours;
  for (let i = 0; i < SOURCE_SLOTS; i++) a.sources[i] += b.sources[i];
}

/** busy / allocated, or null when nothing was allocated. @internal */
export const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? part / whole : null;

/** @internal */
export function toFigures(s: FigureSums): CostFigures {
  return {
    allocatedHours: s.allocatedHours,
    busyHours: s.busyHours,
    spend: s.spend,
    idleSpend: s.idleSpend,
    efficiency: ratio(s.busyHours, s.allocatedHours),
    unpricedAllocatedHours: s.unpricedAllocatedHours,
    priceSources: PRICE_SOURCES.flatMap((source, k) =>
      s.sources[2 * k] > 0 || s.sources[2 * k + 1] > 0
        ? [
            {
              source,
              allocatedHours: s.sources[2 * k],
              spend: s.sources[2 * k + 1],
            },
          ]
        : [],
    ),
  };
}

/** @internal */
export function toTotals(s: TotalSums): CostTotals {
  return {
    ...toFigures(s),
    capacityHours: s.capacityHours,
    unpricedCapacityHours: s.unpricedCapacityHours,
    nodeCost: s.nodeCost,
    unallocatedHours: s.unallocatedHours,
    unallocatedCost: s.unallocatedCost,
    unattributedSpend: s.unattributedSpend,
  };
}

/** Sums of many totals. @internal */
export function sumTotals(all: ReadonlyArray<TotalSums>): TotalSums {
  const t = emptyTotalSums();
  for (const s of all) {
    addFigureSums(t, s);
    t.capacityHours += s.capacityHours;
    t.unpricedCapacityHours += s.unpricedCapacityHours;
    t.nodeCost += s.nodeCost;
    t.unallocatedHours += s.unallocatedHours;
    t.unallocatedCost += s.unallocatedCost;
    t.unattributedSpend += s.unattributedSpend;
  }
  return t;
}
