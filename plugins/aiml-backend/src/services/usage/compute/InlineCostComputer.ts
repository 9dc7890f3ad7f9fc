import { CostReport } from '@eks-aiml/plugin-aiml-common';
import { CostComputer, CostJob, runCostJob } from './costJob';
import { ComputeQueue } from './computeQueue';

/** Cost-model runs on the event loop, one at a time between I/O (`aiml.usage.workers: 0`). */
export class InlineCostComputer implements CostComputer {
  private readonly queue = new ComputeQueue();

  compute(job: CostJob): Promise<CostReport> {
    return this.queue.run(() => runCostJob(job));
  }

  async close(): Promise<void> {}
}
