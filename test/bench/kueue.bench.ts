import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { named, VARIANTS } from '../support/goldenPaths';
import {
  KUEUE_CLUSTER,
  makeProjectReady,
  startKueuePortal,
} from '../support/kueuePortal';
import {
  runTask,
  signedInCaller,
  until,
  waitForTemplates,
} from '../support/portalCalls';
import { median, Row } from './stats';

/** A team whose training namespace the sandbox's world leaves empty (ml-research's runs the world's own jobs). */
const TEAM = 'ml-platform';
const PERSONA = 'sam';
const NAMESPACE = `${TEAM}-training`;

/**
 * The product's figure for Kueue (not the sandbox loop's own latency): from the
 * portal's create (the golden path's task) to the Workload's Admitted condition,
 * on an empty cohort, through the real backend attached to a sandbox whose
 * ml-sandbox-use1 queues training with Kueue. Each run: the task (held job,
 * ClusterQueue, LocalQueue), the fake CI's image push and ACK's association
 * sync, the portal's start, Kueue's admission; the job is deleted afterwards so
 * the next run finds the cohort empty again. Medians of the runs.
 */
export async function benchKueueAdmission(options: {
  runs: number;
}): Promise<Row[]> {
  const portal = await startKueuePortal({ port: 7312 });
  try {
    const call = await signedInCaller(portal.backend, [[PERSONA, TEAM]]);
    await waitForTemplates(call, PERSONA, ['gpu-training-spot']);
    const custom = portal
      .kubeConfig(KUEUE_CLUSTER)
      .makeApiClient(CustomObjectsApi);
    const admitted = async (job: string) => {
      const list = (await custom.listNamespacedCustomObject({
        group: 'kueue.x-k8s.io',
        version: 'v1beta2',
        namespace: NAMESPACE,
        plural: 'workloads',
      })) as { items: any[] };
      const w = list.items.find(x =>
        (x.metadata.ownerReferences ?? []).some((o: any) => o.name === job),
      );
      return (w?.status?.conditions ?? []).some(
        (c: any) => c.type === 'Admitted' && c.status === 'True',
      );
    };
    const phases: Record<string, number[]> = {
      task: [],
      ready: [],
      start: [],
      admission: [],
      total: [],
    };
    for (let i = 0; i < options.runs; i++) {
      const name = `bench-q-${i}-${Date.now().toString(36)}`;
      const t0 = performance.now();
      const task = await runTask(call, PERSONA, 'gpu-training-spot', {
        ...named(VARIANTS[0], name),
        owner: `group:default/${TEAM}`,
        cluster: KUEUE_CLUSTER,
      });
      if (task.status !== 'completed') {
        throw new Error(
          `task ${task.status}: ${JSON.stringify(
            task.events
              .filter(
                e =>
                  e.body.status === 'failed' ||
                  /rror/.test(e.body.message ?? ''),
              )
              .slice(-3),
          )}`,
        );
      }
      const t1 = performance.now();
      await makeProjectReady(portal, {
        team: TEAM,
        name,
        namespace: NAMESPACE,
      });
      const t2 = performance.now();
      const started = await call(
        PERSONA,
        'POST',
        `/api/aiml/projects/default/${name}/resume`,
      );
      if (started.status !== 200) throw new Error(`resume ${started.status}`);
      const t3 = performance.now();
      await until(`${name} admitted`, () => admitted(name));
      const t4 = performance.now();
      phases.task.push(t1 - t0);
      phases.ready.push(t2 - t1);
      phases.start.push(t3 - t2);
      phases.admission.push(t4 - t3);
      phases.total.push(t4 - t0);
      await custom.deleteNamespacedCustomObject({
        group: 'ray.io',
        version: 'v1',
        namespace: NAMESPACE,
        plural: 'rayjobs',
        name,
      });
      // The sandbox runs no garbage collector: the job's pods go with it here, so the
      // next run's quota check and the cohort start empty.
      const core = portal.kubeConfig(KUEUE_CLUSTER).makeApiClient(CoreV1Api);
      const pods = await core.listNamespacedPod({
        namespace: NAMESPACE,
        labelSelector: `backstage.io/kubernetes-id=${name}`,
      });
      for (const pod of pods.items) {
        await core.deleteNamespacedPod({
          namespace: NAMESPACE,
          name: pod.metadata!.name!,
        });
      }
      await until(
        `${name}'s Workload gone`,
        async () => !(await admitted(name)),
      );
    }
    const rows: Row[] = [
      [
        'task',
        "golden-path task (the portal's create): held RayJob, ClusterQueue, LocalQueue",
      ],
      [
        'ready',
        "fake CI's image push and ACK's association sync (the sandbox's)",
      ],
      ['start', 'POST /resume: the job submitted to its LocalQueue'],
      [
        'admission',
        "until the Workload's Admitted condition (polled every 500 ms)",
      ],
      ['total', 'create to admission, empty cohort'],
    ].map(([phase, what]) => ({
      phase,
      what,
      'median ms': Math.round(median(phases[phase])),
      runs: options.runs,
    }));
    console.table(rows);
    return rows;
  } finally {
    await portal.stop();
  }
}

if (require.main === module) {
  benchKueueAdmission({ runs: Number(process.argv[2] ?? 5) }).catch(error => {
    console.error(error);
    process.exit(1);
  });
}
