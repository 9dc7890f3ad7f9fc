import { CoreV1Api } from '@kubernetes/client-node';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
  RangeSeries,
} from '@eks-aiml/plugin-aiml-node';

/**
 * The Kubernetes labels of a cluster's nodes, by node name.
 *
 * @public
 */
export type NodeLabelReader = (
  cluster: string,
) => Promise<Record<string, Record<string, string>>>;

/**
 * Reads the labels of a cluster's nodes from its Kubernetes API: where
 * kube-state-metrics exports no node labels (no `--metric-labels-allowlist`), the
 * instance type and capacity type come from here. These are today's nodes: a node gone
 * since the window has no labels, and stays unpriced rather than guessed.
 *
 * @public
 */
export async function readNodeLabels(
  registry: AimlClusterRegistry,
  cluster: string,
): Promise<Record<string, Record<string, string>>> {
  const core = makeKubernetesApi(
    await registry.getBackendKubeConfig(cluster),
    CoreV1Api,
  );
  const list = await core.listNode();
  const out: Record<string, Record<string, string>> = {};
  for (const node of list.items) {
    const name = node.metadata?.name;
    if (name) out[name] = { ...node.metadata?.labels };
  }
  return out;
}

/**
 * Kubernetes labels as kube-state-metrics' `kube_node_labels` would carry them
 * (`label_` + the key with every character outside `[a-zA-Z0-9_]` made `_`, case kept),
 * one series per node present throughout the window.
 *
 * @public
 */
export function kubeNodeLabelSeries(
  labelsByNode: Record<string, Record<string, string>>,
  nodes: string[],
  steps: number,
): RangeSeries[] {
  return nodes
    .filter(node => labelsByNode[node])
    .map(node => {
      const labels: Record<string, string> = { node };
      for (const [key, value] of Object.entries(labelsByNode[node])) {
        labels[`label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`] = value;
      }
      return { labels, values: new Float64Array(steps).fill(1) };
    });
}
