/**
 * A Workload's status as Kueue writes it (`pkg/workload`): quota reservation
 * and admission, pending reasons, eviction and preemption, requeueing after an
 * eviction, and finishing. Every function changes a copy the caller writes.
 */
import { parseQuantity } from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../../types';
import { jsonClone } from '../json';
import { formatQuantity } from '../quotaController';
import { PodSetAssignment } from './flavorAssigner';
import {
  conditionMessage,
  findCondition,
  isConditionTrue,
  listAt,
  objectAt,
  RESOURCE_IN_USE_FINALIZER,
  setCondition,
} from './kueueApi';
import { FlavorResource, frKey } from './quotaTree';

export function isFinished(wl: KubeObject): boolean {
  return isConditionTrue(wl, 'Finished');
}

export function hasQuotaReservation(wl: KubeObject): boolean {
  return isConditionTrue(wl, 'QuotaReserved');
}

export function isAdmitted(wl: KubeObject): boolean {
  return isConditionTrue(wl, 'Admitted');
}

export function isEvicted(wl: KubeObject): boolean {
  return isConditionTrue(wl, 'Evicted');
}

export function isActive(wl: KubeObject): boolean {
  return objectAt(wl, 'spec').active !== false;
}

export function priorityOf(wl: KubeObject): number {
  const p = objectAt(wl, 'spec').priority;
  return typeof p === 'number' ? p : 0;
}

/** The ClusterQueue a Workload holds quota in. */
export function admittedClusterQueue(wl: KubeObject): string | undefined {
  const cq = objectAt(objectAt(wl, 'status'), 'admission').clusterQueue;
  return typeof cq === 'string' ? cq : undefined;
}

/** What an admitted Workload holds, per flavor and resource. */
export function admittedUsage(wl: KubeObject): Map<FlavorResource, number> {
  const usage = new Map<FlavorResource, number>();
  const admission = objectAt(objectAt(wl, 'status'), 'admission');
  for (const psa of listAt(admission, 'podSetAssignments')) {
    const flavors = objectAt(psa, 'flavors');
    for (const [resource, q] of Object.entries(
      objectAt(psa, 'resourceUsage'),
    )) {
      const flavor = flavors[resource];
      if (typeof flavor !== 'string') continue;
      const fr = frKey(flavor, resource);
      usage.set(fr, (usage.get(fr) ?? 0) + (parseQuantity(String(q)) ?? 0));
    }
  }
  return usage;
}

function generation(wl: KubeObject): number {
  return Number(wl.metadata.generation ?? 1);
}

/** A True condition set back to False when quota is reserved again (`resetActiveCondition`). */
function resetActive(wl: KubeObject, type: string, now: string): void {
  const prev = findCondition(wl, type);
  if (prev?.status !== 'True') return;
  setCondition(
    wl,
    {
      type,
      status: 'False',
      reason: 'QuotaReserved',
      message: conditionMessage(`Previously: ${prev.message}`),
      observedGeneration: generation(wl),
    },
    now,
  );
}

/** `SetQuotaReservation` then `SyncAdmittedCondition` (no admission checks: admitted at once). */
export function admit(
  workload: KubeObject,
  clusterQueue: string,
  podSets: PodSetAssignment[],
  now: string,
): KubeObject {
  const wl = jsonClone(workload);
  wl.status = {
    ...objectAt(wl, 'status'),
    admission: {
      clusterQueue,
      podSetAssignments: podSets.map(ps => ({
        name: ps.name,
        flavors: ps.flavors,
        resourceUsage: ps.resourceUsage,
        count: ps.count,
      })),
    },
  };
  setCondition(
    wl,
    {
      type: 'QuotaReserved',
      status: 'True',
      reason: 'QuotaReserved',
      message: conditionMessage(
        `Quota reserved in ClusterQueue ${clusterQueue}`,
      ),
      observedGeneration: generation(wl),
    },
    now,
  );
  resetActive(wl, 'Evicted', now);
  resetActive(wl, 'Preempted', now);
  setCondition(
    wl,
    {
      type: 'Admitted',
      status: 'True',
      reason: 'Admitted',
      message: 'The workload is admitted',
      observedGeneration: generation(wl),
    },
    now,
  );
  return wl;
}

/**
 * `UnsetQuotaReservationWithCondition`: QuotaReserved False with the reason
 * and message, no admission, and Admitted False if it was set.
 */
export function unsetQuotaReservation(
  workload: KubeObject,
  reason: string,
  message: string,
  now: string,
): KubeObject {
  const wl = jsonClone(workload);
  setCondition(
    wl,
    {
      type: 'QuotaReserved',
      status: 'False',
      reason,
      message: conditionMessage(message),
      observedGeneration: generation(wl),
    },
    now,
  );
  const status = objectAt(wl, 'status');
  delete status.admission;
  wl.status = status;
  if (findCondition(wl, 'Admitted')) {
    setCondition(
      wl,
      {
        type: 'Admitted',
        status: 'False',
        reason: 'NoReservation',
        message: 'The workload has no reservation',
        observedGeneration: generation(wl),
      },
      now,
    );
  }
  return wl;
}

/** A pending Workload's status: why it waits, and what each pod set asks for (`status.resourceRequests`). */
export function markPending(
  workload: KubeObject,
  reason: string,
  message: string,
  requests: Array<{ name: string; resources: Record<string, number> }>,
  now: string,
): KubeObject {
  const wl = unsetQuotaReservation(workload, reason, message, now);
  wl.status = {
    ...objectAt(wl, 'status'),
    resourceRequests: requests.map(r => ({
      name: r.name,
      resources: Object.fromEntries(
        Object.entries(r.resources).map(([k, v]) => [k, formatQuantity(k, v)]),
      ),
    })),
  };
  return wl;
}

/**
 * Preemption's eviction (`workloadevict.Evict` with the Preempted condition):
 * Evicted and Preempted True with the same message, and the eviction counted
 * in `status.schedulingStats.evictions`.
 */
export function evictForPreemption(
  workload: KubeObject,
  preemptedReason: string,
  message: string,
  now: string,
): KubeObject {
  const wl = jsonClone(workload);
  setCondition(
    wl,
    {
      type: 'Preempted',
      status: 'True',
      reason: preemptedReason,
      message: conditionMessage(message),
    },
    now,
  );
  setCondition(
    wl,
    {
      type: 'Evicted',
      status: 'True',
      reason: 'Preempted',
      message: conditionMessage(message),
      observedGeneration: generation(wl),
    },
    now,
  );
  const status = objectAt(wl, 'status');
  const stats = objectAt(status, 'schedulingStats');
  const evictions = listAt(stats, 'evictions');
  const found = evictions.find(
    e => e.reason === 'Preempted' && e.underlyingCause === '',
  );
  wl.status = {
    ...status,
    schedulingStats: {
      ...stats,
      evictions: found
        ? evictions.map(e =>
            e === found ? { ...e, count: Number(e.count ?? 0) + 1 } : e,
          )
        : [
            ...evictions,
            { reason: 'Preempted', underlyingCause: '', count: 1 },
          ],
    },
  };
  return wl;
}

/**
 * What the job reconciler does once an evicted Workload's job stopped: the
 * Requeued condition (True for a preemption) and the reservation released
 * (QuotaReserved False, reason Pending, with the eviction's message).
 */
export function requeueAfterEviction(
  workload: KubeObject,
  now: string,
): KubeObject {
  const evicted = findCondition(workload, 'Evicted')!;
  const wl = jsonClone(workload);
  setCondition(
    wl,
    {
      type: 'Requeued',
      status: evicted.reason === 'Preempted' ? 'True' : 'False',
      reason: evicted.reason,
      message: evicted.message,
      observedGeneration: generation(wl),
    },
    now,
  );
  return unsetQuotaReservation(wl, 'Pending', evicted.message, now);
}

/** `workloadfinish.Finish`, then the finalizer removed: the quota is released. */
export function finish(
  workload: KubeObject,
  success: boolean,
  message: string,
  now: string,
): KubeObject {
  const wl = jsonClone(workload);
  setCondition(
    wl,
    {
      type: 'Finished',
      status: 'True',
      reason: success ? 'Succeeded' : 'Failed',
      message: conditionMessage(message),
      observedGeneration: generation(wl),
    },
    now,
  );
  return withoutFinalizer(wl);
}

export function withoutFinalizer(workload: KubeObject): KubeObject {
  const stated = workload.metadata.finalizers;
  const finalizers = (Array.isArray(stated) ? stated : []).filter(
    f => f !== RESOURCE_IN_USE_FINALIZER,
  );
  const wl = jsonClone(workload);
  if (finalizers.length) wl.metadata.finalizers = finalizers;
  else delete wl.metadata.finalizers;
  return wl;
}
