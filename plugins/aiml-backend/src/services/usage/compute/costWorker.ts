import { inSharedMemory, serveWorker } from '@eks-aiml/plugin-aiml-node';
import { runUsageJob, UsageJob } from './costJob';

/** Marks the threads this module serves in, so importing it elsewhere does nothing. */
export const COST_WORKER_MARK = 'aiml-usage-worker';

/**
 * This module's own file, the worker's entry: `.ts` in development and tests, the
 * built `.cjs.js` in a production build (where it is this module's output).
 */
export const COST_WORKER_FILE = __filename;

serveWorker(COST_WORKER_MARK, (job: UsageJob) => {
  const result = runUsageJob(job);
  // A cost report is plain data. Joined series go back in shared memory: the main
  // thread keeps them for a while and sends them to a worker for every report.
  return { result: job.kind === 'assemble' ? inSharedMemory(result) : result };
});
