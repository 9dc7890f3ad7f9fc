import { getPriority, setPriority } from 'node:os';
import {
  isMainThread,
  parentPort,
  Transferable,
  workerData,
} from 'node:worker_threads';
import { WorkerRequest, WorkerResponse } from './WorkerPool';

/**
 * Lowers this thread's CPU priority by the pool's niceness (from the nice value it
 * inherited). On Linux each thread has its own nice value, so the backend's event loop
 * is scheduled before the workers whenever both want a core; elsewhere setpriority
 * would renice the whole process, so it is left alone.
 */
function lowerPriority(niceness: number | undefined) {
  if (process.platform !== 'linux' || !niceness) return;
  try {
    setPriority(Math.min(19, getPriority() + niceness));
  } catch {
    // A sandbox may forbid it: the worker then runs at the process's priority.
  }
}

/**
 * Serves a {@link WorkerPool}'s requests in this thread, if it is one of that pool's
 * workers (its `mark`); does nothing elsewhere, so the worker module can be imported
 * on the main thread for its file name. The handler may name buffers of its result to
 * move back instead of copying them. On Linux the thread runs at the pool's niceness.
 *
 * @public
 */
export function serveWorker<Req, Res>(
  mark: string,
  handle: (request: Req) => { result: Res; transfer?: Transferable[] },
): void {
  if (isMainThread || workerData?.mark !== mark) return;
  lowerPriority(workerData.niceness);
  parentPort!.on('message', ({ id, request }: WorkerRequest<Req>) => {
    let response: WorkerResponse<Res>;
    let transfer: Transferable[] = [];
    try {
      const handled = handle(request);
      response = { id, result: handled.result };
      transfer = handled.transfer ?? [];
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      response = { id, error: { name: e.name, message: e.message } };
    }
    parentPort!.postMessage(response, transfer);
  });
}
