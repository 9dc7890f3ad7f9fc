import {
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from '../accelerators';
import type { PriceBook } from '../pricing';
import type { NodeSeries, UnpricedReason } from './types';

/**
 * How a node's accelerator-hours are priced.
 *
 * @internal
 */
export type NodeRate =
  | {
      priced: true;
      /** Price per accelerator-hour as the price book states it (instance price / catalog units). */
      rate: number;
      /**
       * Units per instance in the catalog, when known. When the node exposes a different
       * number of units (MIG, time-slicing; a MIG layout that leaves slices unused), each
       * exposed unit costs rate·catalogUnits/exposed.
       */
      catalogUnits: number | undefined;
    }
  | { priced: false; reason: UnpricedReason };

/**
 * Resolves the rate of a node: the price book's accelerator-hour price for its instance
 * and capacity type. Unknown instance or capacity type is unpriced, never assumed on-demand.
 *
 * @internal
 */
export function nodeRate(node: NodeSeries, priceBook: PriceBook): NodeRate {
  if (!node.instanceType) {
    return { priced: false, reason: 'unknown-instance-type' };
  }
  if (node.capacityType !== 'on-demand' && node.capacityType !== 'spot') {
    return { priced: false, reason: 'unknown-capacity-type' };
  }
  const rate = priceBook.acceleratorHourly(
    node.instanceType,
    node.capacityType,
  );
  if (rate === undefined || !(rate >= 0 && rate < Infinity)) {
    return { priced: false, reason: 'no-price' };
  }
  const t = findAcceleratorInstanceType(node.instanceType);
  if (t && t.accelerator.resource !== node.resource) {
    // The price book prices another resource on this instance type.
    return { priced: false, reason: 'no-price' };
  }
  const units = t ? acceleratorUnitsPerInstance(t) : undefined;
  return {
    priced: true,
    rate,
    catalogUnits: units && units > 0 ? units : undefined,
  };
}
