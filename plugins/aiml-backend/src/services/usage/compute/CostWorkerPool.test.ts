import { performance } from 'node:perf_hooks';
import { CostJob, runCostJob } from './costJob';
import { assembleAcceleratorSeries } from '../metrics/assemble';
import { CostWorkerPool } from './CostWorkerPool';

jest.setTimeout(60_000);

const T0 = Date.UTC(2026, 6, 1);

/** A 30-day window at 5-minute steps: 40 GPU nodes, 200 pods (a cost-model run of real size). */
function job(seed = 1): CostJob {
  const steps = 30 * 288;
  const series = (f: (i: number) => number) =>
    Float64Array.from({ length: steps }, (_, i) => f(i));
  const nodes = Array.from({ length: 40 }, (_, n) => ({
    cluster: 'c1',
    node: `n${n}`,
    instanceType: n % 2 ? 'p4d.24xlarge' : 'g5.12xlarge',
    capacityType: n % 3 ? ('on-demand' as const) : ('spot' as const),
    resource: 'nvidia.com/gpu' as const,
    acceleratorType: n % 2 ? 'nvidia-a100-40gb' : 'nvidia-a10g',
    capacityUnits: series(() => (n % 2 ? 8 : 4)),
  }));
  const pods = Array.from({ length: 200 }, (_, p) => ({
    cluster: 'c1',
    namespace: p % 2 ? 'ml-research-training' : 'recsys-inference',
    pod: `pod-${p}`,
    project: `project-${p % 7}`,
    node: `n${p % 40}`,
    resource: 'nvidia.com/gpu' as const,
    requested: series(i => ((i + p * seed) % 97 < 80 ? 1 : 0)),
    busy: series(i => ((i * 31 + p) % 100) / 100),
  }));
  return {
    startMs: T0,
    stepSeconds: 300,
    steps,
    nodes,
    pods,
    namespaceOwners: {
      'c1/ml-research-training': 'ml-research',
      'c1/recsys-inference': 'recsys',
    },
    prices: { spotDiscount: 0.55 },
  };
}

describe('CostWorkerPool', () => {
  let pool: CostWorkerPool;
  afterEach(() => pool?.close());

  it('answers exactly what the cost model answers on the event loop', async () => {
    pool = new CostWorkerPool(1);
    const input = job();
    const report = await pool.compute(input);
    expect(report).toEqual(runCostJob(input));
    expect(report.totals.spend).toBeGreaterThan(0);
  });

  it('keeps the event loop free while it computes', async () => {
    pool = new CostWorkerPool(2);
    await pool.compute(job()); // workers started and warm
    const inline = performance.now();
    runCostJob(job(2));
    const inlineMs = performance.now() - inline;

    const jobs = [2, 3, 4, 5].map(job);
    // Ticks of a 5 ms timer while four reports compute: the longest gap between
    // two is what a health check or token verification would wait.
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const reports = await Promise.all(jobs.map(j => pool.compute(j)));
    clearInterval(timer);
    expect(reports).toHaveLength(4);
    // On the event loop, one report alone blocks it for inlineMs.
    expect(longestGap).toBeLessThan(Math.max(inlineMs / 2, 50));
    expect(pool.workers).toBe(2);
  });

  it('fails a job whose input the model refuses, and keeps serving', async () => {
    pool = new CostWorkerPool(1);
    await expect(pool.compute({ ...job(), stepSeconds: -1 })).rejects.toThrow(
      /step/i,
    );
    await expect(pool.compute(job())).resolves.toHaveProperty('totals');
  });

  it('replaces a worker that dies, failing only the job it held', async () => {
    pool = new CostWorkerPool(1);
    await pool.compute(job());
    const first = pool.compute(job());
    // The worker running the first job ends abruptly.
    await (pool as any).pool.slots[0].worker.terminate();
    await expect(first).rejects.toThrow(/worker stopped \(exit code/);
    await expect(pool.compute(job())).resolves.toHaveProperty('totals');
    expect(pool.workers).toBe(1);
  });

  it('refuses work once closed', async () => {
    pool = new CostWorkerPool(1);
    await pool.close();
    await expect(pool.compute(job())).rejects.toThrow(/closed/);
  });
});

describe('CostWorkerPool.assemble', () => {
  it('joins raw series in a worker exactly as in this thread', async () => {
    const pool = new CostWorkerPool(1);
    try {
      const steps = 4;
      const values = (v: number) => new Float64Array(steps).fill(v);
      const raw = {
        nodeCapacity: [
          {
            labels: { node: 'n1', resource: 'nvidia_com_gpu' },
            values: values(8),
          },
        ],
        nodeLabels: [
          {
            labels: {
              node: 'n1',
              label_node_kubernetes_io_instance_type: 'p4d.24xlarge',
              label_karpenter_sh_capacity_type: 'on-demand',
            },
            values: values(1),
          },
        ],
        nodeInfo: [],
        podRequests: [
          {
            labels: {
              namespace: 'ml-research-training',
              pod: 'p1',
              node: 'n1',
              resource: 'nvidia_com_gpu',
            },
            values: values(2),
          },
        ],
        podRunning: [
          {
            labels: { namespace: 'ml-research-training', pod: 'p1' },
            values: values(1),
          },
        ],
        podInfo: [],
        podLabels: [],
        gpuEngineActive: [],
        gpuUtil: [],
        neuronCoreUtilization: [],
      };
      const expected = assembleAcceleratorSeries('c1', steps, raw);
      expect(expected.pods).toHaveLength(1);
      await expect(pool.assemble('c1', steps, raw)).resolves.toEqual(expected);
      // Copied, not moved: the caller's raw series are intact.
      expect(raw.podRequests[0].values).toHaveLength(steps);
    } finally {
      await pool.close();
    }
  });
});
