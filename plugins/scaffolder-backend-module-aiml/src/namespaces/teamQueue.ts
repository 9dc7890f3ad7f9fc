import { ConflictError } from '@backstage/errors';
import {
  AimlKueueSettings,
  AimlTeamQueueQuota,
  kueueResourceFlavors,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  MANAGED_BY_VALUE,
  queueCeiling,
  teamClusterQueue,
} from '@eks-aiml/plugin-aiml-common';
import { applyObjects } from '../kubernetes/applyObjects';
import { ObjectClient } from '../kubernetes/objectClient';
import { AppliedObject, describeObject, KubeObject } from '../kubernetes/types';
import { namespaceQuota } from './quota';

/** A team's accelerator entitlement: the Group annotation or the config default. */
type Entitlement = { gpu: number; neuronCores: number };

/**
 * The nominal quota of a team's ClusterQueue: its accelerators per flavor and
 * the host CPU and memory that go with them (the ResourceQuota's host share).
 */
export function teamQueueQuota(entitlement: Entitlement): AimlTeamQueueQuota {
  const q = namespaceQuota(entitlement);
  return {
    gpu: q.gpu,
    neuronCores: q.neuronCores,
    cpu: q.cpu,
    memoryGi: Number.parseInt(q.memory, 10),
  };
}

/**
 * What Kueue can ever admit for a team: nominal plus borrowing limit. A
 * training namespace's ResourceQuota is set to it on a Kueue cluster, so it
 * never refuses the pods of a job Kueue admitted on borrowed quota, and a job
 * that bypasses Kueue is still bounded.
 */
export function queueCeilingEntitlement(
  entitlement: Entitlement,
  settings: AimlKueueSettings,
): Entitlement {
  return {
    gpu: queueCeiling(Math.floor(entitlement.gpu), settings),
    neuronCores: queueCeiling(Math.floor(entitlement.neuronCores), settings),
  };
}

/** The cluster-scoped Kueue objects of a team: the cluster's flavors, then its ClusterQueue. Pure. */
export function buildTeamQueue(options: {
  team: string;
  entitlement: Entitlement;
  fairSharingWeight: number;
  settings: AimlKueueSettings;
}): KubeObject[] {
  return [
    ...kueueResourceFlavors(options.settings),
    teamClusterQueue({
      team: options.team,
      quota: teamQueueQuota(options.entitlement),
      fairSharingWeight: options.fairSharingWeight,
      settings: options.settings,
    }),
  ];
}

/**
 * Refuses a live cluster-scoped object provisioning did not make (it never
 * adopts one: a platform's own flavor or queue of the same name keeps its
 * settings), or a ClusterQueue made for another team.
 */
export function checkQueueOwnership(
  obj: KubeObject,
  live: KubeObject | undefined,
  team: string,
): void {
  if (!live) return;
  const labels = live.metadata.labels ?? {};
  if (labels[LABEL_MANAGED_BY] !== MANAGED_BY_VALUE) {
    throw new ConflictError(
      `${describeObject(
        obj,
      )} already exists and is not managed by eks-aiml (no ${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE} label); provisioning never adopts a Kueue object: ask a platform engineer to rename or delete it`,
    );
  }
  const owner = (obj.metadata.labels ?? {})[LABEL_TEAM];
  if (owner !== undefined && labels[LABEL_TEAM] !== owner) {
    throw new ConflictError(
      `${describeObject(obj)} belongs to team "${
        labels[LABEL_TEAM] ?? '(none)'
      }", not "${team}"`,
    );
  }
}

/**
 * Server-side applies a team's flavors and ClusterQueue (with `force`: the
 * entitlement is the truth), after reading each and refusing, before any
 * write, one the product does not own. A dry run reads only.
 */
export async function provisionTeamQueue(options: {
  client: ObjectClient;
  team: string;
  objects: KubeObject[];
  dryRun: boolean;
}): Promise<AppliedObject[]> {
  const { client, team, objects, dryRun } = options;
  for (const obj of objects) {
    checkQueueOwnership(obj, await client.get(obj), team);
  }
  return applyObjects({ client, objects, dryRun, force: true });
}
