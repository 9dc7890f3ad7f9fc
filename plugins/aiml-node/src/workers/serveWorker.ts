import {
  isMainThread,
  parentPort,
  Transferable,
  workerData,
} from 'node:worker_threads';
import { WorkerRequest, WorkerResponse } from './WorkerPool';

/**
 * Serves a {@link WorkerPool}'s requests in this thread, if it is one of that pool's
 * workers (its `mark`); does nothing elsewhere, so the worker module can be imported
 * on the main thread for its file name. The handler may name buffers of its result to
 * move back instead of copying them.
 *
 * @public
 */
export function serveWorker<Req, Res>(
  mark: string,
  handle: (request: Req) => { result: Res; transfer?: Transferable[] },
): void {
  if (isMainThread || workerData?.mark !== mark) return;
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
