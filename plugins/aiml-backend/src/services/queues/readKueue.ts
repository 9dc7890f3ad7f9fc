import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import {
  KUEUE_API_VERSION,
  KueueClusterQueue,
  KueueLocalQueue,
  KueueWorkload,
} from '@eks-aiml/plugin-aiml-common';
import { makeKubernetesApi } from '@eks-aiml/plugin-aiml-node';

const [GROUP, VERSION] = KUEUE_API_VERSION.split('/');

/** What Kueue holds for some namespaces of one cluster, read with the backend's identity. */
export interface KueueState {
  workloads: KueueWorkload[];
  localQueues: KueueLocalQueue[];
  /** The ClusterQueues of the cohort. */
  clusterQueues: KueueClusterQueue[];
}

/**
 * Reads Kueue's objects (the broker's ClusterRole reads them, nothing writes):
 * the Workloads and LocalQueues of the namespaces given, and the ClusterQueues
 * of the cohort. A cluster that does not serve Kueue's API fails with the
 * client's 404, which callers report.
 */
export async function readKueue(
  kubeConfig: KubeConfig,
  options: { namespaces: string[]; cohort: string },
): Promise<KueueState> {
  const custom = makeKubernetesApi(kubeConfig, CustomObjectsApi);
  const inNamespaces = async <T>(plural: string): Promise<T[]> =>
    (
      await Promise.all(
        options.namespaces.map(
          async namespace =>
            (
              (await custom.listNamespacedCustomObject({
                group: GROUP,
                version: VERSION,
                namespace,
                plural,
              })) as { items?: T[] }
            ).items ?? [],
        ),
      )
    ).flat();
  const [workloads, localQueues, all] = await Promise.all([
    inNamespaces<KueueWorkload>('workloads'),
    inNamespaces<KueueLocalQueue>('localqueues'),
    custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'clusterqueues',
    }) as Promise<{ items?: KueueClusterQueue[] }>,
  ]);
  return {
    workloads,
    localQueues,
    clusterQueues: (all.items ?? []).filter(
      q => q.spec?.cohortName === options.cohort,
    ),
  };
}
