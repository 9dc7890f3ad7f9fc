import {
  RangeQuery,
  RangeReader,
  RangeSeries,
} from '@eks-aiml/plugin-aiml-node';
import {
  anyOfChunked,
  loadAcceleratorSeries,
  MAX_SELECTOR_CHARS,
} from './loadAcceleratorSeries';

const window = {
  startMs: Date.UTC(2026, 10, 1),
  endMs: Date.UTC(2026, 10, 1, 1),
  stepSeconds: 300,
};
const STEPS = 12;
const ones = () => new Float64Array(STEPS).fill(1);

/** A cluster with `count` GPU pods of long names, and a reader that matches as PromQL does. */
function cluster(count: number) {
  const pods = Array.from(
    { length: count },
    (_, i) => `llama-finetune-worker-group-${String(i).padStart(5, '0')}-x7k2p`,
  );
  const queries: RangeQuery[] = [];
  const reader: RangeReader = {
    async range(_cluster, query) {
      queries.push(query);
      const byPod = (query.matchers ?? []).find(
        m => m.label === 'pod' && m.op === '=~',
      );
      const matches = (pod: string) =>
        !byPod || new RegExp(`^(?:${byPod.value})$`).test(pod);
      const podSeries = (extra: Record<string, string> = {}): RangeSeries[] =>
        pods.filter(matches).map(pod => ({
          labels: { namespace: 'ml-research-training', pod, ...extra },
          values: ones(),
        }));
      switch (query.metric) {
        case 'kube_pod_container_resource_requests':
          return podSeries({ resource: 'nvidia_com_gpu', node: 'n1' });
        case 'kube_pod_status_phase':
          return podSeries({ phase: 'Running' });
        case 'kube_pod_info':
          return podSeries({ node: 'n1' });
        default:
          return [];
      }
    },
  };
  return { pods, queries, reader };
}

describe('anyOfChunked', () => {
  it('matches every value exactly once, escaped, in selectors no longer than the limit', () => {
    const values = [
      'a.b',
      'c|d',
      ...Array.from({ length: 50 }, (_, i) => `pod-${i}`),
    ];
    const chunks = anyOfChunked(values, 100);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(100);
    const matchedBy = (v: string) =>
      chunks.filter(c => new RegExp(`^(?:${c})$`).test(v)).length;
    expect(values.map(matchedBy)).toEqual(values.map(() => 1));
    expect(matchedBy('aXb')).toBe(0);
    expect(anyOfChunked([])).toEqual([]);
  });
});

describe('loadAcceleratorSeries on a cluster with thousands of GPU pods', () => {
  it('reads the pods in selectors of bounded size, and none of them is lost', async () => {
    const { pods, queries, reader } = cluster(3000);
    const series = await loadAcceleratorSeries(reader, 'c1', window);
    const selectors = queries.flatMap(q =>
      (q.matchers ?? []).filter(m => m.op === '=~' && m.label === 'pod'),
    );
    expect(selectors.length).toBeGreaterThan(3);
    for (const s of selectors) {
      expect(s.value.length).toBeLessThanOrEqual(MAX_SELECTOR_CHARS);
    }
    const phaseQueries = queries.filter(
      q => q.metric === 'kube_pod_status_phase',
    );
    // 3,000 names of ~40 characters: every chunk of the phase query, and no more.
    expect(phaseQueries).toHaveLength(
      Math.ceil((pods.length * (pods[0].length + 1)) / MAX_SELECTOR_CHARS),
    );
    expect(new Set(series.pods.map(p => p.pod))).toEqual(new Set(pods));
  });
});
