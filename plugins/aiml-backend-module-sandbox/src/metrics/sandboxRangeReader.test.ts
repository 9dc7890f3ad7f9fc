import { NotFoundError } from '@backstage/errors';
import { SandboxMetrics } from '@eks-aiml/sandbox';
import { RangeSeries, WorkerPool } from '@eks-aiml/plugin-aiml-node';
import { SandboxRangeReader } from './sandboxRangeReader';
import {
  SANDBOX_SERIES_MARK,
  SANDBOX_SERIES_WORKER_FILE,
  SandboxSeriesRequest,
} from './sandboxSeriesWorker';

// A worker thread starts with Backstage's TypeScript transform: seconds on a busy machine.
jest.setTimeout(60_000);

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

  it('answers the same series from a worker thread', async () => {
    const workers = new WorkerPool<SandboxSeriesRequest, RangeSeries[]>({
      file: SANDBOX_SERIES_WORKER_FILE,
      mark: SANDBOX_SERIES_MARK,
      size: 1,
    });
    try {
      const nowMs = WEEK_START + 40 * HOUR;
      const clock = { nowMs: () => nowMs };
      const inThread = new SandboxRangeReader(new SandboxMetrics(), clock);
      const inWorker = new SandboxRangeReader(
        new SandboxMetrics(),
        clock,
        workers,
      );
      const query = { metric: 'kube_pod_container_resource_requests' };
      const expected = await inThread.range('ml-sandbox-use1', query, window);
      const got = await inWorker.range('ml-sandbox-use1', query, window);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(expected);
      expect(workers.workers).toBe(1);
      // The cluster check stays here: the same error type, not a worker's copy.
      await expect(
        inWorker.range('ml-prod-use1', query, window),
      ).rejects.toThrow(NotFoundError);
    } finally {
      await workers.close();
    }
  });
});
