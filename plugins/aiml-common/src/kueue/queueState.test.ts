import type { KueueClusterQueue, KueueWorkload } from './kueueTypes';
import {
  cohortLoans,
  queueResources,
  workloadOfJob,
  workloadQueueStates,
} from './queueState';

const cq = (
  name: string,
  gpu: { nominal: number; total: number; borrowed: number },
  limits: { borrowingLimit?: string; lendingLimit?: string } = {},
): KueueClusterQueue => ({
  metadata: { name },
  spec: {
    cohortName: 'aiml-teams',
    resourceGroups: [
      {
        coveredResources: ['nvidia.com/gpu'],
        flavors: [
          {
            name: 'g5-12xlarge-spot',
            resources: [
              {
                name: 'nvidia.com/gpu',
                nominalQuota: String(gpu.nominal),
                ...limits,
              },
            ],
          },
        ],
      },
    ],
  },
  status: {
    flavorsUsage: [
      {
        name: 'g5-12xlarge-spot',
        resources: [
          {
            name: 'nvidia.com/gpu',
            total: String(gpu.total),
            borrowed: String(gpu.borrowed),
          },
        ],
      },
    ],
  },
});

const wl = (
  name: string,
  options: {
    created: string;
    priority?: number;
    conditions?: KueueWorkload['status'] extends infer S
      ? S extends { conditions?: infer C }
        ? C
        : never
      : never;
    admittedTo?: string;
  },
): KueueWorkload => ({
  metadata: {
    name,
    namespace: 'ml-research-training',
    creationTimestamp: options.created,
    ownerReferences: [{ kind: 'RayJob', name: name.replace(/^rayjob-/, '') }],
  },
  spec: { queueName: 'ml-research', priority: options.priority ?? 0 },
  status: {
    conditions: options.conditions ?? [],
    ...(options.admittedTo
      ? {
          admission: {
            clusterQueue: options.admittedTo,
            podSetAssignments: [
              {
                name: 'workers',
                flavors: {
                  'nvidia.com/gpu': 'g5-12xlarge-spot',
                  cpu: 'aiml-host',
                },
              },
            ],
          },
        }
      : {}),
  },
});

const localQueues = [
  {
    metadata: { name: 'ml-research', namespace: 'ml-research-training' },
    spec: { clusterQueue: 'aiml-ml-research' },
  },
];

describe('workloadQueueStates', () => {
  const pending = {
    type: 'QuotaReserved',
    status: 'False' as const,
    reason: 'Pending',
    message:
      "couldn't assign flavors to pod set workers: insufficient unused quota for nvidia.com/gpu in flavor g5-12xlarge-spot, 4 more needed",
    lastTransitionTime: '2026-11-02T10:00:05Z',
  };

  it('says pending with the reason of QuotaReserved and the position in Kueue order', () => {
    const states = workloadQueueStates({
      workloads: [
        wl('rayjob-late', {
          created: '2026-11-02T10:05:00Z',
          conditions: [pending],
        }),
        wl('rayjob-early', {
          created: '2026-11-02T10:00:00Z',
          conditions: [pending],
        }),
        wl('rayjob-urgent', {
          created: '2026-11-02T10:09:00Z',
          priority: 100,
          conditions: [pending],
        }),
        wl('rayjob-new', { created: '2026-11-02T10:10:00Z' }),
      ],
      localQueues,
      clusterQueues: [
        cq('aiml-ml-research', { nominal: 8, total: 8, borrowed: 0 }),
      ],
    });
    const position = (n: string) =>
      states.get(`ml-research-training/${n}`)!.position;
    expect(
      ['rayjob-urgent', 'rayjob-early', 'rayjob-late', 'rayjob-new'].map(
        position,
      ),
    ).toEqual([1, 2, 3, 4]);
    expect(states.get('ml-research-training/rayjob-early')).toEqual({
      state: 'pending',
      localQueue: 'ml-research',
      clusterQueue: 'aiml-ml-research',
      workload: 'rayjob-early',
      position: 2,
      reason: 'Pending',
      message: pending.message,
      since: '2026-11-02T10:00:05Z',
    });
    expect(states.get('ml-research-training/rayjob-new')).toMatchObject({
      state: 'pending',
      reason: 'Queued',
    });
  });

  it('says borrowing only when the queue borrows a flavor the workload holds', () => {
    const admitted = {
      type: 'Admitted',
      status: 'True' as const,
      reason: 'Admitted',
      message: 'The workload is admitted',
      lastTransitionTime: '2026-11-02T10:00:01Z',
    };
    const workloads = [
      wl('rayjob-a', {
        created: '2026-11-02T10:00:00Z',
        conditions: [admitted],
        admittedTo: 'aiml-ml-research',
      }),
    ];
    const state = (borrowed: number) =>
      workloadQueueStates({
        workloads,
        localQueues,
        clusterQueues: [
          cq('aiml-ml-research', { nominal: 8, total: 8 + borrowed, borrowed }),
        ],
      }).get('ml-research-training/rayjob-a')!;
    expect(state(4)).toMatchObject({
      state: 'borrowing',
      flavors: ['aiml-host', 'g5-12xlarge-spot'],
    });
    expect(state(0).state).toBe('admitted');
    expect(state(0).position).toBeUndefined();
  });

  it('says preempted with the reclaim reason, queued again from its eviction', () => {
    const states = workloadQueueStates({
      workloads: [
        wl('rayjob-old', {
          created: '2026-11-02T09:00:00Z',
          conditions: [pending],
        }),
        wl('rayjob-borrower', {
          created: '2026-11-02T08:00:00Z',
          conditions: [
            pending,
            {
              type: 'Evicted',
              status: 'True',
              reason: 'Preempted',
              lastTransitionTime: '2026-11-02T10:30:00Z',
            },
            {
              type: 'Preempted',
              status: 'True',
              reason: 'InCohortReclamation',
              message:
                'Preempted to accommodate a workload (UID: x) due to reclamation within the cohort',
              lastTransitionTime: '2026-11-02T10:30:00Z',
            },
          ],
        }),
      ],
      localQueues,
      clusterQueues: [],
    });
    expect(states.get('ml-research-training/rayjob-borrower')).toMatchObject({
      state: 'preempted',
      reason: 'InCohortReclamation',
      position: 2,
    });
    expect(states.get('ml-research-training/rayjob-old')!.position).toBe(1);
  });

  it('says finished and inactive from Finished and spec.active', () => {
    const done = wl('rayjob-done', {
      created: '2026-11-02T09:00:00Z',
      conditions: [{ type: 'Finished', status: 'True', reason: 'Succeeded' }],
    });
    const off = {
      ...wl('rayjob-off', { created: '2026-11-02T09:00:00Z' }),
      spec: { queueName: 'ml-research', active: false },
    };
    const states = workloadQueueStates({
      workloads: [done, off],
      localQueues,
      clusterQueues: [],
    });
    expect(states.get('ml-research-training/rayjob-done')).toMatchObject({
      state: 'finished',
      reason: 'Succeeded',
    });
    expect(states.get('ml-research-training/rayjob-off')).toMatchObject({
      state: 'inactive',
      reason: 'Deactivated',
    });
  });

  it('finds the Workload of a job by its owner reference', () => {
    const w = wl('rayjob-train', { created: '2026-11-02T09:00:00Z' });
    const job = {
      kind: 'RayJob',
      metadata: { name: 'train', namespace: 'ml-research-training' },
    };
    expect(workloadOfJob(job, [w])).toBe(w);
    expect(workloadOfJob({ ...job, kind: 'PyTorchJob' }, [w])).toBeUndefined();
    expect(
      workloadOfJob(
        { ...job, metadata: { ...job.metadata, namespace: 'recsys-training' } },
        [w],
      ),
    ).toBeUndefined();
  });
});

describe('the cohort', () => {
  // ml-research borrows 6 above its 8; recsys leaves 8 of 8 unused, ml-platform 4 of 8.
  const queues = [
    cq(
      'aiml-ml-research',
      { nominal: 8, total: 14, borrowed: 6 },
      { borrowingLimit: '8' },
    ),
    cq('aiml-recsys', { nominal: 8, total: 0, borrowed: 0 }),
    cq('aiml-ml-platform', { nominal: 8, total: 4, borrowed: 0 }),
  ];
  const teamOf = (q: string) => q.replace(/^aiml-/, '');

  it('attributes a loan to the lenders in proportion to what each leaves unused', () => {
    expect(cohortLoans(queues, teamOf)).toEqual([
      {
        flavor: 'g5-12xlarge-spot',
        resource: 'nvidia.com/gpu',
        borrower: 'ml-research',
        lender: 'recsys',
        amount: 4,
      },
      {
        flavor: 'g5-12xlarge-spot',
        resource: 'nvidia.com/gpu',
        borrower: 'ml-research',
        lender: 'ml-platform',
        amount: 2,
      },
    ]);
  });

  it("gives each queue's nominal, used, borrowed, lent and available", () => {
    const loans = cohortLoans(queues, teamOf);
    const row = (i: number, team: string) =>
      queueResources(queues[i], { queues, loans, team })[0];
    // research: 0 unused; may borrow 8 - 6 = 2 more; pool 8 + 4 - 6 = 6 -> 2 available.
    expect(row(0, 'ml-research')).toEqual({
      flavor: 'g5-12xlarge-spot',
      resource: 'nvidia.com/gpu',
      nominal: 8,
      borrowingLimit: 8,
      used: 14,
      borrowed: 6,
      lent: 0,
      available: 2,
    });
    // recsys: 8 unused; pool of the others 0 + 4 - 6 < 0 -> nothing to borrow.
    expect(row(1, 'recsys')).toMatchObject({ lent: 4, available: 8 });
    // platform: 4 unused, pool 0 + 8 - 6 = 2 -> 6 available.
    expect(row(2, 'ml-platform')).toMatchObject({ lent: 2, available: 6 });
  });

  it('lends within a lending limit', () => {
    const limited = [
      queues[0],
      cq(
        'aiml-recsys',
        { nominal: 8, total: 0, borrowed: 0 },
        { lendingLimit: '2' },
      ),
      queues[2],
    ];
    expect(cohortLoans(limited, teamOf).map(l => [l.lender, l.amount])).toEqual(
      [
        ['recsys', 2],
        ['ml-platform', 4],
      ],
    );
  });
});
