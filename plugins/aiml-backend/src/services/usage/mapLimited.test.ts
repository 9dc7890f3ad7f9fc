import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimited } from './mapLimited';

describe('mapLimited', () => {
  it('keeps at most the limit in flight and the results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimited(
      [50, 10, 30, 20, 40, 5, 25],
      3,
      async ms => {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(ms);
        inFlight--;
        return ms * 2;
      },
    );
    expect(results).toEqual([100, 20, 60, 40, 80, 10, 50]);
    expect(most).toBe(3);
  });

  it('answers an empty list, and fails as Promise.all does', async () => {
    await expect(mapLimited([], 4, async x => x)).resolves.toEqual([]);
    await expect(
      mapLimited([1, 2], 1, async x => {
        if (x === 2) throw new Error('cluster 2 down');
        return x;
      }),
    ).rejects.toThrow('cluster 2 down');
  });
});
