import type { PodSeries } from '@eks-aiml/plugin-aiml-common';
import { gpuBusy } from './gpuBusy';
import { neuronBusy } from './neuronBusy';
import { nodeFacts } from './nodeFacts';
import { assembleNodes } from './nodeSeries';
import { draftPods } from './podDrafts';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import type { AcceleratorSeries } from '@eks-aiml/plugin-aiml-node';

/**
 * Joins a cluster's raw exporter series into the cost model's nodes and pods:
 *
 * - nodes: accelerator capacity from `kube_node_status_capacity` (Neuron devices
 *   converted to NeuronCores), instance and capacity type from `kube_node_labels`
 *   (Karpenter's or EKS's label; unknown stays unknown, never on-demand);
 * - GPU units: `nvidia.com/gpu` counts what the node exposes (GPUs; MIG devices of the
 *   `single` strategy), a MIG device of the `mixed` strategy (`nvidia.com/mig-<g>g.<mem>gb`)
 *   g/7 of a GPU, and a time-sliced replica 1/replicas of its device when the replicas
 *   are known (GPU feature discovery's `nvidia.com/gpu.replicas` label, or the renamed
 *   `nvidia.com/gpu.shared` over the instance type's GPUs), so such nodes and pods stay
 *   in GPUs (`resource` stays `nvidia.com/gpu`);
 * - pods: accelerator requests summed over containers, times the share of the step the
 *   pod was Running (`kube_pod_status_phase`), Neuron device requests converted to
 *   NeuronCores by the node's instance type; node and owning workload from `kube_pod_info`, project from
 *   `kube_pod_labels`;
 * - GPU utilization per pod: `DCGM_FI_PROF_GR_ENGINE_ACTIVE` of its devices, else
 *   `DCGM_FI_DEV_GPU_UTIL`/100, joined on dcgm-exporter's pod labels (`exported_*`
 *   accepted), averaged over the pod's devices (MIG devices are devices); a time-sliced
 *   device's ratio is split among the pods on it, each capped at its allocation;
 * - Neuron utilization per pod: through the node (see the Neuron monitor's
 *   instance-level series) and the pods' NeuronCore requests.
 *
 * @public
 */
export function assembleAcceleratorSeries(
  cluster: string,
  steps: number,
  raw: RawAcceleratorMetrics,
): AcceleratorSeries {
  const facts = nodeFacts(raw);
  const nodes = assembleNodes(cluster, steps, raw, facts);
  const drafts = draftPods(steps, raw, facts);
  const busy = new Map([
    ...gpuBusy(drafts, steps, raw),
    ...neuronBusy(drafts, steps, raw),
  ]);
  const pods: PodSeries[] = drafts.map(d => ({
    cluster,
    namespace: d.namespace,
    pod: d.pod,
    ...(d.project ? { project: d.project } : {}),
    ...(d.node ? { node: d.node } : {}),
    ...(d.workload ? { workload: d.workload } : {}),
    resource: d.resource,
    requested: d.requested,
    busy: busy.get(d) ?? new Float64Array(steps),
  }));
  return { nodes, pods };
}
