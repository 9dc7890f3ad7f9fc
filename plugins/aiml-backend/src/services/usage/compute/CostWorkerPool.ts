import { CostReport } from '@eks-aiml/plugin-aiml-common';
import { WorkerPool } from '@eks-aiml/plugin-aiml-node';
import { CostComputer, CostJob } from './costJob';
import { COST_WORKER_FILE, COST_WORKER_MARK } from './costWorker';

/**
 * Cost-model runs in a bounded pool of worker threads, so the backend's event loop
 * (auth, health, catalog, permissions) stays free while usage computes.
 */
export class CostWorkerPool implements CostComputer {
  private readonly pool: WorkerPool<CostJob, CostReport>;

  constructor(size: number, file: string = COST_WORKER_FILE) {
    this.pool = new WorkerPool({ file, mark: COST_WORKER_MARK, size });
  }

  compute(job: CostJob): Promise<CostReport> {
    return this.pool.run(job);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** Workers alive now (for tests and benchmarks). */
  get workers(): number {
    return this.pool.workers;
  }
}
