import { availableParallelism } from 'node:os';

/**
 * Worker threads for one pool by default: the cores less the one the event loop
 * keeps, from 1 to 4 (more buys little for one backend process).
 *
 * @public
 */
export function defaultWorkerCount(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}
