import type { AimlTeamQueue } from '../api';
import { queueWaitEstimate } from './waitEstimate';

const queue = (
  row: Partial<AimlTeamQueue['resources'][number]>,
  pendingWorkloads = 0,
): AimlTeamQueue => ({
  cluster: 'ml-sandbox-use1',
  clusterQueue: 'aiml-recsys',
  resources: [
    {
      flavor: 'g5-12xlarge-spot',
      resource: 'nvidia.com/gpu',
      nominal: 8,
      borrowingLimit: 8,
      used: 0,
      borrowed: 0,
      lent: 0,
      available: 16,
      ...row,
    },
  ],
  pendingWorkloads,
  admittedWorkloads: 0,
  localQueues: [],
});

const estimate = (
  q: AimlTeamQueue,
  demand: number,
  flavor = 'g5-12xlarge-spot',
) =>
  queueWaitEstimate({
    queue: q,
    flavor,
    resource: 'nvidia.com/gpu',
    demand,
    unit: 'GPUs',
  });

describe('queueWaitEstimate', () => {
  it('admits at once within the unused nominal quota', () => {
    expect(estimate(queue({ used: 2, available: 14 }), 4)).toEqual({
      verdict: 'now',
      message:
        "Admitted at once: 4 of the team's 6 unused GPUs in g5-12xlarge-spot.",
    });
  });

  it('borrows what the nominal quota lacks when the cohort lends it', () => {
    expect(estimate(queue({ used: 6, available: 10 }), 8)).toMatchObject({
      verdict: 'borrowing',
      message: expect.stringContaining('borrowing 6 GPUs of g5-12xlarge-spot'),
    });
  });

  it('waits behind pending workloads, or for quota, saying how much is short', () => {
    expect(estimate(queue({ used: 8, available: 2 }), 4).message).toBe(
      'Waits in queue aiml-recsys: 0 workloads pending ahead, 2 GPUs of g5-12xlarge-spot available now (2 more needed). It starts when running workloads of the team finish or the cohort has GPUs to lend.',
    );
    expect(estimate(queue({}, 1), 4)).toMatchObject({
      verdict: 'waits',
      message: expect.stringContaining('1 workload pending ahead'),
    });
  });

  it('never admits more than nominal + borrowing limit, nor a flavor the queue lacks', () => {
    expect(estimate(queue({}), 17).verdict).toBe('never');
    expect(estimate(queue({}), 16).verdict).not.toBe('never');
    expect(estimate(queue({}), 1, 'p5-48xlarge-spot')).toMatchObject({
      verdict: 'never',
      message: expect.stringContaining(
        'has no quota for nvidia.com/gpu in flavor p5-48xlarge-spot',
      ),
    });
  });
});
