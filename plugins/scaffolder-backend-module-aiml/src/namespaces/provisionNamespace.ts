import { applyObjects } from '../kubernetes/applyObjects';
import { ObjectClient } from '../kubernetes/objectClient';
import { AppliedObject, KubeObject } from '../kubernetes/types';
import { checkNamespaceOwnership } from './ownership';

/**
 * Provisions a team namespace built by `buildTeamNamespace`: reads the
 * namespace, refuses it unless it is the team's (or does not exist yet) BEFORE
 * any write, then server-side applies every object. A dry run reads only.
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
  }
  checkNamespaceOwnership({ name, team, live: await client.get(namespace) });
  return applyObjects({ client, objects, dryRun, force: true });
}
