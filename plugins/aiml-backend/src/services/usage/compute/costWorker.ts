import { serveWorker } from '@eks-aiml/plugin-aiml-node';
import { runUsageJob, UsageJob } from './costJob';

/** Marks the threads this module serves in, so importing it elsewhere does nothing. */
export const COST_WORKER_MARK = 'aiml-usage-worker';

/**
 * This module's own file, the worker's entry: `.ts` in development and tests, the
 * built `.cjs.js` in a production build (where it is this module's output).
 */
export const COST_WORKER_FILE = __filename;

/** The buffers of every typed array in a result, once each: moved back, not copied. */
function buffersOf(value: unknown, found = new Set<ArrayBuffer>()) {
  if (ArrayBuffer.isView(value)) {
    found.add(value.buffer as ArrayBuffer);
  } else if (Array.isArray(value)) {
    for (const item of value) buffersOf(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) buffersOf(item, found);
  }
  return found;
}

serveWorker(COST_WORKER_MARK, (job: UsageJob) => {
  const result = runUsageJob(job);
  // A cost report is plain data; joined series hold typed arrays worth moving.
  return job.kind === 'assemble'
    ? { result, transfer: [...buffersOf(result)] }
    : { result };
});
