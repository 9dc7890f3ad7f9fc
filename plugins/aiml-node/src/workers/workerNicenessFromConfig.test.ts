import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_WORKER_NICENESS } from './WorkerPool';
import { workerNicenessFromConfig } from './workerNicenessFromConfig';

const withNiceness = (workerNiceness?: unknown) =>
  mockServices.rootConfig({
    data:
      workerNiceness === undefined
        ? {}
        : { aiml: { usage: { workerNiceness } } },
  });

describe('workerNicenessFromConfig', () => {
  it('defaults to 10 below the event loop, and takes 0 to 19', () => {
    expect(DEFAULT_WORKER_NICENESS).toBe(10);
    expect(workerNicenessFromConfig(withNiceness())).toBe(10);
    expect(workerNicenessFromConfig(withNiceness(0))).toBe(0);
    expect(workerNicenessFromConfig(withNiceness(19))).toBe(19);
  });

  it.each([-1, 2.5, 20])('refuses %p naming the key', workerNiceness => {
    expect(() =>
      workerNicenessFromConfig(withNiceness(workerNiceness)),
    ).toThrow(
      `Invalid configuration at aiml.usage.workerNiceness: must be a whole number from 0 to 19, got ${workerNiceness}`,
    );
  });
});
