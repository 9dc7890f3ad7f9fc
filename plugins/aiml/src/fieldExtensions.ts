import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { aimlPlugin } from './plugin';
import {
  AimlClusterPicker,
  aimlClusterPickerValidation,
} from './components/AimlClusterPicker';
import {
  AimlAcceleratorPicker,
  aimlAcceleratorPickerValidation,
} from './components/AimlAcceleratorPicker';

/** JSON schemas of the fields, shown on the scaffolder's "Installed field extensions" page. */
export const clusterPickerSchema = {
  returnValue: {
    type: 'string' as const,
    description: 'The name of a cluster configured under aiml.clusters',
  },
  uiOptions: {
    type: 'object' as const,
    properties: {
      resource: {
        type: 'string' as const,
        enum: ['nvidia.com/gpu', 'aws.amazon.com/neuroncore'],
        description: 'Only clusters with capacity of this resource',
      },
      allowedClusters: {
        type: 'array' as const,
        items: { type: 'string' as const },
        description: 'Only these clusters',
      },
      allowWithoutCapacity: {
        type: 'boolean' as const,
        description:
          'Whether clusters without accelerator capacity may be chosen',
      },
    },
  },
};

export const acceleratorPickerSchema = {
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

/**
 * Scaffolder field `AimlClusterPicker` (`ui:field: AimlClusterPicker`): a configured
 * cluster with accelerator capacity.
 *
 * @public
 */
export const AimlClusterPickerFieldExtension = aimlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'AimlClusterPicker',
    component: AimlClusterPicker,
    validation: aimlClusterPickerValidation,
    schema: clusterPickerSchema,
  }),
);

/**
 * Scaffolder field `AimlAcceleratorPicker` (`ui:field: AimlAcceleratorPicker`):
 * instance type, capacity type and accelerator count, with prices and the chosen
 * cluster's capacity.
 *
 * @public
 */
export const AimlAcceleratorPickerFieldExtension = aimlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'AimlAcceleratorPicker',
    component: AimlAcceleratorPicker,
    validation: aimlAcceleratorPickerValidation,
    schema: acceleratorPickerSchema,
  }),
);
