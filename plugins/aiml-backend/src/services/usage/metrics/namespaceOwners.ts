import { CoreV1Api } from '@kubernetes/client-node';
import {
  isSystemNamespace,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The team owning each namespace of a cluster, from the cluster's Kubernetes API:
 * only namespaces labelled with BOTH `team` and `app.kubernetes.io/managed-by=eks-aiml`
 * (the rule the access broker follows too; no annotation or catalog entry can point a
 * team at a namespace). Ownership is today's: usage of past windows is attributed by
 * the namespaces' current labels. kube-state-metrics' `kube_namespace_labels` is not used,
 * so a Prometheus whose allow-list drops namespace labels cannot change attribution.
 *
 * @public
 */
export async function readNamespaceOwners(
  registry: AimlClusterRegistry,
  cluster: string,
): Promise<Record<string, string>> {
  const core = makeKubernetesApi(
    await registry.getBackendKubeConfig(cluster),
    CoreV1Api,
  );
  const list = await core.listNamespace({
    labelSelector: `${LABEL_TEAM},${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}`,
  });
  const owners: Record<string, string> = {};
  for (const ns of list.items) {
    const name = ns.metadata?.name;
    const labels = ns.metadata?.labels ?? {};
    const team = labels[LABEL_TEAM];
    if (
      name &&
      team &&
      DNS_LABEL.test(team) &&
      labels[LABEL_MANAGED_BY] === MANAGED_BY_VALUE &&
      !isSystemNamespace(name)
    ) {
      owners[name] = team;
    }
  }
  return owners;
}
