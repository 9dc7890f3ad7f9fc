/**
 * Kueue's API as the controller reads and writes it (`kueue.x-k8s.io/v1beta2`):
 * names of labels and conditions, condition handling with
 * `apimeta.SetStatusCondition`'s semantics, and typed reads of loose objects.
 */
import { KubeObject } from '../../types';
import { isPlainObject } from '../json';

export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';
/** The label (formerly annotation) naming a job's LocalQueue. */
export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';
/** The label of a Workload holding its job's uid. */
export const JOB_UID_LABEL = 'kueue.x-k8s.io/job-uid';
/** The label Kueue puts on the pods of a pod set. */
export const PODSET_LABEL = 'kueue.x-k8s.io/podset';
/** The finalizer a Workload holds until it is finished. */
export const RESOURCE_IN_USE_FINALIZER = 'kueue.x-k8s.io/resource-in-use';

/** A `metav1.Condition`. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** An object's own plain-object member (a fresh empty one when absent or not an object). */
export function objectAt(
  obj: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> {
  const v = obj?.[key];
  return isPlainObject(v) ? v : {};
}

/** An object's list member (empty when absent). */
export function listAt(
  obj: Record<string, unknown> | undefined,
  key: string,
): Array<Record<string, unknown>> {
  const v = obj?.[key];
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

/** The conditions of an object's status. */
export function conditionsOf(obj: KubeObject): Condition[] {
  return listAt(
    objectAt(obj, 'status'),
    'conditions',
  ) as unknown as Condition[];
}

export function findCondition(
  obj: KubeObject,
  type: string,
): Condition | undefined {
  return conditionsOf(obj).find(c => c.type === type);
}

export function isConditionTrue(obj: KubeObject, type: string): boolean {
  return findCondition(obj, type)?.status === 'True';
}

/**
 * Sets a condition of `status.conditions` as `apimeta.SetStatusCondition` does:
 * the transition time changes only when the status does.
 */
export function setCondition(
  obj: KubeObject,
  condition: Omit<Condition, 'lastTransitionTime'>,
  now: string,
): void {
  const status = objectAt(obj, 'status');
  const conditions = conditionsOf(obj);
  const existing = conditions.find(c => c.type === condition.type);
  const next: Condition = {
    ...condition,
    lastTransitionTime:
      existing && existing.status === condition.status
        ? existing.lastTransitionTime
        : now,
  };
  obj.status = {
    ...status,
    conditions: existing
      ? conditions.map(c => (c === existing ? next : c))
      : [...conditions, next],
  };
}

/** Kueue's condition messages are truncated to 32 KiB (`api.TruncateConditionMessage`). */
export function conditionMessage(text: string): string {
  return text.length > 32 * 1024 ? text.slice(0, 32 * 1024) : text;
}
