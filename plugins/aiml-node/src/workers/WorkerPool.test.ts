import { getPriority } from 'node:os';
import { DEFAULT_WORKER_NICENESS, WorkerPool } from './WorkerPool';
import { PRIORITY_WORKER_MARK } from './__fixtures__/priorityWorker';

const file = require.resolve('./__fixtures__/priorityWorker');

describe('WorkerPool', () => {
  const pools: WorkerPool<null, number>[] = [];
  const pool = (niceness?: number) => {
    const p = new WorkerPool<null, number>({
      file,
      mark: PRIORITY_WORKER_MARK,
      size: 1,
      niceness,
    });
    pools.push(p);
    return p;
  };
  afterAll(() => Promise.all(pools.map(p => p.close())));

  // Per-thread nice values are Linux's: elsewhere the pool leaves priorities alone.
  (process.platform === 'linux' ? describe : describe.skip)('on Linux', () => {
    it("runs its workers' threads below the event loop, leaving the main thread's priority alone", async () => {
      const main = getPriority();
      expect(await pool().run(null)).toBe(
        Math.min(19, main + DEFAULT_WORKER_NICENESS),
      );
      expect(await pool(3).run(null)).toBe(Math.min(19, main + 3));
      expect(await pool(0).run(null)).toBe(main);
      expect(getPriority()).toBe(main);
    });
  });

  it('refuses a niceness outside 0–19', () => {
    for (const niceness of [-1, 20, 2.5]) {
      expect(() => pool(niceness)).toThrow(
        `a worker pool's niceness is an integer from 0 to 19, not ${niceness}`,
      );
    }
  });
});
