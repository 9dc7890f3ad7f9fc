/**
 * The sandbox's Kueue: after every write that can change what Kueue decides
 * (a managed job, a Kueue object, a namespace, a PriorityClass, its manager
 * configuration), the job reconciler and the scheduler run in turns until
 * neither changes anything (admissions free jobs, evictions requeue Workloads,
 * a requeued Workload may be admitted again), then the queues' status and the
 * managed jobs' pods are brought up to date. Deterministic and synchronous: a
 * client's next read sees the outcome.
 */
import { SandboxClock } from '../../clock';
import { ResourceRegistry } from '../resources';
import { ObjectStore } from '../store';
import { integrationOf } from './jobIntegrations';
import { reconcileJobs } from './jobReconciler';
import { syncJobPods } from './jobPods';
import { KueueContext } from './kueueContext';
import { syncQueueStatuses } from './queueStatus';
import { schedule } from './scheduler';

/** A bound on the turns of one sync: every turn admits, evicts or requeues something. */
const MAX_TURNS = 200;

/** Whether a write of this kind can change what Kueue decides. */
export function affectsKueue(def: {
  group: string;
  version: string;
  kind: string;
}): boolean {
  return (
    def.group === 'kueue.x-k8s.io' ||
    integrationOf({
      apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
      kind: def.kind,
    }) !== undefined ||
    (def.group === '' &&
      (def.kind === 'Namespace' || def.kind === 'ConfigMap')) ||
    def.group === 'scheduling.k8s.io'
  );
}

/** Runs Kueue to a fixed point on a cluster's objects. */
export function syncKueue(
  store: ObjectStore,
  registry: ResourceRegistry,
  clock: SandboxClock,
): void {
  const ctx = new KueueContext(store, registry, clock);
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const jobs = reconcileJobs(ctx);
    const scheduled = schedule(ctx);
    if (!jobs && !scheduled) break;
  }
  syncQueueStatuses(ctx);
  syncJobPods(ctx);
}
