import type { AcceleratorSeries } from '@eks-aiml/plugin-aiml-node';
import { assembleAcceleratorSeries } from '../metrics/assemble';
import type { RawAcceleratorMetrics } from '../metrics/rawAcceleratorMetrics';
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

/** A cluster's raw series to join into the cost model's nodes and pods. */
export type AssembleJob = {
  cluster: string;
  steps: number;
  raw: RawAcceleratorMetrics;
};

/** What a usage worker is asked to do. */
export type UsageJob =
  | { kind: 'cost'; job: CostJob }
  | { kind: 'assemble'; job: AssembleJob };

/** Runs a usage job: the same on the event loop and in a worker. */
export function runUsageJob(
  usageJob: UsageJob,
): CostReport | AcceleratorSeries {
  if (usageJob.kind === 'cost') return runCostJob(usageJob.job);
  const { cluster, steps, raw } = usageJob.job;
  return assembleAcceleratorSeries(cluster, steps, raw);
}

/**
 * Where the CPU-bound parts of usage run (the joins of each cluster's series and the
 * cost model): on the event loop between I/O (`workers: 0`), or in a pool of worker
 * threads.
 */
export interface CostComputer {
  compute(job: CostJob): Promise<CostReport>;
  /** Joins a cluster's raw series (a SeriesAssembler for the metrics sources). */
  assemble(
    cluster: string,
    steps: number,
    raw: RawAcceleratorMetrics,
  ): Promise<AcceleratorSeries>;
  /** Ends the workers (backend shutdown). */
  close(): Promise<void>;
}
