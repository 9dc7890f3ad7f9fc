import { RootConfigService } from '@backstage/backend-plugin-api';
import { defaultWorkerCount } from '@eks-aiml/plugin-aiml-node';
import { CostComputer } from './costJob';
import { CostWorkerPool } from './CostWorkerPool';
import { InlineCostComputer } from './InlineCostComputer';

/**
 * `aiml.usage.workers`: how many worker threads run the cost model (default: the
 * cores less one, 1 to 4); 0 runs it on the event loop between I/O.
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
  return value === 0 ? new InlineCostComputer() : new CostWorkerPool(value);
}
