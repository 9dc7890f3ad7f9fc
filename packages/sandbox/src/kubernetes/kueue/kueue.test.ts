import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  SchedulingV1Api,
  V1Job,
} from '@kubernetes/client-node';
import { officialCrdErrors } from '../crds/crdValidation';
import { kindSchema } from '../openapi/kindSchemas';
import { unknownFields } from '../openapi/unknownFields';
import { resourceRegistry } from '../resources';
import { startTestCluster, TestCluster } from '../__testUtils__/testCluster';
import { workloadName } from './workloadFor';

/*
 * The sandbox's Kueue through the real client: two teams' ClusterQueues in one
 * cohort, jobs labelled with their LocalQueue and created suspended, as the
 * golden paths submit them.
 */

const KUEUE = { group: 'kueue.x-k8s.io', version: 'v1beta2' };
const GPU = 'nvidia.com/gpu';
const FLAVOR = 'a10g-on-demand';
const FLAVOR_LABELS = {
  'node.kubernetes.io/instance-type': 'g5.12xlarge',
  'karpenter.sh/capacity-type': 'on-demand',
};

function clusterQueue(
  name: string,
  gpus: number,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: `${KUEUE.group}/${KUEUE.version}`,
    kind: 'ClusterQueue',
    metadata: { name },
    spec: {
      namespaceSelector: {},
      resourceGroups: [
        {
          coveredResources: ['cpu', 'memory', GPU],
          flavors: [
            {
              name: FLAVOR,
              resources: [
                { name: 'cpu', nominalQuota: 96 },
                { name: 'memory', nominalQuota: '768Gi' },
                { name: GPU, nominalQuota: gpus },
              ],
            },
          ],
        },
      ],
      ...extra,
    },
  };
}

function gpuJob(
  name: string,
  queue: string,
  gpusPerPod: number,
  parallelism = 1,
): V1Job {
  return {
    metadata: { name, labels: { 'kueue.x-k8s.io/queue-name': queue } },
    spec: {
      suspend: true,
      parallelism,
      completions: parallelism,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'train',
              image: 'public.ecr.aws/docker/library/python:3.11',
              resources: {
                requests: {
                  cpu: '4',
                  memory: '16Gi',
                  [GPU]: String(gpusPerPod),
                },
                limits: { [GPU]: String(gpusPerPod) },
              },
            },
          ],
        },
      },
    },
  };
}

describe("the sandbox's Kueue", () => {
  let cluster: TestCluster;
  let custom: CustomObjectsApi;
  let batch: BatchV1Api;
  let core: CoreV1Api;

  const create = (body: any) =>
    body.metadata.namespace
      ? custom.createNamespacedCustomObject({
          ...KUEUE,
          namespace: body.metadata.namespace,
          plural: `${body.kind.toLowerCase()}s`,
          body,
        })
      : custom.createClusterCustomObject({
          ...KUEUE,
          plural: `${body.kind.toLowerCase()}s`,
          body,
        });
  const clusterQueueStatus = async (name: string) =>
    (
      (await custom.getClusterCustomObject({
        ...KUEUE,
        plural: 'clusterqueues',
        name,
      })) as any
    ).status;
  const workloadOf = async (namespace: string, job: string) => {
    const j = await batch.readNamespacedJob({ name: job, namespace });
    return (await custom.getNamespacedCustomObject({
      ...KUEUE,
      namespace,
      plural: 'workloads',
      name: workloadName(
        { group: 'batch', kind: 'Job' },
        job,
        j.metadata!.uid!,
      ),
    })) as any;
  };
  const condition = (wl: any, type: string) =>
    wl.status?.conditions?.find((c: any) => c.type === type);
  const podsOf = async (namespace: string, job: string) =>
    (await core.listNamespacedPod({ namespace })).items.filter(p =>
      p.metadata?.ownerReferences?.some(r => r.name === job),
    );
  const listKueue = async (plural: string) =>
    ((await custom.listClusterCustomObject({ ...KUEUE, plural })) as any)
      .items as any[];
  /** What the official CRD refuses in an object as read back: its schema, CEL rules and unknown fields. */
  const crdProblems = (obj: any) => {
    const def = resourceRegistry.byKind(obj.apiVersion, obj.kind)!;
    return [
      ...officialCrdErrors(def, JSON.parse(JSON.stringify(obj)), undefined)!,
      ...unknownFields(kindSchema(def), obj),
    ];
  };
  const expectAllValid = async () => {
    const written = [
      ...(await listKueue('workloads')),
      ...(await listKueue('clusterqueues')),
      ...(await listKueue('localqueues')),
    ];
    expect(written.length).toBeGreaterThan(0);
    for (const obj of written) expect(crdProblems(obj)).toEqual([]);
  };
  const setQueue = async (team: string, gpus: number, extra = {}) => {
    await create(clusterQueue(team, gpus, extra));
    await create({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'LocalQueue',
      metadata: { name: team, namespace: team },
      spec: { clusterQueue: team },
    });
  };
  const submit = async (namespace: string, job: V1Job) => {
    // Kueue orders by creation time (seconds): one submission per second.
    cluster.clock.advance(1000);
    return batch.createNamespacedJob({ namespace, body: job });
  };

  beforeEach(async () => {
    cluster = await startTestCluster(['team-a', 'team-b']);
    custom = cluster.kubeConfig().makeApiClient(CustomObjectsApi);
    batch = cluster.kubeConfig().makeApiClient(BatchV1Api);
    core = cluster.kubeConfig().makeApiClient(CoreV1Api);
    await create({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ResourceFlavor',
      metadata: { name: FLAVOR },
      spec: { nodeLabels: FLAVOR_LABELS },
    });
  });
  afterEach(() => cluster.close());

  describe('two teams in one cohort', () => {
    beforeEach(async () => {
      const preemption = {
        reclaimWithinCohort: 'Any',
        withinClusterQueue: 'LowerPriority',
      };
      for (const team of ['team-a', 'team-b']) {
        await create(clusterQueue(team, 4, { cohortName: 'ml', preemption }));
        await create({
          apiVersion: 'kueue.x-k8s.io/v1beta2',
          kind: 'LocalQueue',
          metadata: { name: team, namespace: team },
          spec: { clusterQueue: team },
        });
      }
    });

    it("lets the busy team borrow the idle team's GPUs, reclaims them by preemption when the idle team submits, and readmits the borrower when they are free", async () => {
      // team-a: 2 pods × 3 GPUs = 6, over its nominal 4: borrows 2 of team-b's.
      await submit('team-a', gpuJob('pretrain', 'team-a', 3, 2));
      let job = await batch.readNamespacedJob({
        name: 'pretrain',
        namespace: 'team-a',
      });
      expect(job.spec?.suspend).toBe(false);
      expect(job.spec?.template.spec?.nodeSelector).toEqual(FLAVOR_LABELS);
      let wl = await workloadOf('team-a', 'pretrain');
      expect(wl.metadata.name).toMatch(/^job-pretrain-[0-9a-f]{5}$/);
      expect(wl.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'Job',
          name: 'pretrain',
          uid: job.metadata!.uid,
          controller: true,
        }),
      ]);
      expect(wl.spec.queueName).toBe('team-a');
      expect(wl.spec.podSets).toEqual([
        expect.objectContaining({ name: 'main', count: 2 }),
      ]);
      expect(wl.status.admission).toEqual({
        clusterQueue: 'team-a',
        podSetAssignments: [
          {
            name: 'main',
            count: 2,
            flavors: { cpu: FLAVOR, memory: FLAVOR, [GPU]: FLAVOR },
            resourceUsage: { cpu: '8', memory: '32Gi', [GPU]: '6' },
          },
        ],
      });
      expect(condition(wl, 'QuotaReserved')).toMatchObject({
        status: 'True',
        reason: 'QuotaReserved',
        message: 'Quota reserved in ClusterQueue team-a',
      });
      expect(condition(wl, 'Admitted')).toMatchObject({
        status: 'True',
        reason: 'Admitted',
      });
      expect(
        (await clusterQueueStatus('team-a')).flavorsReservation[0].resources,
      ).toContainEqual({ name: GPU, total: '6', borrowed: '2' });
      expect(await podsOf('team-a', 'pretrain')).toHaveLength(2);

      // team-b wants its nominal 4 back: only 2 are free, so team-a's borrower is preempted.
      await submit('team-b', gpuJob('finetune', 'team-b', 4));
      job = await batch.readNamespacedJob({
        name: 'pretrain',
        namespace: 'team-a',
      });
      expect(job.spec?.suspend).toBe(true);
      expect(job.spec?.template.spec?.nodeSelector).toBeUndefined();
      expect(await podsOf('team-a', 'pretrain')).toHaveLength(0);
      wl = await workloadOf('team-a', 'pretrain');
      const preemptor = await workloadOf('team-b', 'finetune');
      const message = `Preempted to accommodate a workload (UID: ${preemptor.metadata.uid}, JobUID: ${preemptor.metadata.labels['kueue.x-k8s.io/job-uid']}) due to reclamation within the cohort; preemptor path: /ml/team-b; preemptee path: /ml/team-a`;
      expect(condition(wl, 'Evicted')).toMatchObject({
        status: 'True',
        reason: 'Preempted',
        message,
      });
      expect(condition(wl, 'Preempted')).toMatchObject({
        status: 'True',
        reason: 'InCohortReclamation',
        message,
      });
      expect(condition(wl, 'Requeued')).toMatchObject({
        status: 'True',
        reason: 'Preempted',
      });
      expect(condition(wl, 'QuotaReserved')).toMatchObject({
        status: 'False',
        reason: 'Pending',
      });
      expect(condition(wl, 'Admitted')).toMatchObject({
        status: 'False',
        reason: 'NoReservation',
      });
      expect(wl.status.admission).toBeUndefined();
      expect(wl.status.schedulingStats.evictions).toEqual([
        { reason: 'Preempted', underlyingCause: '', count: 1 },
      ]);
      expect(condition(preemptor, 'Admitted')?.status).toBe('True');
      expect(await podsOf('team-b', 'finetune')).toHaveLength(1);
      // Requeued behind nothing: 6 GPUs do not fit beside team-b's 4 (8 in the cohort).
      expect(
        (await workloadOf('team-a', 'pretrain')).status.conditions.find(
          (c: any) => c.type === 'QuotaReserved',
        ).message,
      ).toBe(
        `couldn't assign flavors to pod set main: insufficient unused quota for ${GPU} in flavor ${FLAVOR}, 2 more needed`,
      );
      expect(await clusterQueueStatus('team-a')).toMatchObject({
        pendingWorkloads: 1,
        reservingWorkloads: 0,
        admittedWorkloads: 0,
      });

      // team-b's job finishes: its Workload releases the quota and team-a runs again.
      const done = await batch.readNamespacedJob({
        name: 'finetune',
        namespace: 'team-b',
      });
      done.status = {
        conditions: [
          {
            type: 'Complete',
            status: 'True',
            message: 'Reached expected number of succeeded pods',
          },
        ],
      };
      await batch.replaceNamespacedJobStatus({
        name: 'finetune',
        namespace: 'team-b',
        body: done,
      });
      expect(
        condition(await workloadOf('team-b', 'finetune'), 'Finished'),
      ).toMatchObject({ status: 'True', reason: 'Succeeded' });
      wl = await workloadOf('team-a', 'pretrain');
      expect(condition(wl, 'Admitted')?.status).toBe('True');
      expect(condition(wl, 'Evicted')).toMatchObject({
        status: 'False',
        reason: 'QuotaReserved',
        message: `Previously: ${message}`,
      });
      expect(
        (
          await batch.readNamespacedJob({
            name: 'pretrain',
            namespace: 'team-a',
          })
        ).spec?.suspend,
      ).toBe(false);
      expect(await podsOf('team-a', 'pretrain')).toHaveLength(2);
      await expectAllValid();
    });
  });

  it('starts a multi-pod RayJob whole or not at all: no pod until every pod set fits, then all of them', async () => {
    await setQueue('team-a', 4);
    const worker = (gpus: number) => ({
      spec: {
        containers: [
          {
            name: 'ray-worker',
            image: 'rayproject/ray:2.40.0',
            resources: {
              requests: { cpu: '4', memory: '16Gi', [GPU]: String(gpus) },
              limits: { [GPU]: String(gpus) },
            },
          },
        ],
      },
    });
    cluster.clock.advance(1000);
    await custom.createNamespacedCustomObject({
      group: 'ray.io',
      version: 'v1',
      namespace: 'team-a',
      plural: 'rayjobs',
      body: {
        apiVersion: 'ray.io/v1',
        kind: 'RayJob',
        metadata: {
          name: 'sweep',
          labels: { 'kueue.x-k8s.io/queue-name': 'team-a' },
        },
        spec: {
          suspend: true,
          entrypoint: 'python train.py',
          submissionMode: 'K8sJobMode',
          rayClusterSpec: {
            headGroupSpec: {
              rayStartParams: {},
              template: {
                spec: {
                  containers: [
                    {
                      name: 'ray-head',
                      image: 'rayproject/ray:2.40.0',
                      resources: { requests: { cpu: '2', memory: '8Gi' } },
                    },
                  ],
                },
              },
            },
            workerGroupSpecs: [
              {
                groupName: 'GPU-Workers',
                replicas: 5,
                minReplicas: 5,
                maxReplicas: 5,
                rayStartParams: {},
                template: worker(1),
              },
            ],
          },
        },
      },
    });
    const rayJob = async () =>
      (await custom.getNamespacedCustomObject({
        group: 'ray.io',
        version: 'v1',
        namespace: 'team-a',
        plural: 'rayjobs',
        name: 'sweep',
      })) as any;
    const job = await rayJob();
    const wlName = workloadName(
      { group: 'ray.io', kind: 'RayJob' },
      'sweep',
      job.metadata.uid,
    );
    const wl = async () =>
      (await custom.getNamespacedCustomObject({
        ...KUEUE,
        namespace: 'team-a',
        plural: 'workloads',
        name: wlName,
      })) as any;
    // Head, 5 workers of 1 GPU and the submitter: 5 GPUs never fit a quota of 4.
    expect(
      (await wl()).spec.podSets.map((p: any) => [p.name, p.count]),
    ).toEqual([
      ['head', 1],
      ['gpu-workers', 5],
      ['submitter', 1],
    ]);
    expect(job.spec.suspend).toBe(true);
    expect(await podsOf('team-a', 'sweep')).toEqual([]);
    expect(condition(await wl(), 'QuotaReserved')).toMatchObject({
      status: 'False',
      reason: 'Pending',
      message: `couldn't assign flavors to pod set gpu-workers: insufficient quota for ${GPU} in flavor ${FLAVOR}, previously considered podsets requests (0) + current podset request (5) > maximum capacity (4)`,
    });
    expect((await wl()).status.resourceRequests).toContainEqual({
      name: 'gpu-workers',
      resources: { cpu: '20', memory: '80Gi', [GPU]: '5' },
    });

    // The platform raises the team's quota: the whole job starts at once.
    const cq = (await custom.getClusterCustomObject({
      ...KUEUE,
      plural: 'clusterqueues',
      name: 'team-a',
    })) as any;
    cq.spec.resourceGroups[0].flavors[0].resources[2].nominalQuota = 8;
    await custom.replaceClusterCustomObject({
      ...KUEUE,
      plural: 'clusterqueues',
      name: 'team-a',
      body: cq,
    });
    expect(condition(await wl(), 'Admitted')?.status).toBe('True');
    const started = await rayJob();
    expect(started.spec.suspend).toBe(false);
    expect(
      started.spec.rayClusterSpec.workerGroupSpecs[0].template.spec
        .nodeSelector,
    ).toEqual(FLAVOR_LABELS);
    const pods = await podsOf('team-a', 'sweep');
    expect(pods.map(p => p.metadata?.name).sort()).toEqual([
      'sweep-gpu-workers-0',
      'sweep-gpu-workers-1',
      'sweep-gpu-workers-2',
      'sweep-gpu-workers-3',
      'sweep-gpu-workers-4',
      'sweep-head-0',
      'sweep-submitter-0',
    ]);
    await expectAllValid();
  });

  it('keeps StrictFIFO order behind a head that does not fit, and lets BestEffortFIFO admit what fits behind it', async () => {
    await setQueue('team-a', 4, { queueingStrategy: 'StrictFIFO' });
    await setQueue('team-b', 4, { queueingStrategy: 'BestEffortFIFO' });
    for (const team of ['team-a', 'team-b']) {
      await submit(team, gpuJob('first', team, 2));
      await submit(team, gpuJob('big', team, 4));
      await submit(team, gpuJob('small', team, 1));
    }
    const admitted = async (team: string) => {
      const out: string[] = [];
      for (const name of ['first', 'big', 'small']) {
        if (
          condition(await workloadOf(team, name), 'Admitted')?.status === 'True'
        )
          out.push(name);
      }
      return out;
    };
    expect(await admitted('team-a')).toEqual(['first']);
    expect(await admitted('team-b')).toEqual(['first', 'small']);
    // The strict queue's head waits with its reason; nothing behind it was tried.
    expect(
      condition(await workloadOf('team-a', 'big'), 'QuotaReserved'),
    ).toMatchObject({
      status: 'False',
      reason: 'Pending',
      message: `couldn't assign flavors to pod set main: insufficient unused quota for ${GPU} in flavor ${FLAVOR}, 2 more needed`,
    });
    expect(
      condition(await workloadOf('team-a', 'small'), 'QuotaReserved'),
    ).toBeUndefined();
    expect(await clusterQueueStatus('team-a')).toMatchObject({
      pendingWorkloads: 2,
      admittedWorkloads: 1,
    });
    expect(await clusterQueueStatus('team-b')).toMatchObject({
      pendingWorkloads: 1,
      admittedWorkloads: 2,
    });
    const lq = (await custom.getNamespacedCustomObject({
      ...KUEUE,
      namespace: 'team-b',
      plural: 'localqueues',
      name: 'team-b',
    })) as any;
    expect(lq.status.flavorsUsage).toEqual([
      {
        name: FLAVOR,
        resources: [
          { name: 'cpu', total: '8' },
          { name: 'memory', total: '32Gi' },
          { name: GPU, total: '3' },
        ],
      },
    ]);
    await expectAllValid();
  });

  it('preempts a lower-priority Workload of the same ClusterQueue for a higher one, and never the other way', async () => {
    await setQueue('team-a', 4, {
      preemption: { withinClusterQueue: 'LowerPriority' },
    });
    const scheduling = cluster.kubeConfig().makeApiClient(SchedulingV1Api);
    await scheduling.createPriorityClass({
      body: { metadata: { name: 'batch-low' }, value: 100 },
    });
    await scheduling.createPriorityClass({
      body: { metadata: { name: 'urgent' }, value: 10000 },
    });
    const withPriority = (job: V1Job, priorityClassName: string) => {
      job.spec!.template.spec!.priorityClassName = priorityClassName;
      return job;
    };
    await submit(
      'team-a',
      withPriority(gpuJob('sweep', 'team-a', 4), 'batch-low'),
    );
    await submit(
      'team-a',
      withPriority(gpuJob('hotfix', 'team-a', 4), 'urgent'),
    );
    const hotfix = await workloadOf('team-a', 'hotfix');
    expect(hotfix.spec).toMatchObject({
      priority: 10000,
      priorityClassRef: {
        group: 'scheduling.k8s.io',
        kind: 'PriorityClass',
        name: 'urgent',
      },
    });
    expect(condition(hotfix, 'Admitted')?.status).toBe('True');
    const sweep = await workloadOf('team-a', 'sweep');
    expect(condition(sweep, 'Preempted')).toMatchObject({
      status: 'True',
      reason: 'InClusterQueue',
    });
    expect(condition(sweep, 'Preempted').message).toContain(
      'due to prioritization in the ClusterQueue; preemptor path: /team-a; preemptee path: /team-a',
    );
    // A second low-priority job waits: it may not preempt the urgent one.
    await submit(
      'team-a',
      withPriority(gpuJob('sweep-2', 'team-a', 4), 'batch-low'),
    );
    expect(
      condition(await workloadOf('team-a', 'hotfix'), 'Admitted')?.status,
    ).toBe('True');
    expect(
      condition(await workloadOf('team-a', 'sweep-2'), 'Evicted'),
    ).toBeUndefined();
    expect(
      (await batch.readNamespacedJob({ name: 'sweep-2', namespace: 'team-a' }))
        .spec?.suspend,
    ).toBe(true);
    await expectAllValid();
  });

  it('holds the Workload of a job whose LocalQueue does not exist, and starts nothing', async () => {
    await submit('team-a', gpuJob('lost', 'nowhere', 1));
    expect(
      condition(await workloadOf('team-a', 'lost'), 'QuotaReserved'),
    ).toMatchObject({
      status: 'False',
      reason: 'Inadmissible',
      message: "LocalQueue nowhere doesn't exist",
    });
    // Unsuspending it by hand does not start it: Kueue suspends it again.
    const job = await batch.readNamespacedJob({
      name: 'lost',
      namespace: 'team-a',
    });
    job.spec!.suspend = false;
    await batch.replaceNamespacedJob({
      name: 'lost',
      namespace: 'team-a',
      body: job,
    });
    expect(
      (await batch.readNamespacedJob({ name: 'lost', namespace: 'team-a' }))
        .spec?.suspend,
    ).toBe(true);
    expect(await podsOf('team-a', 'lost')).toEqual([]);
    // Deleting the job deletes its Workload, as the garbage collector would.
    await batch.deleteNamespacedJob({ name: 'lost', namespace: 'team-a' });
    expect(await listKueue('workloads')).toEqual([]);
  });
});
