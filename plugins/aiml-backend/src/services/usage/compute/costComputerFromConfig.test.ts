import { mockServices } from '@backstage/backend-test-utils';
import { defaultWorkerCount } from '@eks-aiml/plugin-aiml-node';
import { costComputerFromConfig } from './costComputerFromConfig';
import { CostWorkerPool } from './CostWorkerPool';
import { InlineCostComputer } from './InlineCostComputer';

const withWorkers = (workers?: unknown) =>
  mockServices.rootConfig({
    data: workers === undefined ? {} : { aiml: { usage: { workers } } },
  });

describe('costComputerFromConfig', () => {
  it('leaves one core to the event loop, from 1 to 4 workers', () => {
    expect([1, 2, 3, 8, 64].map(c => defaultWorkerCount(c))).toEqual([
      1, 1, 2, 4, 4,
    ]);
    expect(costComputerFromConfig(withWorkers())).toBeInstanceOf(
      CostWorkerPool,
    );
  });

  it('runs on the event loop with 0 workers', () => {
    expect(costComputerFromConfig(withWorkers(0))).toBeInstanceOf(
      InlineCostComputer,
    );
  });

  it.each([-1, 1.5, 65])('refuses %p naming the key', workers => {
    expect(() => costComputerFromConfig(withWorkers(workers))).toThrow(
      'Invalid configuration at aiml.usage.workers',
    );
  });
});
