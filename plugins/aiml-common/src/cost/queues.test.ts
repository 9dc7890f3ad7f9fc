import { createPriceBook } from '../pricing';
import { ClusterKueueMetrics, teamQueueCosts } from './queues';

const T0 = Date.UTC(2026, 6, 6);
// Six one-hour steps.
const window = { startMs: T0, stepSeconds: 3600, steps: 6 };
const priceBook = createPriceBook({
  clusters: [{ name: 'c1', region: 'us-east-1' }],
});
const quota = (cq: string, flavor: string, resource: string) => ({
  cohort: 'aiml',
  cluster_queue: cq,
  flavor,
  resource,
});
const input = (over: Partial<ClusterKueueMetrics>): ClusterKueueMetrics => ({
  cluster: 'c1',
  usage: [],
  nominal: [],
  waitSum: [],
  waitCount: [],
  pending: [],
  flavors: [
    { instanceType: 'p4d.24xlarge', capacityType: 'spot' },
    { instanceType: 'trn1.32xlarge', capacityType: 'on-demand' },
  ],
  ...over,
});

describe('teamQueueCosts', () => {
  it('prices the hours above nominal at the flavor rate, per team', () => {
    const gpu = quota(
      'aiml-ml-research',
      'p4d-24xlarge-spot',
      'nvidia.com/gpu',
    );
    const neuron = quota(
      'aiml-ml-research',
      'trn1-32xlarge-on-demand',
      'aws.amazon.com/neuron',
    );
    const rows = teamQueueCosts({
      window,
      priceBook,
      clusters: [
        input({
          // 12 GPUs for 2 h, 8 (nominal) for 2 h, 16 for 1 h, no sample for 1 h.
          usage: [
            { labels: gpu, values: [12, 12, 8, 8, 16, NaN] },
            // 4 Neuron devices over a nominal of 2 for 1 h: 2 devices = 4 cores.
            { labels: neuron, values: [0, 0, 0, 4, 0, 0] },
            // cpu is no accelerator.
            {
              labels: quota('aiml-ml-research', 'aiml-host', 'cpu'),
              values: [99, 99, 99, 99, 99, 99],
            },
          ],
          nominal: [
            { labels: gpu, values: [8, 8, 8, 8, 8, 8] },
            // The same series scraped twice counts once.
            { labels: gpu, values: [8, 8, 8, 8, 8, 8] },
            { labels: neuron, values: [2, 2, 2, 2, 2, 2] },
          ],
        }),
      ],
    });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      team: 'ml-research',
      cluster: 'c1',
      clusterQueue: 'aiml-ml-research',
      unpricedBorrowedHours: 0,
      admissions: 0,
      meanWaitSeconds: null,
    });
    // 4 × 2 h + 8 × 1 h GPU-hours, 4 NeuronCore-hours.
    expect(row.borrowedHours).toBe(20);
    // p4d spot: 21.957642 × 0.4 / 8 per GPU-hour; trn1 on-demand: 21.5 / 32 per core-hour.
    const gpuRate = (21.957642 * 0.4) / 8;
    const coreRate = 21.5 / 32;
    expect(row.borrowedSpend).toBeCloseTo(16 * gpuRate + 4 * coreRate, 9);
  });

  it('counts admissions and waits from the counters’ increase, and pending hours', () => {
    const cq = { cluster_queue: 'aiml-recsys' };
    const rows = teamQueueCosts({
      window,
      priceBook,
      clusters: [
        input({
          // 2 admissions waiting 600 s in all, then a reset and 1 waiting 60 s.
          waitCount: [{ labels: cq, values: [5, 5, 6, 7, 1, NaN] }],
          waitSum: [{ labels: cq, values: [900, 900, 1200, 1500, 60, NaN] }],
          pending: [
            {
              labels: { ...cq, status: 'active' },
              values: [1, 0.5, 0, 0, 0, 0],
            },
            {
              labels: { ...cq, status: 'inadmissible' },
              values: [0, 0, 0, 0, 2, 0],
            },
          ],
          // Borrowing on a flavor the settings do not name is hours, not spend.
          usage: [
            {
              labels: quota(
                'aiml-recsys',
                'g6-12xlarge-spot',
                'nvidia.com/gpu',
              ),
              values: [3, 0, 0, 0, 0, 0],
            },
          ],
          nominal: [
            {
              labels: quota(
                'aiml-recsys',
                'g6-12xlarge-spot',
                'nvidia.com/gpu',
              ),
              values: [1, 1, 1, 1, 1, 1],
            },
          ],
        }),
      ],
    });
    expect(rows).toEqual([
      {
        team: 'recsys',
        cluster: 'c1',
        clusterQueue: 'aiml-recsys',
        borrowedHours: 2,
        borrowedSpend: 0,
        unpricedBorrowedHours: 2,
        admissions: 3,
        waitSeconds: 660,
        meanWaitSeconds: 220,
        pendingWorkloadHours: 3.5,
      },
    ]);
  });

  it('leaves out queues the product did not name', () => {
    const rows = teamQueueCosts({
      window,
      priceBook,
      clusters: [
        input({
          waitCount: [
            { labels: { cluster_queue: 'platform-batch' }, values: [0, 1] },
          ],
        }),
      ],
    });
    expect(rows).toEqual([]);
  });
});
