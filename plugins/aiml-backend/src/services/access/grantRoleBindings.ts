import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import {
  grantIdentityName,
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
  PRODUCT_CLUSTER_ROLES,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';
import { createOwn, ignoring, KubernetesCalls } from './kubernetesCalls';
import { Grant } from './types';

/** Label on every object a grant creates, so orphans can be found after a crash. */
export const LABEL_GRANT_ID = 'aiml.eks.aws/grant-id';

/** Who a grant's RoleBindings name: its ServiceAccount (token) or its Kubernetes group (access entry). */
export type GrantSubject =
  | { kind: 'ServiceAccount'; name: string; namespace: string }
  | { kind: 'Group'; name: string; apiGroup: 'rbac.authorization.k8s.io' };

/** The labels of every object of a grant. */
export function grantLabels(grantId: string): Record<string, string> {
  return { [LABEL_MANAGED_BY]: MANAGED_BY_VALUE, [LABEL_GRANT_ID]: grantId };
}

/**
 * The RoleBindings of a grant: one per team namespace, named after the grant,
 * binding its subject to the product's ClusterRole of the grant's level (never
 * Kubernetes' own view/edit/admin, which take in whatever a cluster aggregates).
 * Shared by both strategies; every call idempotent and retried.
 */
export class GrantRoleBindings {
  constructor(
    private readonly registry: AimlClusterRegistry,
    private readonly calls: KubernetesCalls,
  ) {}

  private async rbac(cluster: string) {
    return makeKubernetesApi(
      await this.registry.getBackendKubeConfig(cluster),
      RbacAuthorizationV1Api,
    );
  }

  async create(grant: Grant, subject: GrantSubject): Promise<void> {
    const rbac = await this.rbac(grant.cluster);
    const name = grantIdentityName(grant.id);
    for (const namespace of grant.namespaces) {
      await createOwn(
        this.calls,
        () =>
          rbac.createNamespacedRoleBinding({
            namespace,
            body: {
              metadata: { name, labels: grantLabels(grant.id) },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: PRODUCT_CLUSTER_ROLES[grant.level],
              },
              subjects: [subject],
            },
          }),
        () => rbac.readNamespacedRoleBinding({ name, namespace }),
      );
    }
  }

  /** Deletes the grant's RoleBindings; resolves once the cluster has confirmed each. */
  async delete(grant: Pick<Grant, 'id' | 'cluster' | 'namespaces'>) {
    const rbac = await this.rbac(grant.cluster);
    const name = grantIdentityName(grant.id);
    for (const namespace of grant.namespaces) {
      await this.calls.retrying(() =>
        ignoring([404], () =>
          rbac.deleteNamespacedRoleBinding({ name, namespace }),
        ),
      );
    }
  }
}
