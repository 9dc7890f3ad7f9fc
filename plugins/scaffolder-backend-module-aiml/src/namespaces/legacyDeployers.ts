import {
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import { ObjectClient } from '../kubernetes/objectClient';
import { AppliedObject, KubeObject } from '../kubernetes/types';

/**
 * What earlier versions of provisioning made and this one removes: a project's
 * `<component>-deployer` ServiceAccount and its RoleBinding to the built-in
 * `edit` ClusterRole. A standing `edit` identity in a team namespace let a
 * grantee keep access after the grant ended (DESIGN.md, "Teams, namespaces,
 * projects"), so a re-run of provisioning converges on a namespace without it.
 */
const LEGACY_SUFFIX = '-deployer';
const LEGACY_ROLE = 'edit';
/** Grants label their objects with this; a grant's objects are never legacy ones. */
const GRANT_LABEL = 'aiml.eks.aws/grant-id';

function madeByProvisioning(obj: KubeObject, team: string): boolean {
  const labels = obj.metadata.labels ?? {};
  return (
    labels[LABEL_MANAGED_BY] === MANAGED_BY_VALUE &&
    labels[LABEL_TEAM] === team &&
    !(GRANT_LABEL in labels) &&
    obj.metadata.name.endsWith(LEGACY_SUFFIX)
  );
}

/**
 * Whether a live object is exactly a deployer identity an earlier provisioning
 * of this team's namespace made: its labels, its `-deployer` name and, for a
 * RoleBinding, `edit` bound to the same-named ServiceAccount of the namespace.
 * Nothing else is ever deleted. Pure.
 */
export function isLegacyDeployerObject(
  obj: KubeObject,
  options: { namespace: string; team: string },
): boolean {
  if (obj.metadata.namespace !== options.namespace) return false;
  if (!madeByProvisioning(obj, options.team)) return false;
  if (obj.kind === 'ServiceAccount') return true;
  if (obj.kind !== 'RoleBinding') return false;
  const roleRef = (obj.roleRef ?? {}) as Record<string, unknown>;
  const subjects = (Array.isArray(obj.subjects) ? obj.subjects : []) as Array<
    Record<string, unknown>
  >;
  return (
    roleRef.kind === 'ClusterRole' &&
    roleRef.name === LEGACY_ROLE &&
    subjects.length === 1 &&
    subjects[0].kind === 'ServiceAccount' &&
    subjects[0].name === obj.metadata.name &&
    subjects[0].namespace === options.namespace
  );
}

/**
 * Deletes the legacy deployer RoleBindings (first: the access goes at once)
 * and ServiceAccounts of a team namespace. A dry run only lists them.
 */
export async function removeLegacyDeployers(options: {
  client: ObjectClient;
  namespace: string;
  team: string;
  dryRun: boolean;
}): Promise<AppliedObject[]> {
  const { client, namespace, team, dryRun } = options;
  const labelSelector = `${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE},${LABEL_TEAM}=${team}`;
  const found: KubeObject[] = [];
  for (const [apiVersion, kind] of [
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['v1', 'ServiceAccount'],
  ]) {
    const objects = await client.list({
      apiVersion,
      kind,
      namespace,
      labelSelector,
    });
    found.push(
      ...objects.filter(o => isLegacyDeployerObject(o, { namespace, team })),
    );
  }
  const results: AppliedObject[] = [];
  for (const obj of found) {
    if (!dryRun) await client.delete(obj);
    results.push({
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace,
      result: dryRun ? 'would-delete' : 'deleted',
    });
  }
  return results;
}
