import { serveWorker } from '@eks-aiml/plugin-aiml-node';
import { CostJob, runCostJob } from './costJob';

/** Marks the threads this module serves in, so importing it elsewhere does nothing. */
export const COST_WORKER_MARK = 'aiml-cost-worker';

/**
 * This module's own file, the worker's entry: `.ts` in development and tests, the
 * built `.cjs.js` in a production build (where it is this module's output).
 */
export const COST_WORKER_FILE = __filename;

serveWorker(COST_WORKER_MARK, (job: CostJob) => ({ result: runCostJob(job) }));
