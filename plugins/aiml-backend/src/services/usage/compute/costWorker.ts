import { serveWorker } from '@eks-aiml/plugin-aiml-node';
import { runUsageJob, UsageJob } from './costJob';
import { typedArrayBuffers } from './typedArrayBuffers';

/** Marks the threads this module serves in, so importing it elsewhere does nothing. */
export const COST_WORKER_MARK = 'aiml-usage-worker';

/**
 * This module's own file, the worker's entry: `.ts` in development and tests, the
 * built `.cjs.js` in a production build (where it is this module's output).
 */
export const COST_WORKER_FILE = __filename;

serveWorker(COST_WORKER_MARK, (job: UsageJob) => {
  const result = runUsageJob(job);
  // A cost report is plain data; joined series hold typed arrays worth moving.
  return job.kind === 'assemble'
    ? { result, transfer: [...typedArrayBuffers(result)] }
    : { result };
});
