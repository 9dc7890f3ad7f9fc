import { NotAllowedError } from '@backstage/errors';
import { applyObjects } from '../kubernetes/applyObjects';
import { ObjectClient } from '../kubernetes/objectClient';
import { AppliedObject, describeObject, KubeObject } from '../kubernetes/types';
import { removeLegacyDeployers } from './legacyDeployers';
import { checkNamespaceOwnership } from './ownership';
import { checkProvisionedBinding } from './portalReaderBinding';

/** The kinds a team namespace is made of; RBAC objects are checked one by one. */
const PROVISIONED_KINDS = new Set([
  'Namespace',
  'ResourceQuota',
  'LimitRange',
  'RoleBinding',
  'NetworkPolicy',
  'LocalQueue',
]);

/**
 * Refuses, before any request, an object provisioning never makes: an identity
 * (ServiceAccount), a Role, a cluster-scoped binding, or any RoleBinding other
 * than exactly the portal reader's.
 */
function checkProvisionedObject(obj: KubeObject): void {
  if (
    obj.apiVersion.startsWith('rbac.authorization.k8s.io/') ||
    obj.kind === 'RoleBinding'
  ) {
    checkProvisionedBinding(obj);
    return;
  }
  if (!PROVISIONED_KINDS.has(obj.kind)) {
    throw new NotAllowedError(
      `${describeObject(obj)}: provisioning makes no ${
        obj.kind
      }; a team namespace is made of ${[...PROVISIONED_KINDS].join(', ')}`,
    );
  }
}

/**
 * Provisions a team namespace built by `buildTeamNamespace`: checks every object
 * and reads the namespace, refusing it unless it is the team's (or does not exist
 * yet) BEFORE any write, then server-side applies every object and removes the
 * deployer identities earlier versions made. A dry run reads only.
 */
export async function provisionNamespace(options: {
  client: ObjectClient;
  team: string;
  objects: KubeObject[];
  dryRun: boolean;
}): Promise<AppliedObject[]> {
  const { client, team, objects, dryRun } = options;
  const namespace = objects[0];
  if (namespace?.kind !== 'Namespace' || namespace.apiVersion !== 'v1') {
    throw new Error('the first object to provision must be the Namespace');
  }
  const name = namespace.metadata.name;
  // Decide on names alone first: a system namespace is refused without a request.
  checkNamespaceOwnership({ name, team });
  for (const obj of objects.slice(1)) {
    if (obj.metadata.namespace !== name) {
      throw new Error(
        `${obj.kind} ${obj.metadata.name} is not in namespace ${name}`,
      );
    }
    checkProvisionedObject(obj);
  }
  const live = await client.get(namespace);
  checkNamespaceOwnership({ name, team, live });
  const applied = await applyObjects({ client, objects, dryRun, force: true });
  // A namespace that did not exist holds nothing to remove (and a dry run cannot list in it).
  const removed = live
    ? await removeLegacyDeployers({ client, namespace: name, team, dryRun })
    : [];
  return [...applied, ...removed];
}
