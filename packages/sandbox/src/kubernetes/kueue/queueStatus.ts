/**
 * The status Kueue keeps on ClusterQueues and LocalQueues: counts of pending,
 * quota-reserving and admitted Workloads, what they hold per flavor and
 * resource (`flavorsReservation`, `flavorsUsage`; a ClusterQueue's also what
 * it borrows from its cohort), and the Active condition.
 */
import { KubeObject } from '../../types';
import { jsonClone } from '../json';
import { formatQuantity } from '../quotaController';
import { KueueContext } from './kueueContext';
import { objectAt, setCondition } from './kueueApi';
import { frKey, QuotaTree } from './quotaTree';
import { inactiveReason, schedulingState } from './scheduler';
import {
  admittedClusterQueue,
  admittedUsage,
  hasQuotaReservation,
  isActive,
  isAdmitted,
  isFinished,
} from './workloadStatus';

interface Counts {
  pending: number;
  reserving: number;
  admitted: number;
}

function count(workloads: KubeObject[]): Counts {
  const live = workloads.filter(w => !isFinished(w));
  return {
    pending: live.filter(w => !hasQuotaReservation(w) && isActive(w)).length,
    reserving: live.filter(hasQuotaReservation).length,
    admitted: live.filter(isAdmitted).length,
  };
}

/** Per flavor of the queue's resource groups (in their order), each resource's total (and borrowed). */
function flavorTotals(
  tree: QuotaTree,
  cqName: string,
  usage: Map<string, number>,
  withBorrowed: boolean,
): unknown[] {
  const cq = tree.queues.get(cqName);
  if (!cq) return [];
  return cq.resourceGroups.flatMap(rg =>
    rg.flavors.map(flavor => ({
      name: flavor,
      resources: rg.coveredResources.map(resource => {
        const fr = frKey(flavor, resource);
        const total = usage.get(fr) ?? 0;
        return {
          name: resource,
          total: formatQuantity(resource, total),
          ...(withBorrowed
            ? {
                borrowed: formatQuantity(
                  resource,
                  Math.max(0, total - tree.quota(cq, fr).nominal),
                ),
              }
            : {}),
        };
      }),
    })),
  );
}

function sumUsage(workloads: KubeObject[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const wl of workloads) {
    for (const [fr, v] of admittedUsage(wl)) {
      total.set(fr, (total.get(fr) ?? 0) + v);
    }
  }
  return total;
}

/** A LocalQueue's Active condition (`localqueue_controller.go`). */
function localQueueActive(
  spec: Record<string, unknown>,
  clusterQueueActive: boolean | undefined,
  clusterQueueExists: boolean,
): { status: 'True' | 'False'; reason: string; message: string } {
  if ((spec.stopPolicy ?? 'None') !== 'None') {
    return {
      status: 'False',
      reason: 'Stopped',
      message: 'LocalQueue is stopped',
    };
  }
  const cannot = "Can't submit new workloads to clusterQueue";
  if (!clusterQueueExists) {
    return {
      status: 'False',
      reason: 'ClusterQueueDoesNotExist',
      message: cannot,
    };
  }
  if (!clusterQueueActive) {
    return {
      status: 'False',
      reason: 'ClusterQueueIsInactive',
      message: cannot,
    };
  }
  return {
    status: 'True',
    reason: 'Ready',
    message: 'Can submit new workloads to localQueue',
  };
}

/** Brings every ClusterQueue's and LocalQueue's status up to date. */
export function syncQueueStatuses(ctx: KueueContext): void {
  const { tree, flavors, workloads } = schedulingState(ctx);
  const lqs = ctx.list(ctx.kueue('localqueues'));
  const cqOfLq = new Map(
    lqs.map(lq => [
      `${lq.metadata.namespace}/${lq.metadata.name}`,
      String(objectAt(lq, 'spec').clusterQueue ?? ''),
    ]),
  );
  const live = workloads.filter(w => !isFinished(w));
  const lqKey = (w: KubeObject) =>
    `${w.metadata.namespace}/${String(objectAt(w, 'spec').queueName ?? '')}`;
  const inCq = (name: string) =>
    live.filter(w =>
      hasQuotaReservation(w)
        ? admittedClusterQueue(w) === name
        : cqOfLq.get(lqKey(w)) === name,
    );
  for (const cq of tree.queues.values()) {
    const mine = inCq(cq.name);
    const counts = count(mine);
    const reserving = mine.filter(hasQuotaReservation);
    const next = jsonClone(cq.object);
    next.status = {
      ...objectAt(next, 'status'),
      pendingWorkloads: counts.pending,
      reservingWorkloads: counts.reserving,
      admittedWorkloads: counts.admitted,
      flavorsReservation: flavorTotals(
        tree,
        cq.name,
        sumUsage(reserving),
        true,
      ),
      flavorsUsage: flavorTotals(
        tree,
        cq.name,
        sumUsage(reserving.filter(isAdmitted)),
        true,
      ),
    };
    const inactive = inactiveReason(cq.object, flavors);
    setCondition(
      next,
      {
        type: 'Active',
        status: inactive ? 'False' : 'True',
        reason: inactive?.reason ?? 'Ready',
        message: inactive?.message ?? 'Can admit new workloads',
        observedGeneration: Number(next.metadata.generation ?? 1),
      },
      ctx.now,
    );
    ctx.update(cq.object, next);
  }
  for (const lq of lqs) {
    const key = `${lq.metadata.namespace}/${lq.metadata.name}`;
    const mine = live.filter(w => lqKey(w) === key);
    const counts = count(mine);
    const reserving = mine.filter(hasQuotaReservation);
    const spec = objectAt(lq, 'spec');
    const cq = tree.queues.get(String(spec.clusterQueue ?? ''));
    const active = localQueueActive(
      spec,
      cq && inactiveReason(cq.object, flavors) === undefined,
      cq !== undefined,
    );
    const next = jsonClone(lq);
    next.status = {
      ...objectAt(next, 'status'),
      pendingWorkloads: counts.pending,
      reservingWorkloads: counts.reserving,
      admittedWorkloads: counts.admitted,
      flavorsReservation: cq
        ? flavorTotals(tree, cq.name, sumUsage(reserving), false)
        : [],
      flavorsUsage: cq
        ? flavorTotals(
            tree,
            cq.name,
            sumUsage(reserving.filter(isAdmitted)),
            false,
          )
        : [],
    };
    setCondition(
      next,
      {
        type: 'Active',
        status: active.status,
        reason: active.reason,
        message: active.message,
        observedGeneration: Number(next.metadata.generation ?? 1),
      },
      ctx.now,
    );
    ctx.update(lq, next);
  }
}
