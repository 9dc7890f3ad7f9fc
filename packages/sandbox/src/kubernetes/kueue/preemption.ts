/**
 * Kueue's classical preemption (`pkg/scheduler/preemption`, without fair
 * sharing): which admitted Workloads to evict so that a pending one fits.
 * Candidates are Workloads of the same ClusterQueue under
 * `withinClusterQueue` (`LowerPriority`, `LowerOrNewerEqualPriority`) and, when
 * the preemptor stays within its nominal quota, Workloads of other
 * ClusterQueues of the cohort that borrow what it needs under
 * `reclaimWithinCohort` (`Any`, `LowerPriority`). They are taken in Kueue's
 * order (other ClusterQueues first, lower priority first, the most recently
 * admitted first) until the preemptor fits, then given back in reverse while it
 * still fits: the fewest evictions the heuristic finds.
 */
import { KubeObject } from '../../types';
import { findCondition } from './kueueApi';
import { ClusterQueueNode, FlavorResource, QuotaTree } from './quotaTree';

/** An admitted Workload and what it holds. */
export interface AdmittedWorkload {
  object: KubeObject;
  cq: ClusterQueueNode;
  usage: Map<FlavorResource, number>;
  priority: number;
}

/** A Workload to evict, and why (the Preempted condition's reason). */
export interface PreemptionTarget {
  workload: AdmittedWorkload;
  reason: 'InClusterQueue' | 'InCohortReclamation';
}

/** The preemptor: where it queues and what it asks for. */
export interface Preemptor {
  cq: ClusterQueueNode;
  priority: number;
  creationTimestamp: string;
  usage: Map<FlavorResource, number>;
}

function fits(tree: QuotaTree, p: Preemptor, allowBorrowing: boolean): boolean {
  for (const [fr, v] of p.usage) {
    if (v > tree.available(p.cq, fr)) return false;
    if (
      !allowBorrowing &&
      tree.usage(p.cq, fr) + v > tree.quota(p.cq, fr).nominal
    )
      return false;
  }
  return true;
}

function admittedAt(w: AdmittedWorkload): string {
  return findCondition(w.object, 'QuotaReserved')?.lastTransitionTime ?? '';
}

/** Kueue's candidate order: other ClusterQueues first, lower priority, then the most recently admitted. */
function candidateOrder(
  preemptor: Preemptor,
): (a: AdmittedWorkload, b: AdmittedWorkload) => number {
  return (a, b) => {
    const aOther = a.cq !== preemptor.cq ? 0 : 1;
    const bOther = b.cq !== preemptor.cq ? 0 : 1;
    if (aOther !== bOther) return aOther - bOther;
    if (a.priority !== b.priority) return a.priority - b.priority;
    const at = admittedAt(b).localeCompare(admittedAt(a));
    if (at !== 0) return at;
    return String(a.object.metadata.uid).localeCompare(
      String(b.object.metadata.uid),
    );
  };
}

function usesAny(w: AdmittedWorkload, frs: FlavorResource[]): boolean {
  return frs.some(fr => (w.usage.get(fr) ?? 0) > 0);
}

/**
 * The Workloads to evict for `preemptor` to fit, or none when preempting would
 * not make it fit (or its ClusterQueue's policy allows no candidate).
 */
export function preemptionTargets(
  tree: QuotaTree,
  preemptor: Preemptor,
  admitted: AdmittedWorkload[],
): PreemptionTarget[] {
  const policy = (preemptor.cq.object.spec ?? {}) as {
    preemption?: { withinClusterQueue?: string; reclaimWithinCohort?: string };
  };
  const within = policy.preemption?.withinClusterQueue ?? 'Never';
  const reclaim = policy.preemption?.reclaimWithinCohort ?? 'Never';
  const needed = [...preemptor.usage.keys()].filter(
    fr => (preemptor.usage.get(fr) ?? 0) > tree.available(preemptor.cq, fr),
  );
  const allowBorrowing = [...preemptor.usage].some(
    ([fr, v]) =>
      tree.usage(preemptor.cq, fr) + v > tree.quota(preemptor.cq, fr).nominal,
  );
  const candidates = admitted.filter(w => {
    if (!usesAny(w, needed)) return false;
    if (w.cq === preemptor.cq) {
      if (within === 'LowerPriority') return w.priority < preemptor.priority;
      if (within === 'LowerOrNewerEqualPriority') {
        return (
          w.priority < preemptor.priority ||
          (w.priority === preemptor.priority &&
            String(w.object.metadata.creationTimestamp) >
              preemptor.creationTimestamp)
        );
      }
      return false;
    }
    // Reclaim: only from ClusterQueues of the cohort that borrow, and only to get back nominal quota.
    if (allowBorrowing || !preemptor.cq.cohort) return false;
    if (w.cq.cohort !== preemptor.cq.cohort) return false;
    if (reclaim === 'Any') return true;
    if (reclaim === 'LowerPriority') return w.priority < preemptor.priority;
    return false;
  });
  candidates.sort(candidateOrder(preemptor));
  const removed: PreemptionTarget[] = [];
  let fitsNow = false;
  for (const c of candidates) {
    const other = c.cq !== preemptor.cq;
    if (other && !needed.some(fr => tree.borrowed(c.cq, fr) > 0)) continue;
    tree.addUsage(c.cq, c.usage, -1);
    removed.push({
      workload: c,
      reason: other ? 'InCohortReclamation' : 'InClusterQueue',
    });
    if (fits(tree, preemptor, allowBorrowing)) {
      fitsNow = true;
      break;
    }
  }
  let targets: PreemptionTarget[] = [];
  if (fitsNow) {
    // Give back, newest removal first, whatever the preemptor does not need.
    targets = [...removed];
    for (const t of [...removed].reverse().slice(1)) {
      tree.addUsage(t.workload.cq, t.workload.usage);
      if (fits(tree, preemptor, allowBorrowing)) {
        targets = targets.filter(x => x !== t);
      } else {
        tree.addUsage(t.workload.cq, t.workload.usage, -1);
      }
    }
  }
  for (const t of targets.length ? targets : removed) {
    tree.addUsage(t.workload.cq, t.workload.usage);
  }
  return targets;
}
