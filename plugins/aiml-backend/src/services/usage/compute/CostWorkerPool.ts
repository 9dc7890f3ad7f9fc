import { Worker } from 'node:worker_threads';
import { CostReport } from '@eks-aiml/plugin-aiml-common';
import { CostComputer, CostJob } from './costJob';
import {
  COST_WORKER_FILE,
  COST_WORKER_MARK,
  CostWorkerRequest,
  CostWorkerResponse,
} from './costWorker';

type Pending = {
  job: CostJob;
  resolve(report: CostReport): void;
  reject(error: Error): void;
};

type Slot = { worker: Worker; running?: Pending & { id: number } };

/**
 * The arguments a worker starts with: the parent's, plus Backstage's TypeScript
 * transform when the entry is a `.ts` file (jest runs without it on the command line;
 * `backstage-cli package start` passes it, and workers inherit it).
 */
function workerExecArgv(file: string): string[] {
  if (!file.endsWith('.ts')) return process.execArgv;
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  return process.execArgv.some(a => a.includes('nodeTransform'))
    ? process.execArgv
    : [...process.execArgv, '--require', transform];
}

/**
 * Cost-model runs in a bounded pool of worker threads, so the backend's event loop
 * (auth, health, catalog, permissions) stays free while usage computes. Jobs wait
 * in order for a free worker; a worker that dies fails its job and is replaced by
 * the next one.
 */
export class CostWorkerPool implements CostComputer {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly file: string = COST_WORKER_FILE,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) {
      throw new RangeError(
        `a worker pool needs at least one worker, not ${size}`,
      );
    }
  }

  compute(job: CostJob): Promise<CostReport> {
    if (this.closed) {
      return Promise.reject(new Error('the cost worker pool is closed'));
    }
    return new Promise<CostReport>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.reject(new Error('the cost worker pool is closed'));
    }
    await Promise.all(this.slots.splice(0).map(s => s.worker.terminate()));
  }

  /** Workers alive now (for tests and benchmarks). */
  get workers(): number {
    return this.slots.length;
  }

  private dispatch() {
    while (this.queue.length) {
      const slot =
        this.slots.find(s => !s.running) ??
        (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.running = { ...pending, id };
      slot.worker.ref();
      slot.worker.postMessage({ id, job: pending.job } as CostWorkerRequest);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.file, {
      workerData: { mark: COST_WORKER_MARK },
      execArgv: workerExecArgv(this.file),
    });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (response: CostWorkerResponse) => {
      const running = slot.running;
      if (!running || running.id !== response.id) return;
      slot.running = undefined;
      worker.unref();
      if ('error' in response) {
        const error = new Error(response.error.message);
        error.name = response.error.name;
        running.reject(error);
      } else {
        running.resolve(response.report);
      }
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      slot.running?.reject(error);
      slot.running = undefined;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', code =>
      fail(new Error(`a cost worker stopped (exit code ${code})`)),
    );
    this.slots.push(slot);
    return slot;
  }
}
