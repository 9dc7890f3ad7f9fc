/**
 * Whether a pod set may land on a ResourceFlavor's nodes, as Kueue decides it
 * before assigning the flavor: the pod's node selector and required node
 * affinity, restricted to the label keys the flavor defines, must accept the
 * flavor's node labels; and the pods (with the flavor's own tolerations) must
 * tolerate the flavor's NoSchedule and NoExecute taints.
 */
import { isPlainObject } from '../json';
import { listAt, objectAt } from './kueueApi';

type Labels = Record<string, unknown>;

function expressionMatches(
  expr: Record<string, unknown>,
  labels: Labels,
): boolean {
  const key = String(expr.key);
  const values = Array.isArray(expr.values) ? expr.values.map(String) : [];
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const value = has ? String(labels[key]) : undefined;
  switch (expr.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has) return false;
      const n = Number(value);
      const bound = Number(values[0]);
      return expr.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** Whether the pod spec's node selector and required node affinity accept a flavor's node labels. */
export function nodeLabelsMatch(
  podSpec: Record<string, unknown>,
  flavorLabels: Labels,
): boolean {
  const keys = new Set(Object.keys(flavorLabels));
  const selector = objectAt(podSpec, 'nodeSelector');
  for (const [key, value] of Object.entries(selector)) {
    if (keys.has(key) && String(flavorLabels[key]) !== String(value)) {
      return false;
    }
  }
  const required = objectAt(
    objectAt(objectAt(podSpec, 'affinity'), 'nodeAffinity'),
    'requiredDuringSchedulingIgnoredDuringExecution',
  );
  const terms = listAt(required, 'nodeSelectorTerms');
  if (terms.length === 0) return true;
  // Terms are ORed; a term left with no expression on the flavor's keys accepts any flavor.
  return terms.some(term =>
    listAt(term, 'matchExpressions')
      .filter(e => keys.has(String(e.key)))
      .every(e => expressionMatches(e, flavorLabels)),
  );
}

function tolerates(
  toleration: Record<string, unknown>,
  taint: Record<string, unknown>,
): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (!toleration.key) return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return String(toleration.value ?? '') === String(taint.value ?? '');
}

/** The first NoSchedule/NoExecute taint nothing tolerates, written `key=value:Effect`; undefined if none. */
export function untoleratedTaint(
  taints: Array<Record<string, unknown>>,
  tolerations: Array<Record<string, unknown>>,
): string | undefined {
  const taint = taints.find(
    t =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !tolerations.filter(isPlainObject).some(tol => tolerates(tol, t)),
  );
  if (!taint) return undefined;
  const value = taint.value ? `=${String(taint.value)}` : '';
  return `${String(taint.key)}${value}:${String(taint.effect)}`;
}
