import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import {
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';
import {
  DEFAULT_KUBERNETES_RETRY,
  isRetryableKubernetesError,
  RetryOptions,
  withRetry,
} from './retry';
import { Grant } from './types';

/** Label on every object a grant creates, so orphans can be found after a crash. */
export const LABEL_GRANT_ID = 'aiml.eks.aws/grant-id';

const CLUSTER_ROLE: Record<Grant['level'], string> = {
  view: 'view',
  edit: 'edit',
  admin: 'admin',
};

/** The ServiceAccount (and RoleBinding) name of a grant. */
export function grantObjectName(grantId: string): string {
  return `aiml-grant-${grantId}`;
}

function status(error: any): number | undefined {
  return typeof error?.code === 'number' ? error.code : undefined;
}

async function ignoring<T>(
  codes: number[],
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (codes.includes(status(error) ?? -1)) return undefined;
    throw error;
  }
}

/**
 * The token strategy: one ServiceAccount per grant in the team's first namespace,
 * RoleBindings to the `view`/`edit`/`admin` ClusterRole in each of the team's
 * namespaces, and TokenRequests bound to that ServiceAccount. Revoking deletes the
 * ServiceAccount, so every token of the grant dies at once. Every step is
 * idempotent, so the reconciler can re-run it after a crash, and each cluster call is
 * retried on throttling, 5xx, conflicts and dropped connections.
 */
export class TokenStrategy {
  constructor(
    private readonly registry: AimlClusterRegistry,
    private readonly retry: RetryOptions = DEFAULT_KUBERNETES_RETRY,
  ) {}

  /** A Kubernetes call, retried on throttling, 5xx, conflicts and dropped connections. */
  private retrying<T>(call: () => Promise<T>): Promise<T> {
    return withRetry(call, this.retry, isRetryableKubernetesError);
  }

  /**
   * Creates one object of a grant. Its name holds the grant's random id, so an object
   * of that name is the grant's own: a 409 whose object is there (an earlier attempt
   * whose answer was lost, or a concurrent writer) is success; a 409 whose object is not
   * there applied nothing and is tried again, like throttling and 5xx.
   */
  private async createOwn(
    create: () => Promise<unknown>,
    read: () => Promise<unknown>,
  ): Promise<void> {
    await this.retrying(async () => {
      try {
        await create();
      } catch (error) {
        if (status(error) !== 409) throw error;
        if ((await ignoring([404], read)) === undefined) throw error;
      }
    });
  }

  private async apis(cluster: string) {
    const kc = await this.registry.getBackendKubeConfig(cluster);
    return {
      core: makeKubernetesApi(kc, CoreV1Api),
      rbac: makeKubernetesApi(kc, RbacAuthorizationV1Api),
    };
  }

  async provision(grant: Grant): Promise<void> {
    const { core, rbac } = await this.apis(grant.cluster);
    const name = grantObjectName(grant.id);
    const home = grant.namespaces[0];
    const labels = {
      [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
      [LABEL_GRANT_ID]: grant.id,
    };
    await this.createOwn(
      () =>
        core.createNamespacedServiceAccount({
          namespace: home,
          body: {
            metadata: {
              name,
              labels,
              annotations: { 'aiml.eks.aws/grantee': grant.userRef },
            },
            automountServiceAccountToken: false,
          },
        }),
      () => core.readNamespacedServiceAccount({ name, namespace: home }),
    );
    for (const namespace of grant.namespaces) {
      await this.createOwn(
        () =>
          rbac.createNamespacedRoleBinding({
            namespace,
            body: {
              metadata: { name, labels },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: CLUSTER_ROLE[grant.level],
              },
              subjects: [{ kind: 'ServiceAccount', name, namespace: home }],
            },
          }),
        () => rbac.readNamespacedRoleBinding({ name, namespace }),
      );
    }
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
    const response = await this.retrying(() =>
      core.createNamespacedServiceAccountToken({
        name: grantObjectName(grant.id),
        namespace: grant.namespaces[0],
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

  /** Deletes the grant's RoleBindings and ServiceAccount; resolves only once the cluster confirms they are gone. */
  async revoke(grant: Grant): Promise<void> {
    const { core, rbac } = await this.apis(grant.cluster);
    const name = grantObjectName(grant.id);
    for (const namespace of grant.namespaces) {
      await this.retrying(() =>
        ignoring([404], () =>
          rbac.deleteNamespacedRoleBinding({ name, namespace }),
        ),
      );
    }
    await this.retrying(() =>
      ignoring([404], () =>
        core.deleteNamespacedServiceAccount({
          name,
          namespace: grant.namespaces[0],
        }),
      ),
    );
    const still = await this.retrying(() =>
      ignoring([404], () =>
        core.readNamespacedServiceAccount({
          name,
          namespace: grant.namespaces[0],
        }),
      ),
    );
    if (still)
      throw new Error(
        `ServiceAccount ${grant.namespaces[0]}/${name} still exists after delete`,
      );
  }

  /** Grant ids that have objects on the cluster (for orphan clean-up). */
  async grantIdsOnCluster(
    cluster: string,
  ): Promise<
    Map<string, { namespace: string; kind: 'ServiceAccount' | 'RoleBinding' }[]>
  > {
    const { core, rbac } = await this.apis(cluster);
    const selector = {
      labelSelector: `${LABEL_GRANT_ID},${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}`,
    };
    const [sas, bindings] = await Promise.all([
      core.listServiceAccountForAllNamespaces(selector),
      rbac.listRoleBindingForAllNamespaces(selector),
    ]);
    const found = new Map<
      string,
      { namespace: string; kind: 'ServiceAccount' | 'RoleBinding' }[]
    >();
    const add = (
      kind: 'ServiceAccount' | 'RoleBinding',
      metadata?: { labels?: Record<string, string>; namespace?: string },
    ) => {
      const id = metadata?.labels?.[LABEL_GRANT_ID];
      if (!id || !metadata?.namespace) return;
      found.set(id, [
        ...(found.get(id) ?? []),
        { namespace: metadata.namespace, kind },
      ]);
    };
    sas.items.forEach(i => add('ServiceAccount', i.metadata as any));
    bindings.items.forEach(i => add('RoleBinding', i.metadata as any));
    return found;
  }

  /** Deletes objects of a grant the database does not know as active (left by a crash). */
  async deleteOrphan(
    cluster: string,
    grantId: string,
    objects: { namespace: string; kind: string }[],
  ): Promise<void> {
    const { core, rbac } = await this.apis(cluster);
    const name = grantObjectName(grantId);
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
