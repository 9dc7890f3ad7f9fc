export { DEFAULT_WORKER_NICENESS, WorkerPool } from './WorkerPool';
export type { WorkerRequest, WorkerResponse } from './WorkerPool';
export { serveWorker } from './serveWorker';
export { defaultWorkerCount } from './defaultWorkerCount';
export { workerNicenessFromConfig } from './workerNicenessFromConfig';
