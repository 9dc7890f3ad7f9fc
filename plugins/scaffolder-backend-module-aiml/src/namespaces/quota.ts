import { ACCELERATOR_MODELS } from '@eks-aiml/plugin-aiml-common';

/**
 * Host CPU and memory that go with the accelerators a team is entitled to, per
 * unit: the share of the largest instance shapes of the catalog (p5.48xlarge: 192
 * vCPU and 2 TiB for 8 GPUs; inf2.48xlarge: 192 vCPU and 768 GiB for 24
 * NeuronCores), plus a base for CPU-only pods (Ray heads, job submitters).
 */
export const HOST_SHARE = {
  perGpu: { cpu: 24, memoryGi: 256 },
  perNeuronCore: { cpu: 8, memoryGi: 32 },
  base: { cpu: 16, memoryGi: 64 },
} as const;

/** NeuronCores per Neuron device: 2 for Inferentia2 and Trainium alike. */
export const NEURON_CORES_PER_DEVICE = Math.min(
  ACCELERATOR_MODELS.inferentia2.unitsPerDevice,
  ACCELERATOR_MODELS.trainium.unitsPerDevice,
);

/** A team's accelerator entitlement per namespace, as its ResourceQuota states it. */
export type NamespaceQuota = {
  /** GPUs (`requests.nvidia.com/gpu`). */
  gpu: number;
  /** NeuronCores (`requests.aws.amazon.com/neuroncore`). */
  neuronCores: number;
  /** Neuron devices (`requests.aws.amazon.com/neuron`): NeuronCores / 2, rounded down. */
  neuronDevices: number;
  /** `requests.cpu`, in cores. */
  cpu: number;
  /** `requests.memory`, e.g. `2112Gi`. */
  memory: string;
};

/**
 * The quota of a team namespace from the team's entitlement (config default or
 * Group annotation — never template input). Neuron devices are capped too, so no
 * pod escapes the NeuronCore quota by asking for whole devices.
 */
export function namespaceQuota(entitlement: {
  gpu: number;
  neuronCores: number;
}): NamespaceQuota {
  const gpu = Math.max(0, Math.floor(entitlement.gpu));
  const neuronCores = Math.max(0, Math.floor(entitlement.neuronCores));
  const { perGpu, perNeuronCore, base } = HOST_SHARE;
  return {
    gpu,
    neuronCores,
    neuronDevices: Math.floor(neuronCores / NEURON_CORES_PER_DEVICE),
    cpu: base.cpu + gpu * perGpu.cpu + neuronCores * perNeuronCore.cpu,
    memory: `${
      base.memoryGi +
      gpu * perGpu.memoryGi +
      neuronCores * perNeuronCore.memoryGi
    }Gi`,
  };
}

/** The `spec.hard` of the ResourceQuota. */
export function quotaHard(quota: NamespaceQuota): Record<string, string> {
  return {
    'requests.nvidia.com/gpu': String(quota.gpu),
    'requests.aws.amazon.com/neuroncore': String(quota.neuronCores),
    'requests.aws.amazon.com/neuron': String(quota.neuronDevices),
    'requests.cpu': String(quota.cpu),
    'requests.memory': quota.memory,
  };
}
