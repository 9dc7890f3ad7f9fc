import type { RangeSeries } from '@eks-aiml/plugin-aiml-node';

/**
 * The raw exporter series of one cluster over a window, as range queries return them.
 *
 * @public
 */
export interface RawAcceleratorMetrics {
  /**
   * `kube_node_status_capacity{resource=~"…"}` for the accelerator resources
   * (`KSM_ACCELERATOR_RESOURCE_PATTERN`): GPUs, time-sliced GPUs renamed
   * `nvidia.com/gpu.shared`, MIG devices of the mixed strategy, NeuronCores, Neuron devices.
   */
  nodeCapacity: RangeSeries[];
  /** `kube_node_labels` (with the instance-type and capacity-type labels allow-listed). */
  nodeLabels: RangeSeries[];
  /** `kube_node_info` (its `provider_id` joins Neuron `instance_id`s to nodes). */
  nodeInfo: RangeSeries[];
  /** `kube_pod_container_resource_requests` for the accelerator resources. */
  podRequests: RangeSeries[];
  /** `kube_pod_status_phase{phase="Running"}`: the share of each step the pod was Running. */
  podRunning: RangeSeries[];
  /** `kube_pod_info` (the pod's node). */
  podInfo: RangeSeries[];
  /** `kube_pod_labels` (with `backstage.io/kubernetes-id` allow-listed). */
  podLabels: RangeSeries[];
  /**
   * `DCGM_FI_PROF_GR_ENGINE_ACTIVE` of devices held by pods (0–1), per device or averaged
   * per pod. Only per-device series (with the host and `UUID` or `gpu` labels, and
   * `GPU_I_ID` on MIG devices) let pods sharing a time-sliced device split its ratio.
   */
  gpuEngineActive: RangeSeries[];
  /** `DCGM_FI_DEV_GPU_UTIL` of devices held by pods (0–100), the fallback; per device (as `gpuEngineActive`) or averaged per pod. */
  gpuUtil: RangeSeries[];
  /**
   * Busy NeuronCores of each instance: `neuroncore_utilization_ratio` (no pod labels)
   * clamped to 0–1 and summed over the instance's cores (series of one node add up).
   */
  neuronCoreUtilization: RangeSeries[];
}
