/**
 * Defaulting the real API server applies when it decodes a write (before
 * admission), for the fields the product's security depends on.
 */
import { KubeObject } from '../../types';
import { isPlainObject } from '../json';
import { ResourceDef } from '../resources';
import { defaultPolicyObject } from './policyValidation';

/**
 * Pods: the deprecated `spec.serviceAccount` is copied into an empty
 * `spec.serviceAccountName` (and kept in step), as `SetDefaults_PodSpec`
 * does; so a pod naming only `serviceAccount` runs as that ServiceAccount and
 * policies must look at `serviceAccountName`.
 */
function defaultPodSpec(spec: Record<string, unknown>): void {
  const legacy = spec.serviceAccount;
  if (
    typeof legacy === 'string' &&
    legacy !== '' &&
    (spec.serviceAccountName === undefined || spec.serviceAccountName === '')
  ) {
    spec.serviceAccountName = legacy;
  }
  // The v1 conversion writes the deprecated field back from the real one.
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) {
    spec.serviceAccount = spec.serviceAccountName;
  }
}

/** Services: `spec.type` is `ClusterIP` unless given (`SetDefaults_ServiceSpec`). */
function defaultServiceSpec(spec: Record<string, unknown>): void {
  if (spec.type === undefined || spec.type === '') spec.type = 'ClusterIP';
}

/** Applies the defaults of a write's object in place (create, update, patch and apply results). */
export function applyDefaults(def: ResourceDef, obj: KubeObject): void {
  defaultPolicyObject(def, obj);
  if (def.group !== '' || def.custom) return;
  if (def.kind === 'Pod') {
    if (!isPlainObject(obj.spec)) return;
    defaultPodSpec(obj.spec);
  } else if (def.kind === 'Service') {
    if (obj.spec === undefined || obj.spec === null) obj.spec = {};
    if (isPlainObject(obj.spec)) defaultServiceSpec(obj.spec);
  }
}
