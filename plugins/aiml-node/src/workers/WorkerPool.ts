import { Transferable, Worker } from 'node:worker_threads';

/**
 * What a pool's worker is told (see {@link serveWorker}).
 *
 * @public
 */
export type WorkerRequest<Req> = { id: number; request: Req };
/**
 * What a pool's worker answers.
 *
 * @public
 */
export type WorkerResponse<Res> =
  | { id: number; result: Res }
  | { id: number; error: { name: string; message: string } };

/**
 * How far below the event loop a pool's worker threads run by default (Linux nice
 * value): under load the kernel gives a core to sign-in, health checks and the
 * catalog before it gives one to a usage computation.
 *
 * @public
 */
export const DEFAULT_WORKER_NICENESS = 10;

type Pending<Req, Res> = {
  request: Req;
  transfer: Transferable[];
  resolve(result: Res): void;
  reject(error: Error): void;
};

type Slot<Req, Res> = {
  worker: Worker;
  running?: Pending<Req, Res> & { id: number };
};

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
 * A bounded pool of worker threads running one module's handler (see
 * {@link serveWorker}), so CPU-bound work leaves the backend's event loop free for
 * sign-in, health checks and every other request. Requests wait in order for a free
 * worker; a worker that dies fails its request and is replaced by the next one.
 *
 * @public
 */
export class WorkerPool<Req, Res> {
  private readonly slots: Slot<Req, Res>[] = [];
  private readonly queue: Pending<Req, Res>[] = [];
  private nextId = 1;
  private closed = false;

  /**
   * `file` is the worker module's own file (its `__filename`: `.ts` in development and
   * tests, the built `.cjs.js` in production); `mark` is what that module checks
   * before serving, so importing it on the main thread does nothing; `size` is how
   * many workers at most; `niceness` (Linux, 0–19, {@link DEFAULT_WORKER_NICENESS} by
   * default) how far below the event loop the workers' threads are scheduled.
   */
  constructor(
    private readonly options: {
      file: string;
      mark: string;
      size: number;
      niceness?: number;
    },
  ) {
    const { size, niceness = DEFAULT_WORKER_NICENESS } = options;
    if (!(Number.isInteger(size) && size >= 1)) {
      throw new RangeError(
        `a worker pool needs at least one worker, not ${size}`,
      );
    }
    if (!(Number.isInteger(niceness) && niceness >= 0 && niceness <= 19)) {
      throw new RangeError(
        `a worker pool's niceness is an integer from 0 to 19, not ${niceness}`,
      );
    }
  }

  /** Runs a request; `transfer` moves buffers to the worker instead of copying them. */
  run(request: Req, transfer: Transferable[] = []): Promise<Res> {
    if (this.closed) {
      return Promise.reject(
        new Error(`the ${this.options.mark} pool is closed`),
      );
    }
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.reject(new Error(`the ${this.options.mark} pool is closed`));
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
        (this.slots.length < this.options.size ? this.spawn() : undefined);
      if (!slot) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.running = { ...pending, id };
      slot.worker.ref();
      const message: WorkerRequest<Req> = { id, request: pending.request };
      slot.worker.postMessage(message, pending.transfer);
    }
  }

  private spawn(): Slot<Req, Res> {
    const { file, mark, niceness = DEFAULT_WORKER_NICENESS } = this.options;
    const worker = new Worker(file, {
      workerData: { mark, niceness },
      execArgv: workerExecArgv(file),
    });
    const slot: Slot<Req, Res> = { worker };
    worker.unref();
    worker.on('message', (response: WorkerResponse<Res>) => {
      const running = slot.running;
      if (!running || running.id !== response.id) return;
      slot.running = undefined;
      worker.unref();
      if ('error' in response) {
        const error = new Error(response.error.message);
        error.name = response.error.name;
        running.reject(error);
      } else {
        running.resolve(response.result);
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
      fail(new Error(`a ${mark} worker stopped (exit code ${code})`)),
    );
    this.slots.push(slot);
    return slot;
  }
}
