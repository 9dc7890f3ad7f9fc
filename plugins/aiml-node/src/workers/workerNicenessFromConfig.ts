import { RootConfigService } from '@backstage/backend-plugin-api';
import { DEFAULT_WORKER_NICENESS } from './WorkerPool';

/**
 * `aiml.usage.workerNiceness`: how many nice values below the event loop the worker
 * threads of the usage and sandbox-metrics pools run on Linux (0 to 19, default
 * {@link DEFAULT_WORKER_NICENESS}; 0 schedules them as the event loop). Throws at
 * start-up naming the key of a bad value.
 *
 * @public
 */
export function workerNicenessFromConfig(config: RootConfigService): number {
  const key = 'aiml.usage.workerNiceness';
  const value = config.getOptionalNumber(key) ?? DEFAULT_WORKER_NICENESS;
  if (!(Number.isInteger(value) && value >= 0 && value <= 19)) {
    throw new Error(
      `Invalid configuration at ${key}: must be a whole number from 0 to 19, got ${value}`,
    );
  }
  return value;
}
