import { ANNOTATION_QUOTA_GPU, ANNOTATION_QUOTA_NEURON_CORES } from './labels';

/**
 * A team's accelerator quota per namespace: GPUs and NeuronCores.
 *
 * @public
 */
export interface TeamQuota {
  /** `nvidia.com/gpu` per namespace. */
  gpu: number;
  /** `aws.amazon.com/neuroncore` per namespace (Neuron devices are counted as cores). */
  neuronCores: number;
}

/**
 * Why a workload's starting size (pods × accelerators per pod) does not fit the team's
 * quota of its namespace, or undefined when it fits. Beyond the quota the namespace's
 * ResourceQuota refuses pods and the workload never runs whole, so the provisioning
 * actions refuse it and the template form warns with this same message.
 *
 * @public
 */
export function quotaShortfall(options: {
  team: string;
  /** The namespace the quota applies to, when known. */
  namespace?: string;
  vendor: 'nvidia' | 'aws';
  /** Accelerators per pod: GPUs, or NeuronCores for Neuron. */
  perPod: number;
  pods: number;
  quota: TeamQuota;
}): string | undefined {
  const { team, namespace, perPod, pods } = options;
  const gpu = options.vendor === 'nvidia';
  const quota = gpu ? options.quota.gpu : options.quota.neuronCores;
  const total = pods * perPod;
  if (total <= quota) return undefined;
  const unit = gpu ? 'GPUs' : 'NeuronCores';
  const fewer = Math.floor(quota / perPod);
  const fits =
    fewer > 0
      ? `at most ${fewer} pod${fewer === 1 ? '' : 's'} of ${perPod} fit`
      : `not one pod of ${perPod} fits`;
  const annotation = gpu ? ANNOTATION_QUOTA_GPU : ANNOTATION_QUOTA_NEURON_CORES;
  return `${pods} pods × ${perPod} ${unit} = ${total} ${unit}, more than team "${team}"'s quota of ${quota} ${unit}${
    namespace ? ` in ${namespace}` : ' per namespace'
  }: ${fits}. Ask for fewer, or have a platform admin raise the Group's ${annotation} annotation`;
}
