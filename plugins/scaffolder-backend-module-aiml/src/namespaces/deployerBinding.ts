import { NotAllowedError } from '@backstage/errors';
import {
  LABEL_KUBERNETES_ID,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../kubernetes/types';

/** The one standing identity of a project in its namespace (DESIGN.md). */
export function deployerName(component: string): string {
  return `${component}-deployer`;
}

/** The ClusterRole the deployer is bound to. */
export const DEPLOYER_ROLE = 'edit';

/**
 * Refuses a RoleBinding whose subjects are not ServiceAccounts of its own
 * namespace: provisioning never binds a User or a Group (people get access only
 * through broker grants), nor an identity from elsewhere.
 */
export function checkServiceAccountSubjectsOnly(binding: KubeObject): void {
  const subjects = (binding.subjects ?? []) as Array<{
    kind?: string;
    name?: string;
    namespace?: string;
  }>;
  if (subjects.length === 0) {
    throw new NotAllowedError(
      `RoleBinding ${binding.metadata.name} has no subject; provisioning binds exactly the deployer ServiceAccount`,
    );
  }
  for (const s of subjects) {
    if (s.kind !== 'ServiceAccount') {
      throw new NotAllowedError(
        `RoleBinding ${binding.metadata.name} would bind ${s.kind} "${s.name}": provisioning never binds a User or a Group; people get access through the portal's time-bound grants`,
      );
    }
    if (s.namespace !== binding.metadata.namespace) {
      throw new NotAllowedError(
        `RoleBinding ${binding.metadata.name} would bind ServiceAccount ${s.namespace}/${s.name} from another namespace; only the namespace's own deployer is bound`,
      );
    }
  }
}

/** The deployer ServiceAccount and its RoleBinding to `edit`, and nothing else. */
export function deployerObjects(options: {
  namespace: string;
  component: string;
  team: string;
}): [KubeObject, KubeObject] {
  const { namespace, component, team } = options;
  const name = deployerName(component);
  const labels = {
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
    [LABEL_TEAM]: team,
    [LABEL_KUBERNETES_ID]: component,
  };
  const serviceAccount: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels },
  };
  const binding: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace, labels },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: DEPLOYER_ROLE,
    },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  };
  checkServiceAccountSubjectsOnly(binding);
  return [serviceAccount, binding];
}
