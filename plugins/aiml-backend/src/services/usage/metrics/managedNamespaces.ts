import { CoreV1Api } from '@kubernetes/client-node';
import {
  isSystemNamespace,
  LABEL_COST_CENTER,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  LABEL_WORKLOAD_TYPE,
  MANAGED_BY_VALUE,
  NamespaceLabels,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A namespace the product manages: its owning team and the labels usage groups by. */
export type ManagedNamespace = NamespaceLabels & {
  /** The `team` label. */
  team: string;
};

/**
 * The namespaces of a cluster the product manages, by name, from the cluster's
 * Kubernetes API: only namespaces labelled with BOTH `team` and
 * `app.kubernetes.io/managed-by=eks-aiml` (the rule the access broker follows too; no
 * annotation or catalog entry can point a team at a namespace), with their `cost-center`
 * and `workload-type` labels (empty values read as absent). Labels are today's: usage
 * of past windows is attributed by the namespaces' current labels.
 * kube-state-metrics' `kube_namespace_labels` is not used, so a Prometheus whose
 * allow-list drops namespace labels cannot change attribution.
 */
export async function readManagedNamespaces(
  registry: AimlClusterRegistry,
  cluster: string,
): Promise<Record<string, ManagedNamespace>> {
  const core = makeKubernetesApi(
    await registry.getBackendKubeConfig(cluster),
    CoreV1Api,
  );
  const list = await core.listNamespace({
    labelSelector: `${LABEL_TEAM},${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}`,
  });
  const managed: Record<string, ManagedNamespace> = {};
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
      const costCenter = labels[LABEL_COST_CENTER];
      const workloadType = labels[LABEL_WORKLOAD_TYPE];
      managed[name] = {
        team,
        ...(costCenter ? { costCenter } : {}),
        ...(workloadType ? { workloadType } : {}),
      };
    }
  }
  return managed;
}
