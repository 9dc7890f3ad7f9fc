import {
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from '../accelerators';
import { PRICE_SOURCES, PriceBook, PriceSegment } from '../pricing';
import { SOURCE_SLOTS } from './figures';
import type { NodeSeries, UnpricedReason } from './types';

/**
 * A node's price at each step of the window.
 *
 * @internal
 */
export interface StepRates {
  /** Price per accelerator-hour (instance price / catalog units), time-weighted over the step. */
  rate: Float64Array;
  /** The price source of the step (index into `PRICE_SOURCES`), or −1 when it mixes sources. */
  source: Int8Array;
  /**
   * For steps that mix sources: per source k, the share of the step at 2k and the share
   * times that part's mean rate at 2k + 1 (these sum to `rate`).
   */
  mixed: Map<number, Float64Array>;
}

/**
 * How a node's accelerator-hours are priced.
 *
 * @internal
 */
export type NodeRate =
  | {
      priced: true;
      rates: StepRates;
      /**
       * Units per instance in the catalog, when known. When the node exposes a different
       * number of units (MIG, time-slicing; a MIG layout that leaves slices unused), each
       * exposed unit costs rate·catalogUnits/exposed.
       */
      catalogUnits: number | undefined;
    }
  | { priced: false; reason: UnpricedReason };

/** The window the steps cover. */
export interface StepWindow {
  startMs: number;
  stepSeconds: number;
  steps: number;
}

/**
 * Spreads price segments over steps: a step inside one segment takes its rate and
 * source; a step a price change falls in takes the time-weighted mean, each source
 * with its share.
 *
 * @internal
 */
export function stepRates(
  segments: ReadonlyArray<PriceSegment>,
  units: number,
  window: StepWindow,
): StepRates {
  const { startMs, steps } = window;
  const stepMs = window.stepSeconds * 1000;
  const out: StepRates = {
    rate: new Float64Array(steps),
    source: new Int8Array(steps).fill(-1),
    mixed: new Map(),
  };
  for (const s of segments) {
    const k = PRICE_SOURCES.indexOf(s.source);
    const rate = s.hourly / units;
    const first = Math.max(0, Math.floor((s.fromMs - startMs) / stepMs));
    const last = Math.min(steps, Math.ceil((s.toMs - startMs) / stepMs));
    for (let i = first; i < last; i++) {
      const from = startMs + i * stepMs;
      const share =
        (Math.min(s.toMs, from + stepMs) - Math.max(s.fromMs, from)) / stepMs;
      if (share >= 1) {
        out.rate[i] = rate;
        out.source[i] = k;
        continue;
      }
      let mix = out.mixed.get(i);
      if (!mix) {
        mix = new Float64Array(SOURCE_SLOTS);
        out.mixed.set(i, mix);
      }
      mix[2 * k] += share;
      mix[2 * k + 1] += share * rate;
      out.rate[i] += share * rate;
    }
  }
  return out;
}

/**
 * Resolves the rates of a node: the price book's prices for its cluster, zone, instance
 * and capacity type over the window, per accelerator unit. Unknown instance or capacity
 * type is unpriced, never assumed on-demand.
 *
 * @internal
 */
export function nodeRate(
  node: NodeSeries,
  priceBook: PriceBook,
  window: StepWindow,
): NodeRate {
  if (!node.instanceType) {
    return { priced: false, reason: 'unknown-instance-type' };
  }
  if (node.capacityType !== 'on-demand' && node.capacityType !== 'spot') {
    return { priced: false, reason: 'unknown-capacity-type' };
  }
  const t = findAcceleratorInstanceType(node.instanceType);
  // The price book prices another resource on this instance type, or no accelerators.
  if (!t || t.accelerator.resource !== node.resource) {
    return { priced: false, reason: 'no-price' };
  }
  const units = acceleratorUnitsPerInstance(t);
  const endMs = window.startMs + window.steps * window.stepSeconds * 1000;
  const segments = priceBook.instancePrices(
    {
      cluster: node.cluster,
      instanceType: node.instanceType,
      capacityType: node.capacityType,
      ...(node.zone ? { zone: node.zone } : {}),
    },
    window.startMs,
    endMs,
  );
  if (
    !segments ||
    !(units > 0) ||
    segments.some(s => !(s.hourly >= 0 && s.hourly < Infinity))
  ) {
    return { priced: false, reason: 'no-price' };
  }
  return {
    priced: true,
    rates: stepRates(segments, units, window),
    catalogUnits: units,
  };
}
