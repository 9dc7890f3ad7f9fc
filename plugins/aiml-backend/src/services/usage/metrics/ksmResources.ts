/**
 * kube-state-metrics' names of the accelerator resources.
 *
 * @public
 */
export const KSM_ACCELERATOR_RESOURCES = {
  gpu: 'nvidia_com_gpu',
  neuronCore: 'aws_amazon_com_neuroncore',
  neuronDevice: 'aws_amazon_com_neuron',
  /**
   * The same whole Neuron devices under the name older Neuron device plugins also
   * register (`aws.amazon.com/neurondevice`); counted as devices too.
   */
  neuronDeviceAlias: 'aws_amazon_com_neurondevice',
} as const;

/**
 * A regular expression (anchored, as PromQL's `=~`) matching kube-state-metrics' names
 * of every accelerator resource the cost model counts: {@link KSM_ACCELERATOR_RESOURCES},
 * `nvidia_com_gpu_shared` (time-sliced GPUs with `renameByDefault`) and the MIG devices
 * of the NVIDIA device plugin's `mixed` strategy (`nvidia.com/mig-3g.40gb` is
 * `nvidia_com_mig_3g_40gb`: kube-state-metrics turns every character outside
 * `[a-zA-Z0-9_]` into `_`).
 *
 * @public
 */
export const KSM_ACCELERATOR_RESOURCE_PATTERN =
  'nvidia_com_gpu|nvidia_com_gpu_shared|nvidia_com_mig_.+|aws_amazon_com_neuroncore|aws_amazon_com_neuron|aws_amazon_com_neurondevice';
