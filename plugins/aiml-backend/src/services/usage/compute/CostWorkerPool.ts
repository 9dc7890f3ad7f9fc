import { CostReport } from '@eks-aiml/plugin-aiml-common';
import { AcceleratorSeries, WorkerPool } from '@eks-aiml/plugin-aiml-node';
import type { RawAcceleratorMetrics } from '../metrics/rawAcceleratorMetrics';
import { CostComputer, CostJob, UsageJob } from './costJob';
import { COST_WORKER_FILE, COST_WORKER_MARK } from './costWorker';

/**
 * The joins of each cluster's series and the cost model in a bounded pool of worker
 * threads, so the backend's event loop (auth, health, catalog, permissions) stays
 * free while usage computes.
 */
export class CostWorkerPool implements CostComputer {
  private readonly pool: WorkerPool<UsageJob, CostReport | AcceleratorSeries>;

  constructor(
    size: number,
    options: { file?: string; niceness?: number } = {},
  ) {
    this.pool = new WorkerPool({
      file: options.file ?? COST_WORKER_FILE,
      mark: COST_WORKER_MARK,
      size,
      niceness: options.niceness,
    });
  }

  async compute(job: CostJob): Promise<CostReport> {
    return (await this.pool.run({ kind: 'cost', job })) as CostReport;
  }

  async assemble(
    cluster: string,
    steps: number,
    raw: RawAcceleratorMetrics,
  ): Promise<AcceleratorSeries> {
    // Copied, not moved: a source may keep the raw series it answered.
    return (await this.pool.run({
      kind: 'assemble',
      job: { cluster, steps, raw },
    })) as AcceleratorSeries;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** Workers alive now (for tests and benchmarks). */
  get workers(): number {
    return this.pool.workers;
  }
}
