/** `on-demand` or `spot`. */
export type CapacityKind = 'on-demand' | 'spot';

/**
 * The value of the `AimlAcceleratorPicker` field.
 *
 * @public
 */
export interface AimlAcceleratorSelection {
  /** The EC2 instance type, e.g. `g5.12xlarge`. */
  instanceType: string;
  /** The accelerator model key, e.g. `nvidia-a10g`. */
  acceleratorType: string;
  /** The Kubernetes resource requested: `nvidia.com/gpu` or `aws.amazon.com/neuroncore`. */
  resource: string;
  /** Accelerator units per pod: GPUs, or NeuronCores for Neuron instances. */
  count: number;
  /** `on-demand` or `spot`. */
  capacityType: 'on-demand' | 'spot';
}

/**
 * Options of the `AimlAcceleratorPicker` field (`ui:options`).
 *
 * @public
 */
export interface AimlAcceleratorPickerOptions {
  /** The form field holding the cluster name (default `cluster`). */
  clusterField?: string;
  /** Only accelerators of this vendor: `nvidia` (GPUs) or `aws` (Trainium, Inferentia). */
  vendor?: 'nvidia' | 'aws';
  /** Only these instance types. */
  allowedInstanceTypes?: string[];
  /** Only these capacity types (e.g. `[spot]` for a spot training template). */
  allowedCapacityTypes?: Array<'on-demand' | 'spot'>;
  /** The form field holding the owning team, a Group ref or name (default `owner`). */
  teamField?: string;
  /**
   * The form field holding how many pods the workload starts with (e.g. `workers`,
   * `replicas`); without it the quota check counts one pod.
   */
  podsField?: string;
}

/** JSON schema of the field, shown on the scaffolder's "Installed field extensions" page. */
export const AimlAcceleratorPickerSchema = {
  returnValue: {
    type: 'object' as const,
    required: [
      'instanceType',
      'acceleratorType',
      'resource',
      'count',
      'capacityType',
    ],
    properties: {
      instanceType: {
        type: 'string' as const,
        description: 'e.g. g5.12xlarge',
      },
      acceleratorType: {
        type: 'string' as const,
        description: 'The accelerator model key, e.g. nvidia-a10g',
      },
      resource: {
        type: 'string' as const,
        enum: ['nvidia.com/gpu', 'aws.amazon.com/neuroncore'],
      },
      count: {
        type: 'integer' as const,
        minimum: 1,
        description: 'Accelerator units per pod (GPUs or NeuronCores)',
      },
      capacityType: { type: 'string' as const, enum: ['on-demand', 'spot'] },
    },
  },
  uiOptions: {
    type: 'object' as const,
    properties: {
      clusterField: {
        type: 'string' as const,
        description:
          'The form field holding the cluster name (default cluster)',
      },
      vendor: { type: 'string' as const, enum: ['nvidia', 'aws'] },
      allowedInstanceTypes: {
        type: 'array' as const,
        items: { type: 'string' as const },
      },
      allowedCapacityTypes: {
        type: 'array' as const,
        items: { type: 'string' as const, enum: ['on-demand', 'spot'] },
      },
    },
  },
};
