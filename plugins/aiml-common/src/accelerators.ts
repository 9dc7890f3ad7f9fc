/**
 * The accelerator catalog: EC2 instance types with accelerators, what they carry and
 * what they cost on demand (us-east-1, Linux, USD per hour; Karpenter's generated AWS
 * pricing table, July 2026). Prices are defaults: deployments override them in config.
 */

/**
 * The Kubernetes extended resource an accelerator is requested as.
 *
 * @public
 */
export type AcceleratorResource =
  | 'nvidia.com/gpu'
  | 'aws.amazon.com/neuroncore';

/**
 * One kind of accelerator.
 *
 * @public
 */
export interface AcceleratorModel {
  /** Stable key, e.g. `nvidia-a100-40gb`, `aws-trainium`. */
  type: string;
  /** Display name, e.g. `NVIDIA A100 40GB`. */
  displayName: string;
  vendor: 'nvidia' | 'aws';
  resource: AcceleratorResource;
  /** Memory per device in GiB. */
  memoryGiBPerDevice: number;
  /** Neuron devices expose several NeuronCores; GPUs count as one unit per device. */
  unitsPerDevice: number;
}

/**
 * An instance type with accelerators.
 *
 * @public
 */
export interface AcceleratorInstanceType {
  instanceType: string;
  accelerator: AcceleratorModel;
  /** Accelerator devices per instance (GPUs, Inferentia2 or Trainium chips). */
  devices: number;
  vcpus: number;
  memoryGiB: number;
  /** On-demand price per instance-hour, USD, us-east-1. */
  onDemandHourly: number;
  /**
   * Elastic Fabric Adapter interfaces the instance type supports (EC2's
   * `NetworkInfo.EfaInfo.MaximumEfaInterfaces`, which Karpenter advertises as the
   * node's `vpc.amazonaws.com/efa` capacity), for the multi-card training types;
   * absent otherwise.
   */
  efaInterfaces?: number;
}

const model = (m: AcceleratorModel) => m;

/**
 * The accelerator models the catalog knows.
 *
 * @public
 */
export const ACCELERATOR_MODELS = {
  a100: model({
    type: 'nvidia-a100-40gb',
    displayName: 'NVIDIA A100 40GB',
    vendor: 'nvidia',
    resource: 'nvidia.com/gpu',
    memoryGiBPerDevice: 40,
    unitsPerDevice: 1,
  }),
  a100_80: model({
    type: 'nvidia-a100-80gb',
    displayName: 'NVIDIA A100 80GB',
    vendor: 'nvidia',
    resource: 'nvidia.com/gpu',
    memoryGiBPerDevice: 80,
    unitsPerDevice: 1,
  }),
  h100: model({
    type: 'nvidia-h100',
    displayName: 'NVIDIA H100 80GB',
    vendor: 'nvidia',
    resource: 'nvidia.com/gpu',
    memoryGiBPerDevice: 80,
    unitsPerDevice: 1,
  }),
  h200: model({
    type: 'nvidia-h200',
    displayName: 'NVIDIA H200 141GB',
    vendor: 'nvidia',
    resource: 'nvidia.com/gpu',
    memoryGiBPerDevice: 141,
    unitsPerDevice: 1,
  }),
  a10g: model({
    type: 'nvidia-a10g',
    displayName: 'NVIDIA A10G 24GB',
    vendor: 'nvidia',
    resource: 'nvidia.com/gpu',
    memoryGiBPerDevice: 24,
    unitsPerDevice: 1,
  }),
  l4: model({
    type: 'nvidia-l4',
    displayName: 'NVIDIA L4 24GB',
    vendor: 'nvidia',
    resource: 'nvidia.com/gpu',
    memoryGiBPerDevice: 24,
    unitsPerDevice: 1,
  }),
  l40s: model({
    type: 'nvidia-l40s',
    displayName: 'NVIDIA L40S 48GB',
    vendor: 'nvidia',
    resource: 'nvidia.com/gpu',
    memoryGiBPerDevice: 48,
    unitsPerDevice: 1,
  }),
  inferentia2: model({
    type: 'aws-inferentia2',
    displayName: 'AWS Inferentia2',
    vendor: 'aws',
    resource: 'aws.amazon.com/neuroncore',
    memoryGiBPerDevice: 32,
    unitsPerDevice: 2,
  }),
  trainium: model({
    type: 'aws-trainium',
    displayName: 'AWS Trainium',
    vendor: 'aws',
    resource: 'aws.amazon.com/neuroncore',
    memoryGiBPerDevice: 32,
    unitsPerDevice: 2,
  }),
} as const;

const m = ACCELERATOR_MODELS;
const it = (
  instanceType: string,
  accelerator: AcceleratorModel,
  devices: number,
  vcpus: number,
  memoryGiB: number,
  onDemandHourly: number,
  efaInterfaces?: number,
): AcceleratorInstanceType => ({
  instanceType,
  accelerator,
  devices,
  vcpus,
  memoryGiB,
  onDemandHourly,
  ...(efaInterfaces ? { efaInterfaces } : {}),
});

/**
 * Every accelerated instance type the product prices, by name. EFA interfaces of the
 * multi-card training types: p4d/p4de 4, p5 32, p5en 16 (the counts TorchX's AWS named
 * resources request, `torchx/specs/named_resources_aws.py`; EC2 "Maximize network
 * bandwidth on instances with multiple network cards"), trn1.32xlarge 8 and
 * trn1n.32xlarge 16 (Neuron docs, "How to prepare trn1.32xlarge for multi-node execution").
 *
 * @public
 */
export const ACCELERATOR_INSTANCE_TYPES: ReadonlyArray<AcceleratorInstanceType> =
  [
    it('p4d.24xlarge', m.a100, 8, 96, 1152, 21.957642, 4),
    it('p4de.24xlarge', m.a100_80, 8, 96, 1152, 27.44705, 4),
    it('p5.4xlarge', m.h100, 1, 16, 256, 6.88),
    it('p5.48xlarge', m.h100, 8, 192, 2048, 55.04, 32),
    it('p5en.48xlarge', m.h200, 8, 192, 2048, 63.296, 16),
    it('g5.xlarge', m.a10g, 1, 4, 16, 1.006),
    it('g5.2xlarge', m.a10g, 1, 8, 32, 1.212),
    it('g5.4xlarge', m.a10g, 1, 16, 64, 1.624),
    it('g5.8xlarge', m.a10g, 1, 32, 128, 2.448),
    it('g5.16xlarge', m.a10g, 1, 64, 256, 4.096),
    it('g5.12xlarge', m.a10g, 4, 48, 192, 5.672),
    it('g5.24xlarge', m.a10g, 4, 96, 384, 8.144),
    it('g5.48xlarge', m.a10g, 8, 192, 768, 16.288),
    it('g6.xlarge', m.l4, 1, 4, 16, 0.8048),
    it('g6.12xlarge', m.l4, 4, 48, 192, 4.6016),
    it('g6.48xlarge', m.l4, 8, 192, 768, 13.3504),
    it('g6e.xlarge', m.l40s, 1, 4, 32, 1.861),
    it('g6e.12xlarge', m.l40s, 4, 48, 384, 10.49264),
    it('g6e.48xlarge', m.l40s, 8, 192, 1536, 30.13118),
    it('inf2.xlarge', m.inferentia2, 1, 4, 16, 0.7582),
    it('inf2.8xlarge', m.inferentia2, 1, 32, 128, 1.96786),
    it('inf2.24xlarge', m.inferentia2, 6, 96, 384, 6.49063),
    it('inf2.48xlarge', m.inferentia2, 12, 192, 768, 12.98127),
    it('trn1.2xlarge', m.trainium, 1, 8, 32, 1.34375),
    it('trn1.32xlarge', m.trainium, 16, 128, 512, 21.5, 8),
    it('trn1n.32xlarge', m.trainium, 16, 128, 512, 24.78, 16),
  ];

const byName = new Map(
  ACCELERATOR_INSTANCE_TYPES.map(t => [t.instanceType, t]),
);

/**
 * The catalog entry of an instance type, or undefined when it has no accelerators we price.
 *
 * @public
 */
export function findAcceleratorInstanceType(
  instanceType: string,
): AcceleratorInstanceType | undefined {
  return byName.get(instanceType);
}

/**
 * Accelerator units per instance, in the product's units: GPUs in devices,
 * Neuron in NeuronCores (an Inferentia2 or Trainium chip has 2).
 *
 * @public
 */
export function acceleratorUnitsPerInstance(
  t: AcceleratorInstanceType,
): number {
  return t.devices * t.accelerator.unitsPerDevice;
}
