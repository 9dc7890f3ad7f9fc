import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  defaultWorkerCount,
  workerNicenessFromConfig,
} from '@eks-aiml/plugin-aiml-node';
import { CostComputer } from './costJob';
import { CostWorkerPool } from './CostWorkerPool';
import { InlineCostComputer } from './InlineCostComputer';

/**
 * `aiml.usage.workers`: how many worker threads run the cost model (default: the
 * cores less one, 1 to 4); 0 runs it on the event loop between I/O. They run
 * `aiml.usage.workerNiceness` below the event loop.
 */
export function costComputerFromConfig(
  config: RootConfigService,
): CostComputer {
  const key = 'aiml.usage.workers';
  const value = config.getOptionalNumber(key) ?? defaultWorkerCount();
  if (!(Number.isInteger(value) && value >= 0 && value <= 64)) {
    throw new Error(
      `Invalid configuration at ${key}: must be a whole number from 0 to 64, got ${value}`,
    );
  }
  if (value === 0) return new InlineCostComputer();
  return new CostWorkerPool(value, {
    niceness: workerNicenessFromConfig(config),
  });
}
