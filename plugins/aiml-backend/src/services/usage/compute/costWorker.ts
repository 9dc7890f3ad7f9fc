import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CostJob, runCostJob } from './costJob';

/** What a cost worker is told: a job and its id. */
export type CostWorkerRequest = { id: number; job: CostJob };
/** What it answers: the report, or the error's name and message. */
export type CostWorkerResponse =
  | { id: number; report: ReturnType<typeof runCostJob> }
  | { id: number; error: { name: string; message: string } };

/** Marks the threads this module serves in, so importing it elsewhere does nothing. */
export const COST_WORKER_MARK = 'aiml-cost-worker';

/**
 * This module's own file, the worker's entry: `.ts` in development and tests, the
 * built `.cjs.js` in a production build (where it is this module's output).
 */
export const COST_WORKER_FILE = __filename;

function serve() {
  parentPort!.on('message', ({ id, job }: CostWorkerRequest) => {
    let response: CostWorkerResponse;
    try {
      response = { id, report: runCostJob(job) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      response = { id, error: { name: e.name, message: e.message } };
    }
    parentPort!.postMessage(response);
  });
}

if (!isMainThread && workerData?.mark === COST_WORKER_MARK) serve();
