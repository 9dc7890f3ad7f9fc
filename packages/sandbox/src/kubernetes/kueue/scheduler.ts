/**
 * Kueue's scheduler (`pkg/scheduler`), run to a fixed point instead of on a
 * timer: each ClusterQueue's pending Workloads are ordered by priority, then
 * creation time (then uid); the heads of all ClusterQueues are tried in one
 * order (those that fit without borrowing first, then by priority and time),
 * each against the quota left by the admissions before it. A head that fits
 * is admitted whole; one that could fit by preempting evicts its targets and
 * waits for their quota; one that does not fit is marked pending with Kueue's
 * message. Under `StrictFIFO` an unadmitted head blocks its ClusterQueue;
 * under `BestEffortFIFO` the next Workload becomes the head.
 */
import { KubeObject } from '../../types';
import { matchesLabelSelector } from '../selectors';
import { assignFlavors, Assignment, podSetRequests } from './flavorAssigner';
import { excludedResourcePrefixes } from './kueueConfig';
import { KueueContext } from './kueueContext';
import { JOB_UID_LABEL, listAt, objectAt } from './kueueApi';
import { AdmittedWorkload, preemptionTargets } from './preemption';
import { ClusterQueueNode, QuotaTree } from './quotaTree';
import {
  admit,
  admittedClusterQueue,
  admittedUsage,
  evictForPreemption,
  hasQuotaReservation,
  isActive,
  isEvicted,
  isFinished,
  markPending,
  priorityOf,
} from './workloadStatus';

const HUMAN_REASONS: Record<string, string> = {
  InClusterQueue: 'prioritization in the ClusterQueue',
  InCohortReclamation: 'reclamation within the cohort',
};

/** Why a ClusterQueue admits nothing (its Active condition), or undefined when it is active. */
export function inactiveReason(
  cq: KubeObject,
  flavors: Map<string, KubeObject>,
): { reason: string; message: string } | undefined {
  const spec = objectAt(cq, 'spec');
  const reasons: string[] = [];
  const messages: string[] = [];
  if ((spec.stopPolicy ?? 'None') !== 'None') {
    reasons.push('Stopped');
    messages.push('is stopped');
  }
  const missing = [
    ...new Set(
      listAt(spec, 'resourceGroups').flatMap(rg =>
        listAt(rg, 'flavors').map(f => String(f.name)),
      ),
    ),
  ].filter(f => !flavors.has(f));
  if (missing.length) {
    reasons.push('FlavorNotFound');
    messages.push(`references missing ResourceFlavor(s): ${missing.join(',')}`);
  }
  if (!reasons.length) return undefined;
  return {
    reason: reasons[0],
    message: `Can't admit new workloads: ${messages.join(', ')}.`,
  };
}

/** A pending Workload, where it queues, and what blocks it before any quota is looked at. */
interface Pending {
  wl: KubeObject;
  cq?: ClusterQueueNode;
  blocked?: { reason: string; message: string };
}

/** Kueue's queue order: higher priority first, then older, then by uid. */
export function queueOrder(a: KubeObject, b: KubeObject): number {
  const p = priorityOf(b) - priorityOf(a);
  if (p !== 0) return p;
  const t = String(a.metadata.creationTimestamp).localeCompare(
    String(b.metadata.creationTimestamp),
  );
  if (t !== 0) return t;
  return String(a.metadata.uid).localeCompare(String(b.metadata.uid));
}

/** The state one scheduling pass works on. */
export interface SchedulingState {
  tree: QuotaTree;
  flavors: Map<string, KubeObject>;
  workloads: KubeObject[];
  admitted: AdmittedWorkload[];
}

/** Reads ClusterQueues, cohorts, flavors and Workloads, with every reservation's usage. */
export function schedulingState(ctx: KueueContext): SchedulingState {
  const flavors = new Map(
    ctx.list(ctx.kueue('resourceflavors')).map(f => [f.metadata.name, f]),
  );
  const tree = new QuotaTree(
    ctx.list(ctx.kueue('clusterqueues')),
    ctx.list(ctx.kueue('cohorts')),
  );
  const workloads = ctx.list(ctx.kueue('workloads'));
  const admitted: AdmittedWorkload[] = [];
  for (const wl of workloads) {
    if (isFinished(wl) || !hasQuotaReservation(wl)) continue;
    const cq = tree.queues.get(admittedClusterQueue(wl) ?? '');
    if (!cq) continue;
    const usage = admittedUsage(wl);
    tree.addUsage(cq, usage);
    admitted.push({ object: wl, cq, usage, priority: priorityOf(wl) });
  }
  return { tree, flavors, workloads, admitted };
}

function classify(
  ctx: KueueContext,
  state: SchedulingState,
  wl: KubeObject,
): Pending {
  const spec = objectAt(wl, 'spec');
  const ns = wl.metadata.namespace!;
  const queueName = String(spec.queueName ?? '');
  const lq = ctx.store.get(ctx.kueue('localqueues'), ns, queueName);
  if (!lq) {
    return {
      wl,
      blocked: {
        reason: 'Inadmissible',
        message: `LocalQueue ${queueName} doesn't exist`,
      },
    };
  }
  const lqSpec = objectAt(lq, 'spec');
  if ((lqSpec.stopPolicy ?? 'None') !== 'None') {
    return {
      wl,
      blocked: {
        reason: 'Inadmissible',
        message: `LocalQueue ${queueName} is inactive`,
      },
    };
  }
  const cqName = String(lqSpec.clusterQueue ?? '');
  const cq = state.tree.queues.get(cqName);
  if (!cq) {
    return {
      wl,
      blocked: {
        reason: 'Inadmissible',
        message: `ClusterQueue ${cqName} doesn't exist`,
      },
    };
  }
  if (inactiveReason(cq.object, state.flavors)) {
    return {
      wl,
      cq,
      blocked: {
        reason: 'Inadmissible',
        message: `ClusterQueue ${cqName} is inactive`,
      },
    };
  }
  const namespace = ctx.store.get(
    ctx.def('', 'v1', 'namespaces'),
    undefined,
    ns,
  );
  if (
    !matchesLabelSelector(
      objectAt(cq.object, 'spec').namespaceSelector,
      namespace?.metadata.labels,
    )
  ) {
    return {
      wl,
      cq,
      blocked: {
        reason: 'Pending',
        message: "workload namespace doesn't match ClusterQueue selector",
      },
    };
  }
  return { wl, cq };
}

function cqPath(cq: ClusterQueueNode): string {
  return cq.cohort ? `/${cq.cohort}/${cq.name}` : `/${cq.name}`;
}

/** Writes a Workload's pending status; true when it changed. */
function setPending(
  ctx: KueueContext,
  wl: KubeObject,
  reason: string,
  message: string,
  excluded: string[],
): boolean {
  const requests = listAt(objectAt(wl, 'spec'), 'podSets').map(ps => ({
    name: String(ps.name ?? 'main'),
    resources: podSetRequests(ps, excluded),
  }));
  return ctx.update(wl, markPending(wl, reason, message, requests, ctx.now));
}

/** Preempts `targets` for `wl`: each gets Evicted and Preempted with Kueue's message. */
function preempt(
  ctx: KueueContext,
  wl: KubeObject,
  cq: ClusterQueueNode,
  targets: ReturnType<typeof preemptionTargets>,
): void {
  for (const t of targets) {
    // A Workload already being evicted is not evicted twice.
    if (isEvicted(t.workload.object)) continue;
    const message = `Preempted to accommodate a workload (UID: ${String(
      wl.metadata.uid,
    )}, JobUID: ${wl.metadata.labels?.[JOB_UID_LABEL] ?? 'UNKNOWN'}) due to ${
      HUMAN_REASONS[t.reason]
    }; preemptor path: ${cqPath(cq)}; preemptee path: ${cqPath(t.workload.cq)}`;
    const evicted = evictForPreemption(
      t.workload.object,
      t.reason,
      message,
      ctx.now,
    );
    ctx.update(t.workload.object, evicted);
    t.workload.object = evicted;
  }
}

/**
 * One scheduling pass over every pending Workload; true when it admitted or
 * preempted anything (the job reconciler then has work, and another pass may
 * admit more).
 */
export function schedule(ctx: KueueContext): boolean {
  const state = schedulingState(ctx);
  const excluded = excludedResourcePrefixes(ctx);
  const queues = new Map<ClusterQueueNode, KubeObject[]>();
  for (const wl of state.workloads) {
    if (isFinished(wl) || hasQuotaReservation(wl) || !isActive(wl)) continue;
    const p = classify(ctx, state, wl);
    if (p.blocked) {
      setPending(ctx, wl, p.blocked.reason, p.blocked.message, excluded);
      continue;
    }
    queues.set(p.cq!, [...(queues.get(p.cq!) ?? []), wl]);
  }
  for (const q of queues.values()) q.sort(queueOrder);
  let acted = false;
  const tried = new Set<KubeObject>();
  for (;;) {
    const heads: Array<{
      wl: KubeObject;
      cq: ClusterQueueNode;
      a: Assignment;
    }> = [];
    for (const [cq, queue] of queues) {
      const strict =
        objectAt(cq.object, 'spec').queueingStrategy === 'StrictFIFO';
      const head = strict ? queue[0] : queue.find(w => !tried.has(w));
      if (!head || tried.has(head)) continue;
      heads.push({
        wl: head,
        cq,
        a: assignFlavors(state.tree, cq, head, state.flavors, excluded),
      });
    }
    if (heads.length === 0) break;
    // Kueue's entry order: no borrowing first, then priority, then queue order.
    heads.sort((x, y) => {
      const bx = x.a.mode === 'fit' && !x.a.borrows ? 0 : 1;
      const by = y.a.mode === 'fit' && !y.a.borrows ? 0 : 1;
      return bx - by || queueOrder(x.wl, y.wl);
    });
    for (const { wl, cq } of heads) {
      tried.add(wl);
      // Earlier heads of this pass may have taken quota: assign again.
      const a = assignFlavors(state.tree, cq, wl, state.flavors, excluded);
      if (a.mode === 'fit') {
        const admitted = admit(wl, cq.name, a.podSets, ctx.now);
        ctx.update(wl, admitted);
        state.tree.addUsage(cq, a.usage);
        state.admitted.push({
          object: admitted,
          cq,
          usage: a.usage,
          priority: priorityOf(wl),
        });
        queues.set(
          cq,
          queues.get(cq)!.filter(w => w !== wl),
        );
        acted = true;
        continue;
      }
      let message = a.message;
      if (a.mode === 'preempt') {
        const targets = preemptionTargets(
          state.tree,
          {
            cq,
            priority: priorityOf(wl),
            creationTimestamp: String(wl.metadata.creationTimestamp),
            usage: a.usage,
          },
          state.admitted,
        );
        if (targets.length) {
          preempt(ctx, wl, cq, targets);
          message += `. Pending the preemption of ${targets.length} workload(s)`;
          acted = true;
        }
      }
      setPending(ctx, wl, 'Pending', message, excluded);
    }
  }
  return acted;
}
