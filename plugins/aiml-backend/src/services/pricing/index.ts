export { schedulePriceFetches } from './schedulePriceFetches';
export { PriceStore } from './priceStore';
export type { PriceFetchStatus } from './priceStore';
