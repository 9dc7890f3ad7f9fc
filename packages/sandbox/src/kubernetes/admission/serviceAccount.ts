/**
 * The ServiceAccount admission plugin, for pods: a pod with no ServiceAccount
 * runs as `default`, and a pod naming a ServiceAccount that does not exist in
 * its namespace is refused. Without it a pod could name any ServiceAccount
 * and the check that the broker's ServiceAccounts stay out of team pods would be moot.
 */
import { KubeObject } from '../../types';
import { isPlainObject } from '../json';
import { ResourceDef, ResourceRegistry } from '../resources';
import { statusErrors } from '../status';
import { ObjectStore } from '../store';

/**
 * Mutates and checks a pod being created (the plugin acts on CREATE of pods only;
 * `spec.serviceAccountName` is immutable afterwards).
 * Real text (plugin/pkg/admission/serviceaccount/admission.go):
 * `admission.NewForbidden(a, fmt.Errorf("error looking up service account %s/%s: %w", ...))`.
 */
export function admitPodServiceAccount(
  store: ObjectStore,
  registry: ResourceRegistry,
  def: ResourceDef,
  pod: KubeObject,
): void {
  if (def.group !== '' || def.kind !== 'Pod') return;
  if (!isPlainObject(pod.spec)) return;
  const spec = pod.spec;
  if (
    typeof spec.serviceAccountName !== 'string' ||
    spec.serviceAccountName === ''
  ) {
    spec.serviceAccountName = 'default';
  }
  const name = spec.serviceAccountName as string;
  // `serviceAccount` mirrors `serviceAccountName` on a stored pod.
  spec.serviceAccount = name;
  const namespace = pod.metadata.namespace!;
  const serviceAccounts = registry.byResource('', 'v1', 'serviceaccounts')!;
  if (!store.get(serviceAccounts, namespace, name)) {
    throw statusErrors.forbidden(
      def,
      pod.metadata.name,
      `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`,
    );
  }
}
