import { CostReport } from '@eks-aiml/plugin-aiml-common';
import { AcceleratorSeries } from '@eks-aiml/plugin-aiml-node';
import { assembleAcceleratorSeries } from '../metrics/assemble';
import type { RawAcceleratorMetrics } from '../metrics/rawAcceleratorMetrics';
import { CostComputer, CostJob, runCostJob } from './costJob';
import { ComputeQueue } from './computeQueue';

/** The joins and the cost model on the event loop, one at a time between I/O (`aiml.usage.workers: 0`). */
export class InlineCostComputer implements CostComputer {
  private readonly queue = new ComputeQueue();

  compute(job: CostJob): Promise<CostReport> {
    return this.queue.run(() => runCostJob(job));
  }

  assemble(
    cluster: string,
    steps: number,
    raw: RawAcceleratorMetrics,
  ): Promise<AcceleratorSeries> {
    return this.queue.run(() => assembleAcceleratorSeries(cluster, steps, raw));
  }

  async close(): Promise<void> {}
}
