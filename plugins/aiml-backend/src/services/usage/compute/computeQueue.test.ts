import { ComputeQueue } from './computeQueue';

/** Keeps the CPU busy, as the cost model does. */
function busyFor(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

describe('ComputeQueue', () => {
  it('lets I/O callbacks run between queued jobs, never inside a run of them', async () => {
    const queue = new ComputeQueue();
    const order: string[] = [];
    const jobs = ['a', 'b', 'c'].map(name =>
      queue.run(() => {
        busyFor(20);
        order.push(name);
        return name;
      }),
    );
    // A callback ready while the jobs wait: it must not wait for all of them.
    setImmediate(() => order.push('io'));
    await expect(Promise.all(jobs)).resolves.toEqual(['a', 'b', 'c']);
    expect(order.indexOf('io')).toBeLessThan(order.indexOf('c'));
    expect(order.filter(x => x !== 'io')).toEqual(['a', 'b', 'c']);
  });

  it('runs one job at a time, in order, and a failing job does not stop the next', async () => {
    const queue = new ComputeQueue();
    let running = 0;
    let most = 0;
    const job = (fail: boolean) => () => {
      running++;
      most = Math.max(most, running);
      busyFor(5);
      running--;
      if (fail) throw new Error('bad window');
      return 'ok';
    };
    const failed = queue.run(job(true));
    const next = queue.run(job(false));
    await expect(failed).rejects.toThrow('bad window');
    await expect(next).resolves.toBe('ok');
    expect(most).toBe(1);
  });
});
