import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  isSystemNamespace,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';

/**
 * Refuses to provision a namespace that is not the team's to provision: a system
 * namespace, an existing namespace the product does not manage (it never adopts
 * one) or a namespace managed for another team. `live` is the namespace as the
 * cluster has it, or undefined when it does not exist yet. Throws; returns nothing.
 */
export function checkNamespaceOwnership(options: {
  name: string;
  team: string;
  live?: { metadata?: { labels?: Record<string, string> } };
}): void {
  const { name, team, live } = options;
  if (isSystemNamespace(name)) {
    throw new NotAllowedError(
      `"${name}" is a system namespace: provisioning never touches default, kube-* or other system namespaces; provision the team's own <team>-<workload-type> namespace`,
    );
  }
  if (!live) return;
  const labels = live.metadata?.labels ?? {};
  if (labels[LABEL_MANAGED_BY] !== MANAGED_BY_VALUE) {
    throw new ConflictError(
      `namespace "${name}" already exists and is not managed by eks-aiml (it has no ${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE} label); provisioning never adopts an existing namespace: ask a platform engineer to empty and delete it, or to label it for team "${team}"`,
    );
  }
  if (labels[LABEL_TEAM] !== team) {
    throw new NotAllowedError(
      labels[LABEL_TEAM]
        ? `namespace "${name}" belongs to team "${labels[LABEL_TEAM]}", not "${team}"; a team provisions only its own namespaces`
        : `namespace "${name}" is managed by eks-aiml but has no ${LABEL_TEAM} label, so it belongs to no team; a platform engineer must fix its labels`,
    );
  }
}
