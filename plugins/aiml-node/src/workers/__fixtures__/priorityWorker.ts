import { getPriority } from 'node:os';
import { serveWorker } from '../serveWorker';

/** The mark of the test pool whose workers answer their own thread's nice value. */
export const PRIORITY_WORKER_MARK = 'aiml-test-priority';

serveWorker<null, number>(PRIORITY_WORKER_MARK, () => ({
  result: getPriority(),
}));
