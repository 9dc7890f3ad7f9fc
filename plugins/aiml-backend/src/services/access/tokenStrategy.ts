import {
  CoreV1Api,
  RbacAuthorizationV1Api,
  V1ObjectMeta,
} from '@kubernetes/client-node';
import {
  BROKER_NAMESPACE,
  grantIdentityName,
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';
import {
  grantLabels,
  GrantRoleBindings,
  LABEL_GRANT_ID,
} from './grantRoleBindings';
import { createOwn, ignoring, KubernetesCalls } from './kubernetesCalls';
import { RetryOptions } from './retry';
import { Grant } from './types';

export { LABEL_GRANT_ID };

/** A grant's object found on a cluster. */
export type GrantObjectRef = {
  namespace: string;
  kind: 'ServiceAccount' | 'RoleBinding';
};

/**
 * The token strategy: one ServiceAccount per grant in the broker's own namespace
 * (never a team namespace, so no grant can reach another grant's identity),
 * RoleBindings to the product's ClusterRole of the grant's level in each of the
 * team's namespaces, and TokenRequests bound to that ServiceAccount. Revoking
 * deletes the ServiceAccount, so every token of the grant dies at once. Every step
 * is idempotent, so the reconciler can re-run it after a crash, and each cluster
 * call is retried on throttling, 5xx, conflicts and dropped connections.
 */
export class TokenStrategy {
  private readonly calls: KubernetesCalls;
  private readonly bindings: GrantRoleBindings;

  constructor(
    private readonly registry: AimlClusterRegistry,
    retry?: RetryOptions,
  ) {
    this.calls = new KubernetesCalls(retry);
    this.bindings = new GrantRoleBindings(registry, this.calls);
  }

  private async apis(cluster: string) {
    const kc = await this.registry.getBackendKubeConfig(cluster);
    return {
      core: makeKubernetesApi(kc, CoreV1Api),
      rbac: makeKubernetesApi(kc, RbacAuthorizationV1Api),
    };
  }

  async provision(grant: Grant): Promise<void> {
    const { core } = await this.apis(grant.cluster);
    const name = grantIdentityName(grant.id);
    await createOwn(
      this.calls,
      () =>
        core.createNamespacedServiceAccount({
          namespace: BROKER_NAMESPACE,
          body: {
            metadata: {
              name,
              labels: grantLabels(grant.id),
              annotations: { 'aiml.eks.aws/grantee': grant.userRef },
            },
            automountServiceAccountToken: false,
          },
        }),
      () =>
        core.readNamespacedServiceAccount({
          name,
          namespace: BROKER_NAMESPACE,
        }),
    );
    await this.bindings.create(grant, {
      kind: 'ServiceAccount',
      name,
      namespace: BROKER_NAMESPACE,
    });
  }

  /** A token for the grant's ServiceAccount, valid until the grant ends (at least 10 minutes, as clusters require). */
  async issueToken(
    grant: Grant,
    nowMs: number,
  ): Promise<{ token: string; expiresAt: string }> {
    const { core } = await this.apis(grant.cluster);
    const remainingSeconds = Math.ceil(
      (Date.parse(grant.expiresAt) - nowMs) / 1000,
    );
    // A TokenRequest whose answer was lost only made a token nobody holds.
    const response = await this.calls.retrying(() =>
      core.createNamespacedServiceAccountToken({
        name: grantIdentityName(grant.id),
        namespace: BROKER_NAMESPACE,
        body: {
          spec: {
            expirationSeconds: Math.max(600, remainingSeconds),
            audiences: [],
          },
        },
      }),
    );
    return {
      token: response.status!.token,
      expiresAt: new Date(
        Math.min(
          Date.parse(grant.expiresAt),
          Date.parse(String(response.status!.expirationTimestamp)),
        ),
      ).toISOString(),
    };
  }

  /**
   * Deletes the grant's RoleBindings and ServiceAccount; resolves only once the
   * cluster confirms they are gone. Grants of releases before the bundle kept their
   * ServiceAccount in the team's first namespace: that one is deleted too.
   */
  async revoke(grant: Grant): Promise<void> {
    const { core } = await this.apis(grant.cluster);
    const name = grantIdentityName(grant.id);
    await this.bindings.delete(grant);
    await this.deleteServiceAccount(core, name, BROKER_NAMESPACE);
    const legacyHome = grant.namespaces[0];
    const legacy =
      legacyHome &&
      (await this.calls.retrying(() =>
        ignoring([404], () =>
          core.readNamespacedServiceAccount({ name, namespace: legacyHome }),
        ),
      ));
    if (legacy) await this.deleteServiceAccount(core, name, legacyHome);
  }

  /** Deletes a ServiceAccount and resolves once the cluster no longer has it. */
  private async deleteServiceAccount(
    core: CoreV1Api,
    name: string,
    namespace: string,
  ): Promise<void> {
    await this.calls.retrying(() =>
      ignoring([404], () =>
        core.deleteNamespacedServiceAccount({ name, namespace }),
      ),
    );
    const still = await this.calls.retrying(() =>
      ignoring([404], () =>
        core.readNamespacedServiceAccount({ name, namespace }),
      ),
    );
    if (still)
      throw new Error(
        `ServiceAccount ${namespace}/${name} still exists after delete`,
      );
  }

  /** Grant ids that have objects on the cluster (for orphan clean-up), in any namespace. */
  async grantIdsOnCluster(
    cluster: string,
  ): Promise<Map<string, GrantObjectRef[]>> {
    const { core, rbac } = await this.apis(cluster);
    const selector = {
      labelSelector: `${LABEL_GRANT_ID},${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}`,
    };
    const [sas, bindings] = await Promise.all([
      core.listServiceAccountForAllNamespaces(selector),
      rbac.listRoleBindingForAllNamespaces(selector),
    ]);
    const found = new Map<string, GrantObjectRef[]>();
    const add = (kind: GrantObjectRef['kind'], metadata?: V1ObjectMeta) => {
      const id = metadata?.labels?.[LABEL_GRANT_ID];
      if (!id || !metadata?.namespace) return;
      found.set(id, [
        ...(found.get(id) ?? []),
        { namespace: metadata.namespace, kind },
      ]);
    };
    sas.items.forEach(i => add('ServiceAccount', i.metadata));
    bindings.items.forEach(i => add('RoleBinding', i.metadata));
    return found;
  }

  /** Deletes objects of a grant the database does not know as active (left by a crash). */
  async deleteOrphan(
    cluster: string,
    grantId: string,
    objects: GrantObjectRef[],
  ): Promise<void> {
    const { core, rbac } = await this.apis(cluster);
    const name = grantIdentityName(grantId);
    for (const o of objects) {
      if (o.kind === 'RoleBinding')
        await ignoring([404], () =>
          rbac.deleteNamespacedRoleBinding({ name, namespace: o.namespace }),
        );
      else
        await ignoring([404], () =>
          core.deleteNamespacedServiceAccount({ name, namespace: o.namespace }),
        );
    }
  }
}
