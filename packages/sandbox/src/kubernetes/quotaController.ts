/**
 * The resource quota controller of kube-controller-manager, for what pods use:
 * each ResourceQuota's `status.hard` is its spec's and `status.used` what the
 * namespace's pods request (or are limited to) of each resource it limits, so
 * clients read usage as they would from a real cluster. It runs after every write
 * of a Pod or a ResourceQuota (the real one runs on its informers' events and a
 * resync), and only writes a status that changed.
 */
import { podResourceAmounts } from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../types';
import { isPlainObject, jsonEqual } from './json';
import { ResourceRegistry } from './resources';
import { ObjectStore } from './store';

/** Pods whose containers ended hold nothing (the pod evaluator's `QuotaV1Pod`). */
function isTerminal(pod: KubeObject): boolean {
  const phase = isPlainObject(pod.status) ? pod.status.phase : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Resources counted in bytes, which quota status writes with binary suffixes. */
const BYTES = new Set(['memory', 'ephemeral-storage', 'storage']);
const BINARY_SUFFIXES: Array<[string, number]> = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/**
 * A total as a quantity the way the API server writes it back: bytes with the
 * largest binary suffix that divides them, whole numbers plainly, fractions in
 * thousandths (`1500m`).
 */
export function formatQuantity(resource: string, value: number): string {
  if (BYTES.has(resource) && Number.isInteger(value) && value > 0) {
    const found = BINARY_SUFFIXES.find(([, f]) => value % f === 0);
    if (found) return `${value / found[1]}${found[0]}`;
  }
  if (Number.isInteger(value)) return String(value);
  return `${Math.round(value * 1000)}m`;
}

/**
 * What a quota's resource name counts on pods: how many (`pods`,
 * `count/pods`), or a total of requests (`requests.<r>`, and the bare `cpu`,
 * `memory` and `ephemeral-storage`) or limits (`limits.<r>`); undefined for
 * what the pod evaluator does not count (other object counts, storage).
 */
function podMeasure(
  name: string,
):
  | { count: true }
  | { which: 'requests' | 'limits'; resource: string }
  | undefined {
  if (name === 'pods' || name === 'count/pods') return { count: true };
  if (['cpu', 'memory', 'ephemeral-storage'].includes(name)) {
    return { which: 'requests', resource: name };
  }
  const dot = name.indexOf('.');
  const prefix = name.slice(0, dot);
  if (dot > 0 && (prefix === 'requests' || prefix === 'limits')) {
    const resource = name.slice(dot + 1);
    return resource === 'storage' ? undefined : { which: prefix, resource };
  }
  return undefined;
}

/** The `status.used` of a quota limiting `hard`, given the namespace's pods. */
export function quotaUsed(
  hard: Record<string, unknown>,
  pods: KubeObject[],
): Record<string, string> {
  const counted = pods.filter(p => !isTerminal(p));
  const amounts = {
    requests: counted.map(p => podResourceAmounts(p)),
    limits: counted.map(p => podResourceAmounts(p, 'limits')),
  };
  const used: Record<string, string> = {};
  for (const name of Object.keys(hard)) {
    const measure = podMeasure(name);
    if (!measure) continue;
    if ('count' in measure) {
      used[name] = String(counted.length);
      continue;
    }
    const total = amounts[measure.which].reduce(
      (sum, a) => sum + (a[measure.resource] ?? 0),
      0,
    );
    used[name] = formatQuantity(measure.resource, total);
  }
  return used;
}

/**
 * Brings the status of every ResourceQuota of a namespace up to date with its
 * spec and the namespace's pods; a quota whose status is unchanged is not written.
 */
export function syncResourceQuotas(
  store: ObjectStore,
  registry: ResourceRegistry,
  namespace: string,
): void {
  const quotas = registry.byResource('', 'v1', 'resourcequotas')!;
  const pods = registry.byResource('', 'v1', 'pods')!;
  const inNamespace = store.list(quotas, namespace);
  if (inNamespace.length === 0) return;
  const podList = store.list(pods, namespace);
  for (const quota of inNamespace) {
    const spec = isPlainObject(quota.spec) ? quota.spec : {};
    const hard = isPlainObject(spec.hard) ? spec.hard : {};
    const status = { hard: { ...hard }, used: quotaUsed(hard, podList) };
    if (jsonEqual(quota.status, status)) continue;
    store.write({
      ...quota,
      metadata: {
        ...quota.metadata,
        resourceVersion: store.nextResourceVersion(),
      },
      status,
    });
  }
}

/** Whether a write of this kind can change what a namespace's quotas say. */
export function affectsQuotas(def: { group: string; kind: string }): boolean {
  return (
    def.group === '' && (def.kind === 'Pod' || def.kind === 'ResourceQuota')
  );
}
