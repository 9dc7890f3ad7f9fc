import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  V1Job,
} from '@kubernetes/client-node';
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
    });
  });
});
