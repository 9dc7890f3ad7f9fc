import { SandboxMetrics } from './generator';
import { toOpenMetrics } from './openMetrics';

const START = Date.UTC(2026, 6, 6);
const HOUR = 3_600_000;
const WEEK = { startMs: START, endMs: START + 168 * HOUR, stepSeconds: 3600 };

describe('the planted Kueue series', () => {
  const metrics = new SandboxMetrics();
  const one = (metric: string, labels: Record<string, string>) => {
    const found = metrics.select(
      'ml-sandbox-use1',
      metric,
      Object.entries(labels).map(([label, value]) => ({
        label,
        op: '=' as const,
        value,
      })),
    );
    expect(found).toHaveLength(1);
    return metrics.sampleRange(found[0], WEEK);
  };

  it('gives ml-research 16 A100s on a nominal 8 for 72 hours', () => {
    const queue = {
      cluster_queue: 'aiml-ml-research',
      flavor: 'p4d-24xlarge-spot',
      resource: 'nvidia.com/gpu',
    };
    const usage = one('kueue_cluster_queue_resource_usage', queue);
    const nominal = one('kueue_cluster_queue_nominal_quota', queue);
    const above = [...usage].reduce(
      (s, u, i) => s + Math.max(0, u - nominal[i]),
      0,
    );
    expect(above).toBe(8 * 72);
  });

  it('counts admissions and their waits in cumulative counters, pending while waiting', () => {
    const cq = { cluster_queue: 'aiml-ml-platform' };
    const count = one('kueue_admission_wait_time_seconds_count', cq);
    const sum = one('kueue_admission_wait_time_seconds_sum', cq);
    expect([count[0], count[167]]).toEqual([7, 9]);
    expect(sum[167] - sum[0]).toBe(4200);
    const pending = one('kueue_pending_workloads', { ...cq, status: 'active' });
    // An hour before the first admission, 10 minutes before the second.
    expect([...pending].reduce((s, v) => s + v, 0)).toBeCloseTo(70 / 60, 12);
  });

  it('exists only in the planted week and only on ml-sandbox-use1', () => {
    const before = { ...WEEK, startMs: START - 7 * 24 * HOUR, endMs: START };
    for (const s of metrics
      .series('ml-sandbox-use1')
      .filter(x => x.name.startsWith('kueue_'))) {
      expect(metrics.sampleRange(s, before).every(Number.isNaN)).toBe(true);
    }
    expect(
      metrics.series('ml-sandbox-usw2').some(s => s.name.startsWith('kueue_')),
    ).toBe(false);
  });

  it('is in the OpenMetrics export with the cluster label and Kueue’s help', () => {
    const text = toOpenMetrics(
      { startMs: START + 6 * HOUR, endMs: START + 6 * HOUR + 60_000 },
      60,
      { metrics, clusters: ['ml-sandbox-use1'] },
    );
    expect(text).toContain(
      'kueue_cluster_queue_resource_usage{cluster="ml-sandbox-use1",cluster_queue="aiml-ml-research",cohort="aiml-sandbox",flavor="p4d-24xlarge-spot",resource="nvidia.com/gpu"} 16 ',
    );
    expect(text).toContain(
      '# HELP kueue_pending_workloads The number of pending',
    );
    expect(text).toContain(
      'kueue_admission_wait_time_seconds_count{cluster="ml-sandbox-use1",cluster_queue="aiml-ml-research"} 4 ',
    );
  });
});
