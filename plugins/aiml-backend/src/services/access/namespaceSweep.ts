import {
  CoreV1Api,
  RbacAuthorizationV1Api,
  RbacV1Subject,
  V1ObjectMeta,
  V1RoleRef,
} from '@kubernetes/client-node';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';
import { audited } from './auditContext';
import { describeError } from './describeError';
import { ignoring } from './kubernetesCalls';
import { identityVerdict, NamespaceIdentity } from './namespaceIdentities';

/** What one sweep found: grants of older releases still on the clusters. */
export interface SweepResult {
  legacyGrantIds: Set<string>;
}

const toIdentity = (
  kind: NamespaceIdentity['kind'],
  o: {
    metadata?: V1ObjectMeta;
    roleRef?: V1RoleRef;
    subjects?: RbacV1Subject[];
  },
): NamespaceIdentity => ({
  kind,
  namespace: o.metadata?.namespace ?? '',
  name: o.metadata?.name ?? '',
  labels: o.metadata?.labels,
  ownerKinds: (o.metadata?.ownerReferences ?? []).map(r => r.kind),
  roleRef: o.roleRef,
  subjects: o.subjects,
});

/**
 * Migrates clusters used by older releases and keeps team namespaces clean: in
 * every managed namespace it deletes the ServiceAccounts and RoleBindings that
 * neither the bundle nor provisioning made (deployers, backdoors), reports
 * unexpected Roles, and returns the grants whose objects predate the bundle so
 * the broker ends them. Every deletion and report goes to the auditor.
 */
export class NamespaceSweep {
  constructor(
    private readonly deps: {
      registry: AimlClusterRegistry;
      auditor: AuditorService;
      logger: LoggerService;
    },
  ) {}

  async run(): Promise<SweepResult> {
    const legacyGrantIds = new Set<string>();
    for (const { name: cluster } of this.deps.registry.listClusters()) {
      try {
        await this.sweepCluster(cluster, legacyGrantIds);
      } catch (error) {
        this.deps.logger.warn(
          `Could not check the identities in the team namespaces of ${cluster}: ${describeError(
            error,
          )}`,
        );
      }
    }
    return { legacyGrantIds };
  }

  private async sweepCluster(cluster: string, legacy: Set<string>) {
    const kc = await this.deps.registry.getBackendKubeConfig(cluster);
    const core = makeKubernetesApi(kc, CoreV1Api);
    const rbac = makeKubernetesApi(kc, RbacAuthorizationV1Api);
    const managed = new Set(
      (
        await core.listNamespace({
          labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE},${LABEL_TEAM}`,
        })
      ).items.map(n => n.metadata!.name!),
    );
    const [accounts, bindings, roles] = await Promise.all([
      core.listServiceAccountForAllNamespaces(),
      rbac.listRoleBindingForAllNamespaces(),
      rbac.listRoleForAllNamespaces(),
    ]);
    const identities = [
      ...accounts.items.map(o => toIdentity('ServiceAccount', o)),
      ...bindings.items.map(o => toIdentity('RoleBinding', o)),
      ...roles.items.map(o => toIdentity('Role', o)),
    ].filter(o => managed.has(o.namespace));
    // Bindings before accounts: a token stops working for RBAC before its identity goes.
    const rank = { RoleBinding: 0, Role: 1, ServiceAccount: 2 };
    identities.sort((a, b) => rank[a.kind] - rank[b.kind]);
    for (const identity of identities) {
      const verdict = identityVerdict(identity);
      const what = `${identity.kind} ${identity.namespace}/${identity.name} on ${cluster}`;
      if (verdict.action === 'end-legacy-grant') {
        legacy.add(verdict.grantId);
      } else if (verdict.action === 'report') {
        await audited(
          this.deps.auditor,
          'access-namespace-unexpected-identity',
          { cluster, ...identity, why: verdict.why },
          {},
          async () => undefined,
        );
        this.deps.logger.warn(`${what}: ${verdict.why}`);
      } else if (verdict.action === 'delete') {
        await audited(
          this.deps.auditor,
          'access-namespace-identity-delete',
          { cluster, ...identity, why: verdict.why },
          {},
          () =>
            ignoring([404], () =>
              identity.kind === 'RoleBinding'
                ? rbac.deleteNamespacedRoleBinding({
                    name: identity.name,
                    namespace: identity.namespace,
                  })
                : core.deleteNamespacedServiceAccount({
                    name: identity.name,
                    namespace: identity.namespace,
                  }),
            ),
        );
        this.deps.logger.warn(`Deleted ${what}: ${verdict.why}`);
      }
    }
  }
}
