import {
  computeCostReport,
  CostModelInput,
  CostReport,
  createPriceBook,
  PriceBookOptions,
} from '@eks-aiml/plugin-aiml-common';

/**
 * One cost-model run as plain data: what a worker thread can receive (structured
 * clone keeps typed arrays; a price book's functions cannot cross, so its options do).
 */
export type CostJob = Omit<CostModelInput, 'priceBook'> & {
  prices: PriceBookOptions;
};

/** Runs a job: the same on the event loop and in a worker. */
export function runCostJob(job: CostJob): CostReport {
  const { prices, ...input } = job;
  return computeCostReport({ ...input, priceBook: createPriceBook(prices) });
}

/**
 * Where cost-model runs happen: on the event loop between I/O (`workers: 0`), or in a
 * pool of worker threads.
 */
export interface CostComputer {
  compute(job: CostJob): Promise<CostReport>;
  /** Ends the workers (backend shutdown). */
  close(): Promise<void>;
}
