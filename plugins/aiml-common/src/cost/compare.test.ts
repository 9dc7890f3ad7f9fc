import { createPriceBook } from '../pricing';
import { compareReports, costChange, previousPeriod } from './compare';
import { computeCostReport } from './model';
import type { CostModelInput } from './types';

const T0 = Date.UTC(2026, 6, 1);

const window = (requested: number[], currency?: string): CostModelInput => ({
  startMs: T0,
  stepSeconds: 3600,
  steps: 2,
  nodes: [
    {
      cluster: 'c1',
      node: 'n1',
      instanceType: 'g5.xlarge',
      capacityType: 'on-demand',
      resource: 'nvidia.com/gpu',
      acceleratorType: 'nvidia-a10g',
      capacityUnits: [1, 1],
    },
  ],
  pods: [
    {
      cluster: 'c1',
      namespace: 'ml-research-training',
      pod: 'p1',
      node: 'n1',
      resource: 'nvidia.com/gpu',
      requested,
      busy: [0.5, 0.5],
    },
  ],
  namespaceOwners: { 'c1/ml-research-training': 'ml-research' },
  priceBook: createPriceBook({ currency }),
});

describe('compareReports', () => {
  it('gives the absolute and relative change of every total', () => {
    const current = computeCostReport(window([1, 1]));
    const previous = computeCostReport(window([1, 0]));
    const change = compareReports(current, previous);
    expect(change.equalLength).toBe(true);
    expect(change.currency).toBe('USD');
    // spend 2 h × 1.006 = 2.012 against 1 h × 1.006 = 1.006: +1.006, +100%
    expect(change.totals.spend.current).toBeCloseTo(2.012, 9);
    expect(change.totals.spend.previous).toBeCloseTo(1.006, 9);
    expect(change.totals.spend.absolute).toBeCloseTo(1.006, 9);
    expect(change.totals.spend.relative).toBeCloseTo(1, 12);
    // node cost 2.012 both periods: no change
    expect(change.totals.nodeCost.absolute).toBeCloseTo(0, 12);
    expect(change.totals.nodeCost.relative).toBeCloseTo(0, 12);
    // unallocated 0 h against 1 h (1.006): −1.006, −100%
    expect(change.totals.unallocatedCost.absolute).toBeCloseTo(-1.006, 9);
    expect(change.totals.unallocatedCost.relative).toBeCloseTo(-1, 12);
    // nothing unattributed in either: relative null, not NaN
    expect(change.totals.unattributedSpend).toEqual({
      current: 0,
      previous: 0,
      absolute: 0,
      relative: null,
    });
  });

  it('gives null changes where a period has no efficiency', () => {
    const current = computeCostReport(window([1, 1]));
    const previous = computeCostReport(window([0, 0]));
    const change = compareReports(current, previous);
    expect(change.totals.efficiency).toEqual({
      current: 0.5,
      previous: null,
      absolute: null,
      relative: null,
    });
    expect(change.totals.allocatedHours.relative).toBeNull();
  });

  it('refuses to compare currencies', () => {
    expect(() =>
      compareReports(
        computeCostReport(window([1, 1], 'EUR')),
        computeCostReport(window([1, 1])),
      ),
    ).toThrow(RangeError);
  });

  it('computes single changes and the previous period', () => {
    // 150 against 100: +50, +0.5
    expect(costChange(150, 100)).toEqual({
      current: 150,
      previous: 100,
      absolute: 50,
      relative: 0.5,
    });
    expect(previousPeriod({ startMs: 3000, endMs: 5000 })).toEqual({
      startMs: 1000,
      endMs: 3000,
    });
  });
});
