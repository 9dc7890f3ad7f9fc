/**
 * Kueue's job reconciler (`jobframework.ReconcileGenericJob`) for the jobs
 * that name a LocalQueue (`kueue.x-k8s.io/queue-name`): it creates the job's
 * Workload, keeps the job suspended until the Workload is admitted, then
 * starts it with the flavors' node labels (and tolerations) merged into each
 * pod set's template; an evicted Workload's job is suspended again with its
 * templates restored and the Workload requeued; a finished job finishes its
 * Workload, which releases the quota. Workloads whose job is gone are deleted,
 * as the garbage collector would.
 */
import { KubeObject } from '../../types';
import { jsonClone } from '../json';
import { controllerJobUid, JobIntegration } from './jobIntegrations';
import { KueueContext } from './kueueContext';
import { listAt, objectAt } from './kueueApi';
import {
  isAdmitted,
  isEvicted,
  isFinished,
  finish,
  hasQuotaReservation,
  requeueAfterEviction,
  withoutFinalizer,
} from './workloadStatus';
import {
  PriorityClassInfo,
  queueNameOf,
  workloadFor,
  workloadPodSets,
} from './workloadFor';

function priorityClasses(ctx: KueueContext): PriorityClassInfo[] {
  return ctx
    .list(ctx.def('scheduling.k8s.io', 'v1', 'priorityclasses'))
    .map(pc => ({
      name: pc.metadata.name,
      value: typeof pc.value === 'number' ? pc.value : 0,
      globalDefault: pc.globalDefault === true,
    }));
}

/** The pod set templates of a job, paired with the Workload's pod set of the same name. */
function templatesByPodSet(
  integration: JobIntegration,
  job: KubeObject,
): Map<string, Record<string, unknown>> {
  return new Map(integration.podSets(job).map(ps => [ps.name, ps.template]));
}

/** `RunWithPodSetsInfo`: unsuspends the job with each pod set's flavors' node labels and tolerations. */
function startJob(
  ctx: KueueContext,
  integration: JobIntegration,
  job: KubeObject,
  wl: KubeObject,
): KubeObject {
  const next = jsonClone(job);
  const flavors = new Map(
    ctx.list(ctx.kueue('resourceflavors')).map(f => [f.metadata.name, f]),
  );
  const templates = templatesByPodSet(integration, next);
  const admission = objectAt(objectAt(wl, 'status'), 'admission');
  for (const psa of listAt(admission, 'podSetAssignments')) {
    const template = templates.get(String(psa.name));
    if (!template) continue;
    const spec = objectAt(template, 'spec');
    const names = [...new Set(Object.values(objectAt(psa, 'flavors')))];
    for (const name of names) {
      const flavorSpec = objectAt(flavors.get(String(name)), 'spec');
      const nodeLabels = objectAt(flavorSpec, 'nodeLabels');
      if (Object.keys(nodeLabels).length) {
        spec.nodeSelector = {
          ...objectAt(spec, 'nodeSelector'),
          ...nodeLabels,
        };
      }
      const tolerations = listAt(flavorSpec, 'tolerations');
      if (tolerations.length) {
        spec.tolerations = [...listAt(spec, 'tolerations'), ...tolerations];
      }
    }
    template.spec = spec;
  }
  integration.setSuspended(next, false);
  return next;
}

/** `Suspend` and `RestorePodSetsInfo`: node selectors and tolerations back to the Workload's templates. */
function stopJob(
  integration: JobIntegration,
  job: KubeObject,
  wl: KubeObject,
): KubeObject {
  const next = jsonClone(job);
  const templates = templatesByPodSet(integration, next);
  for (const ps of listAt(objectAt(wl, 'spec'), 'podSets')) {
    const template = templates.get(String(ps.name));
    if (!template) continue;
    const original = objectAt(objectAt(ps, 'template'), 'spec');
    const spec = objectAt(template, 'spec');
    for (const key of ['nodeSelector', 'tolerations']) {
      if (original[key] === undefined) delete spec[key];
      else spec[key] = jsonClone(original[key]);
    }
    template.spec = spec;
  }
  integration.setSuspended(next, true);
  return next;
}

function reconcileJob(
  ctx: KueueContext,
  integration: JobIntegration,
  job: KubeObject,
  workloads: KubeObject[],
  classes: () => PriorityClassInfo[],
): boolean {
  const queueName = queueNameOf(job);
  if (!queueName) return false;
  const wl = workloads.find(w => controllerJobUid(w) === job.metadata.uid);
  const outcome = integration.finished(job);
  if (wl && isFinished(wl)) return ctx.update(wl, withoutFinalizer(wl));
  if (outcome) {
    return wl
      ? ctx.update(wl, finish(wl, outcome.success, outcome.message, ctx.now))
      : false;
  }
  if (!wl) {
    // A job that runs without a Workload is stopped first, as Kueue's webhook and reconciler do.
    if (!integration.isSuspended(job)) {
      const stopped = jsonClone(job);
      integration.setSuspended(stopped, true);
      ctx.update(job, stopped);
    }
    ctx.create(workloadFor(integration, job, queueName, classes()));
    return true;
  }
  if (isEvicted(wl)) {
    let changed = false;
    if (!integration.isSuspended(job)) {
      changed = ctx.update(job, stopJob(integration, job, wl));
    }
    if (hasQuotaReservation(wl)) {
      changed = ctx.update(wl, requeueAfterEviction(wl, ctx.now)) || changed;
    }
    return changed;
  }
  if (integration.isSuspended(job)) {
    if (isAdmitted(wl)) {
      return ctx.update(job, startJob(ctx, integration, job, wl));
    }
    if (hasQuotaReservation(wl)) return false;
    // Not yet admitted: the Workload follows the job's queue and pod sets.
    const next = jsonClone(wl);
    const spec = objectAt(next, 'spec');
    spec.queueName = queueName;
    spec.podSets = workloadPodSets(integration.podSets(jsonClone(job)));
    next.spec = spec;
    return ctx.update(wl, next);
  }
  // Running without admission: suspended until Kueue admits it.
  return isAdmitted(wl)
    ? false
    : ctx.update(job, stopJob(integration, job, wl));
}

/** Runs the job reconciler over every managed job; true when it wrote anything. */
export function reconcileJobs(ctx: KueueContext): boolean {
  const wlDef = ctx.kueue('workloads');
  const workloads = ctx.list(wlDef);
  let cached: PriorityClassInfo[] | undefined;
  const classes = () => (cached ??= priorityClasses(ctx));
  let changed = false;
  const jobUids = new Set<string>();
  for (const { integration, job } of ctx.jobs()) {
    jobUids.add(String(job.metadata.uid));
    const inNamespace = workloads.filter(
      w => w.metadata.namespace === job.metadata.namespace,
    );
    changed =
      reconcileJob(ctx, integration, job, inNamespace, classes) || changed;
  }
  for (const wl of workloads) {
    const owner = controllerJobUid(wl);
    if (owner && !jobUids.has(owner)) {
      ctx.remove(wl);
      changed = true;
    }
  }
  return changed;
}
