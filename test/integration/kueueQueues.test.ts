import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  createTrainingProject,
  emptyNamespaces,
  KUEUE_CLUSTER,
  makeProjectReady,
  startKueuePortal,
} from '../support/kueuePortal';
import {
  PortalCall,
  signedInCaller,
  until,
  waitForTemplates,
} from '../support/portalCalls';
import { SandboxPortal } from '../support/sandboxPortal';

jest.setTimeout(400_000);

/**
 * Issue 25 through the wire: the portal's real backend on a sandbox whose
 * ml-sandbox-use1 queues training with Kueue (the sandbox's admission loop).
 * Two teams with 8 GPUs each of p4d.24xlarge spot in one cohort: ml-research's
 * job of 12 GPUs borrows 4 of idle recsys' quota and runs whole; when recsys
 * submits its own 8, Kueue reclaims them and preempts the borrower; every state
 * the API shows is the Workload's own condition; a job's pods are all there or
 * none.
 */
describe('fair share with Kueue: borrowing, reclaim, whole jobs', () => {
  let portal: SandboxPortal;
  let call: PortalCall;
  const BIG = 'kq-big';
  const SMALL = 'kq-small';
  const RESEARCH_NS = 'ml-research-training';
  const RECSYS_NS = 'recsys-training';

  const custom = () =>
    portal.kubeConfig(KUEUE_CLUSTER).makeApiClient(CustomObjectsApi);
  const workloadOf = async (namespace: string, job: string) => {
    const list = (await custom().listNamespacedCustomObject({
      group: 'kueue.x-k8s.io',
      version: 'v1beta2',
      namespace,
      plural: 'workloads',
    })) as { items: any[] };
    return list.items.find(w =>
      (w.metadata.ownerReferences ?? []).some(
        (o: any) => o.kind === 'RayJob' && o.name === job,
      ),
    );
  };
  const condition = (w: any, type: string) =>
    (w?.status?.conditions ?? []).find((c: any) => c.type === type);
  const queueOf = async (persona: string, project: string) => {
    const res = await call(
      persona,
      'GET',
      `/api/aiml/projects/default/${project}/workloads`,
    );
    expect(res.status).toBe(200);
    return res.json.workloads.find((w: any) => w.kind === 'RayJob').queue;
  };
  /** The job's pods: KubeRay's head, workers and submitter, all or none. */
  const podsOf = async (namespace: string, job: string) =>
    (
      await portal
        .kubeConfig(KUEUE_CLUSTER)
        .makeApiClient(CoreV1Api)
        .listNamespacedPod({ namespace })
    ).items.filter(p =>
      (p.metadata?.ownerReferences ?? []).some(o => o.name === job),
    ).length;

  const create = (
    persona: string,
    team: string,
    name: string,
    workers: number,
  ) => createTrainingProject(call, { persona, team, name, workers });

  async function start(
    persona: string,
    team: string,
    name: string,
    namespace: string,
  ) {
    await makeProjectReady(portal, { team, name, namespace });
    const started = await call(
      persona,
      'POST',
      `/api/aiml/projects/default/${name}/resume`,
    );
    expect(started.status).toBe(200);
    expect(started.json.started).toEqual([
      expect.objectContaining({ kind: 'RayJob', name }),
    ]);
  }

  beforeAll(async () => {
    portal = await startKueuePortal({ port: 7310 });
    await emptyNamespaces(portal, [RESEARCH_NS, RECSYS_NS]);
    call = await signedInCaller(portal.backend, [
      ['maya', 'ml-research'],
      ['omar', 'recsys'],
      ['fatima', 'finops'],
    ]);
    await waitForTemplates(call, 'maya', ['gpu-training-spot']);
    // 3 workers x 4 GPUs = 12: the nominal 8 plus 4 borrowed; recsys' 2 x 4 = its 8.
    await create('maya', 'ml-research', BIG, 3);
    await create('omar', 'recsys', SMALL, 2);
  });

  afterAll(() => portal?.stop());

  it('provisions a ClusterQueue per team in the cohort and a LocalQueue per namespace', async () => {
    const cq = (await custom().getClusterCustomObject({
      group: 'kueue.x-k8s.io',
      version: 'v1beta2',
      plural: 'clusterqueues',
      name: 'aiml-recsys',
    })) as any;
    expect(cq.spec.cohortName).toBe('aiml-teams');
    expect(cq.spec.resourceGroups[1].flavors).toEqual([
      {
        name: 'p4d-24xlarge-spot',
        resources: [
          { name: 'nvidia.com/gpu', nominalQuota: '8', borrowingLimit: '8' },
        ],
      },
    ]);
    const lq = (await custom().getNamespacedCustomObject({
      group: 'kueue.x-k8s.io',
      version: 'v1beta2',
      namespace: RECSYS_NS,
      plural: 'localqueues',
      name: 'recsys',
    })) as any;
    expect(lq.spec.clusterQueue).toBe('aiml-recsys');
  });

  it('holds the job outside Kueue until the portal starts it', async () => {
    expect(await queueOf('maya', BIG)).toMatchObject({
      state: 'held',
      localQueue: 'ml-research',
    });
    expect(await workloadOf(RESEARCH_NS, BIG)).toBeUndefined();
    expect(await podsOf(RESEARCH_NS, BIG)).toBe(0);
  });

  it("the busy team's job borrows the idle team's quota and runs whole", async () => {
    await start('maya', 'ml-research', BIG, RESEARCH_NS);
    await until(
      'the big job admitted',
      async () =>
        condition(await workloadOf(RESEARCH_NS, BIG), 'Admitted')?.status ===
        'True',
    );
    const queue = await queueOf('maya', BIG);
    expect(queue).toMatchObject({
      state: 'borrowing',
      clusterQueue: 'aiml-ml-research',
      flavors: expect.arrayContaining(['p4d-24xlarge-spot']),
    });
    const admitted = condition(await workloadOf(RESEARCH_NS, BIG), 'Admitted');
    expect({ reason: queue.reason, message: queue.message }).toEqual({
      reason: admitted.reason,
      message: admitted.message,
    });
    // Head, 3 workers and the submitter: all of them.
    await until(
      'the big job’s pods',
      async () => (await podsOf(RESEARCH_NS, BIG)) === 5,
    );
    const team = await call(
      'maya',
      'GET',
      '/api/aiml/queues/teams/ml-research',
    );
    expect(team.status).toBe(200);
    const gpus = team.json.queues[0].resources.find(
      (r: any) => r.resource === 'nvidia.com/gpu',
    );
    expect(gpus).toMatchObject({ nominal: 8, used: 12, borrowed: 4, lent: 0 });
    const cohorts = await call('fatima', 'GET', '/api/aiml/queues/cohorts');
    expect(cohorts.status).toBe(200);
    expect(cohorts.json.items[0].loans).toEqual([
      {
        flavor: 'p4d-24xlarge-spot',
        resource: 'nvidia.com/gpu',
        borrower: 'ml-research',
        lender: 'recsys',
        amount: 4,
      },
    ]);
    // Another team's member sees neither the team's queue nor the cohort.
    expect(
      (await call('omar', 'GET', '/api/aiml/queues/teams/ml-research')).status,
    ).toBe(403);
    expect((await call('maya', 'GET', '/api/aiml/queues/cohorts')).status).toBe(
      403,
    );
  });

  it('when the idle team submits, Kueue reclaims its quota and preempts the borrower; the API says so', async () => {
    await start('omar', 'recsys', SMALL, RECSYS_NS);
    await until(
      'the small job admitted',
      async () =>
        condition(await workloadOf(RECSYS_NS, SMALL), 'Admitted')?.status ===
        'True',
    );
    const evicted = await workloadOf(RESEARCH_NS, BIG);
    const preempted = condition(evicted, 'Preempted');
    expect(preempted).toMatchObject({
      status: 'True',
      reason: 'InCohortReclamation',
    });
    const queue = await queueOf('maya', BIG);
    expect(queue).toMatchObject({
      state: 'preempted',
      reason: preempted.reason,
      message: preempted.message,
      position: 1,
    });
    expect(await queueOf('omar', SMALL)).toMatchObject({ state: 'admitted' });
    // Whole or nothing: the preempted job holds no pod, the admitted one all of its 4.
    await until(
      'the preempted job’s pods gone',
      async () => (await podsOf(RESEARCH_NS, BIG)) === 0,
    );
    expect(await podsOf(RECSYS_NS, SMALL)).toBe(4);
    const job = (await custom().getNamespacedCustomObject({
      group: 'ray.io',
      version: 'v1',
      namespace: RESEARCH_NS,
      plural: 'rayjobs',
      name: BIG,
    })) as any;
    expect(job.spec.suspend).toBe(true);
    expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe(
      'ml-research',
    );
  });
});
