import { ClusterSummaries, ClusterSummary } from './clusterSummaries';

const clusters = [
  {
    name: 'a',
    region: 'us-east-1',
    access: { strategy: 'token', maxTtlMs: 1 },
  },
  {
    name: 'b',
    region: 'us-west-2',
    access: { strategy: 'token', maxTtlMs: 1 },
  },
] as any[];

function setup(fail = new Set<string>()) {
  let now = 0;
  const summarize = jest.fn(
    async (_registry: any, c: any): Promise<ClusterSummary> => {
      await new Promise(resolve => setTimeout(resolve, 5));
      return {
        name: c.name,
        region: c.region,
        access: { strategy: 'token', maxTtlSeconds: 0 },
        capacity: [],
        ...(fail.has(c.name) ? { error: 'Error: no answer' } : {}),
      };
    },
  );
  const registry = { listClusters: () => clusters } as any;
  const summaries = new ClusterSummaries(registry, {
    summarize,
    now: () => now,
  });
  return { summaries, summarize, advance: (ms: number) => (now += ms) };
}

describe('ClusterSummaries', () => {
  it('reads each cluster once for concurrent requests and for 60 s after', async () => {
    const { summaries, summarize, advance } = setup();
    await Promise.all(Array.from({ length: 20 }, () => summaries.list()));
    expect(summarize).toHaveBeenCalledTimes(2);
    advance(59_999);
    await summaries.list();
    expect(summarize).toHaveBeenCalledTimes(2);
    advance(1);
    const items = await summaries.list();
    expect(items.map(i => i.name)).toEqual(['a', 'b']);
    expect(summarize).toHaveBeenCalledTimes(4);
  });

  it('asks a cluster that did not answer again on the next request', async () => {
    const { summaries, summarize } = setup(new Set(['b']));
    await summaries.list();
    await summaries.list();
    expect(summarize.mock.calls.map(c => c[1].name)).toEqual(['a', 'b', 'b']);
  });
});
