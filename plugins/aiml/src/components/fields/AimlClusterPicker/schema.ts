/**
 * Options of the `AimlClusterPicker` field (`ui:options`).
 *
 * @public
 */
export interface AimlClusterPickerOptions {
  /** Only clusters with capacity of this resource (`nvidia.com/gpu` or `aws.amazon.com/neuroncore`). */
  resource?: string;
  /** Only these clusters. */
  allowedClusters?: string[];
  /** Whether clusters without accelerator capacity may be chosen (default false). */
  allowWithoutCapacity?: boolean;
}

/** JSON schema of the field, shown on the scaffolder's "Installed field extensions" page. */
export const AimlClusterPickerSchema = {
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
