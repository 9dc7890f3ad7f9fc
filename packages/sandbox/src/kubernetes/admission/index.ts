/**
 * The admission chain of writes, in the real API server's order: defaulting
 * on decode, mutating admission (ServiceAccount), object validation (by the
 * caller, between the two phases), then validating admission
 * (ValidatingAdmissionPolicies).
 */
import { KubeObject } from '../../types';
import { UserInfo } from '../rbac';
import { ResourceDef, ResourceRegistry } from '../resources';
import { ObjectStore } from '../store';
import { admitPodServiceAccount } from './serviceAccount';
import { validateWithPolicies } from './validatingPolicies';

export { compileCelExpression } from './cel';
export type { CelCompileResult } from './cel';
export { applyDefaults } from './defaulting';

/** One write going through admission. */
export interface AdmissionAttributes {
  store: ObjectStore;
  registry: ResourceRegistry;
  user: UserInfo;
  operation: 'CREATE' | 'UPDATE';
  def: ResourceDef;
  namespace?: string;
  /** The object as it will be stored. */
  object: KubeObject;
  /** The stored object, on updates. */
  oldObject?: KubeObject;
  subresource?: string;
  dryRun: boolean;
}

/** Mutating admission: may change `object` or refuse the write. */
export function mutatingAdmission(a: AdmissionAttributes): void {
  if (a.operation === 'CREATE' && a.subresource === undefined) {
    admitPodServiceAccount(a.store, a.registry, a.def, a.object);
  }
}

/** Validating admission: refuses the write or lets it through unchanged. */
export function validatingAdmission(a: AdmissionAttributes): void {
  const namespaces = a.registry.byResource('', 'v1', 'namespaces')!;
  const isNamespace = a.def.group === '' && a.def.kind === 'Namespace';
  validateWithPolicies(a.store, a.registry, {
    operation: a.operation,
    group: a.def.group,
    version: a.def.version,
    kind: a.def.kind,
    resource: a.def.plural,
    subresource: a.subresource,
    name: a.object.metadata.name,
    namespace: a.def.namespaced ? a.namespace : undefined,
    object: a.object,
    oldObject: a.oldObject,
    namespaceObject:
      a.def.namespaced && a.namespace
        ? a.store.get(namespaces, undefined, a.namespace)
        : undefined,
    isNamespace,
    user: a.user,
    dryRun: a.dryRun,
  });
}
