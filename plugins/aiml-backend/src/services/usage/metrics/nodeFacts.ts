import type { CapacityType } from '@eks-aiml/plugin-aiml-common';
import { groupBy } from './groupBy';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import { labelOf } from './seriesLabels';
import type { RangeSeries } from '@eks-aiml/plugin-aiml-node';

export interface NodeFacts {
  name: string;
  instanceType?: string;
  capacityType?: CapacityType;
  /** The availability zone, which prices spot by the zone's history. */
  zone?: string;
  gpuProduct?: string;
  /** The node's `kube_node_labels` series. */
  labels?: RangeSeries[];
  /** The most `nvidia.com/gpu.shared` units the node exposed in the window. */
  sharedGpus?: number;
}

function capacityTypeOf(
  labels: RangeSeries[] | undefined,
): CapacityType | undefined {
  const karpenter = labelOf(labels, 'label_karpenter_sh_capacity_type');
  if (karpenter === 'spot' || karpenter === 'on-demand') return karpenter;
  // kube-state-metrics keeps the case of label keys: eks.amazonaws.com/capacityType.
  const eks =
    labelOf(labels, 'label_eks_amazonaws_com_capacityType') ??
    labelOf(labels, 'label_eks_amazonaws_com_capacitytype');
  if (eks === 'SPOT') return 'spot';
  if (eks === 'ON_DEMAND') return 'on-demand';
  // Unknown: the cost model reports such nodes as unpriced, never as on-demand.
  return undefined;
}

export function nodeFacts(
  raw: Pick<RawAcceleratorMetrics, 'nodeCapacity' | 'nodeLabels'>,
): Map<string, NodeFacts> {
  const labels = groupBy(raw.nodeLabels, s => s.labels.node);
  const names = new Set<string>([
    ...raw.nodeCapacity.map(s => s.labels.node).filter(Boolean),
    ...labels.keys(),
  ]);
  const out = new Map<string, NodeFacts>();
  const sharedGpus = new Map<string, number>();
  for (const s of raw.nodeCapacity) {
    if (s.labels.resource !== 'nvidia_com_gpu_shared' || !s.labels.node) {
      continue;
    }
    let most = sharedGpus.get(s.labels.node) ?? 0;
    for (const v of s.values) if (v > most) most = v;
    sharedGpus.set(s.labels.node, most);
  }
  for (const name of names) {
    const l = labels.get(name);
    out.set(name, {
      name,
      instanceType:
        labelOf(l, 'label_node_kubernetes_io_instance_type') ??
        labelOf(l, 'label_beta_kubernetes_io_instance_type'),
      capacityType: capacityTypeOf(l),
      zone:
        labelOf(l, 'label_topology_kubernetes_io_zone') ??
        labelOf(l, 'label_failure_domain_beta_kubernetes_io_zone'),
      gpuProduct: labelOf(l, 'label_nvidia_com_gpu_product'),
      labels: l,
      sharedGpus: sharedGpus.get(name),
    });
  }
  return out;
}

/**
 * The accelerated nodes whose `kube_node_labels` give no instance type or no capacity
 * type: they cannot be priced from the metrics alone.
 *
 * @public
 */
export function nodesWithoutPriceLabels(
  raw: Pick<RawAcceleratorMetrics, 'nodeCapacity' | 'nodeLabels'>,
): string[] {
  const accelerated = new Set(raw.nodeCapacity.map(s => s.labels.node));
  return [...nodeFacts(raw).values()]
    .filter(
      f => accelerated.has(f.name) && (!f.instanceType || !f.capacityType),
    )
    .map(f => f.name)
    .sort();
}
