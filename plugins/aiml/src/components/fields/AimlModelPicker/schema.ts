/**
 * The value of the `AimlModelPicker` field.
 *
 * @public
 */
export interface AimlModelSelection {
  /** The Hugging Face model id, from the portal's model catalog. */
  id: string;
  /** The context length the server is started with (vLLM's `--max-model-len`), in tokens. */
  contextLength: number;
  /**
   * The Kubernetes Secret in the team's namespace holding a Hugging Face token
   * (gated models): its name and the key of the token, never the token.
   */
  tokenSecret?: { name: string; key: string };
}

/**
 * Options of the `AimlModelPicker` field (`ui:options`).
 *
 * @public
 */
export interface AimlModelPickerOptions {
  /** Only these catalog models (Hugging Face ids); every catalog model otherwise. */
  models?: string[];
  /** The form field holding the `AimlAcceleratorPicker` selection (default `accelerator`). */
  acceleratorField?: string;
}

/** JSON schema of the field, shown on the scaffolder's "Installed field extensions" page. */
export const AimlModelPickerSchema = {
  returnValue: {
    type: 'object' as const,
    required: ['id', 'contextLength'],
    properties: {
      id: {
        type: 'string' as const,
        description:
          'The Hugging Face model id, e.g. meta-llama/Llama-3.1-8B-Instruct',
      },
      contextLength: {
        type: 'integer' as const,
        minimum: 256,
        description: "The context length in tokens (vLLM's --max-model-len)",
      },
      tokenSecret: {
        type: 'object' as const,
        required: ['name', 'key'],
        properties: {
          name: {
            type: 'string' as const,
            description:
              'A Secret in the namespace holding a Hugging Face token',
          },
          key: {
            type: 'string' as const,
            description: 'The key of the token in the Secret',
          },
        },
      },
    },
  },
  uiOptions: {
    type: 'object' as const,
    properties: {
      models: {
        type: 'array' as const,
        items: { type: 'string' as const },
      },
      acceleratorField: {
        type: 'string' as const,
        description:
          'The form field holding the accelerator selection (default accelerator)',
      },
    },
  },
};
