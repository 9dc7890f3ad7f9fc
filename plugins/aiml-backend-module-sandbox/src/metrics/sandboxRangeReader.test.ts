import { NotFoundError } from '@backstage/errors';
import { SandboxMetrics } from '@eks-aiml/sandbox';
import { SandboxRangeReader } from './sandboxRangeReader';

const HOUR = 3_600_000;
const WEEK_START = Date.parse('2026-06-01T00:00:00Z');
const window = {
  startMs: WEEK_START,
  endMs: WEEK_START + 48 * HOUR,
  stepSeconds: 3600,
};

// The reader alone; its series joined by the backend are tested in aiml-backend.
describe('SandboxRangeReader', () => {
  const at = (nowMs: number) =>
    new SandboxRangeReader(new SandboxMetrics(), { nowMs: () => nowMs });

  it('answers one value per step, none at or after the clock', async () => {
    const series = await at(WEEK_START + 36 * HOUR).range(
      'ml-sandbox-use1',
      { metric: 'kube_node_status_capacity' },
      window,
    );
    expect(series.length).toBeGreaterThan(0);
    for (const s of series) {
      expect(s.values).toHaveLength(48);
      expect(Number.isNaN(s.values[35])).toBe(false);
      expect(Number.isNaN(s.values[36])).toBe(true);
    }
  });

  it('combines series as the query asks', async () => {
    const reader = at(WEEK_START + 48 * HOUR);
    const query = {
      metric: 'neuroncore_utilization_ratio',
      aggregate: {
        op: 'sum' as const,
        by: ['node', 'instance_id'],
        clamp: [0, 1] as [number, number],
      },
    };
    const perNode = await reader.range('ml-sandbox-usw2', query, window);
    const cores = await reader.range(
      'ml-sandbox-usw2',
      { metric: query.metric },
      window,
    );
    expect(perNode.length).toBeGreaterThan(0);
    expect(perNode.length).toBeLessThan(cores.length);
  });

  it('refuses a cluster the sandbox does not have', async () => {
    await expect(
      at(Date.now()).range(
        'ml-prod-use1',
        { metric: 'kube_node_info' },
        window,
      ),
    ).rejects.toThrow(NotFoundError);
  });
});
