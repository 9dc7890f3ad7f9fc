import {
  AcceleratorInstanceType,
  findAcceleratorInstanceType,
} from './accelerators';

/**
 * Numeric formats a model's weights can be served in.
 *
 * @public
 */
export type ModelDtype = 'fp32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4';

/**
 * Bytes per parameter of each format.
 *
 * @public
 */
export const DTYPE_BYTES: Record<ModelDtype, number> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
};

/**
 * A model the golden paths know how to serve or fine-tune.
 *
 * @public
 */
export interface ModelInfo {
  id: string;
  displayName: string;
  /** Parameters, in billions. */
  parametersB: number;
  defaultDtype: ModelDtype;
  /** The shape of its attention, which sizes the KV cache and bounds tensor parallelism. */
  architecture: ModelArchitecture;
  /**
   * Whether Hugging Face serves it only to accounts that accepted its licence
   * (a gated repository): pods need a token of such an account (`HF_TOKEN`).
   */
  gated: boolean;
}

/**
 * What serving needs to know of a model's architecture, as its `config.json` on
 * Hugging Face states it.
 *
 * @public
 */
export interface ModelArchitecture {
  /** `num_hidden_layers`. */
  layers: number;
  /** `num_attention_heads`: vLLM's tensor-parallel size must divide it. */
  attentionHeads: number;
  /** `num_key_value_heads` (grouped-query attention; equal to the heads without it). */
  kvHeads: number;
  /** `head_dim`, else `hidden_size / num_attention_heads`. */
  headDim: number;
  /** `max_position_embeddings`: the longest context vLLM accepts by default. */
  maxContextLength: number;
}

/**
 * Models offered by the templates (Hugging Face ids). Each architecture is its
 * `config.json` at https://huggingface.co/<id>/blob/main/config.json; `gated`
 * is the repository's access setting (Meta's and Mistral AI's ask every account
 * to accept their licence; Microsoft's Phi-3 and Qwen's are open).
 *
 * @public
 */
export const MODEL_CATALOG: ReadonlyArray<ModelInfo> = [
  {
    id: 'meta-llama/Llama-3.2-1B-Instruct',
    displayName: 'Llama 3.2 1B Instruct',
    parametersB: 1.24,
    defaultDtype: 'bf16',
    // hidden_size 2048, head_dim 64
    architecture: {
      layers: 16,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 64,
      maxContextLength: 131072,
    },
    gated: true,
  },
  {
    id: 'microsoft/Phi-3-mini-4k-instruct',
    displayName: 'Phi-3 mini 4k',
    parametersB: 3.82,
    defaultDtype: 'bf16',
    // hidden_size 3072 / 32 heads; no grouped-query attention
    architecture: {
      layers: 32,
      attentionHeads: 32,
      kvHeads: 32,
      headDim: 96,
      maxContextLength: 4096,
    },
    gated: false,
  },
  {
    id: 'mistralai/Mistral-7B-Instruct-v0.3',
    displayName: 'Mistral 7B Instruct v0.3',
    parametersB: 7.25,
    defaultDtype: 'bf16',
    // hidden_size 4096, head_dim 128
    architecture: {
      layers: 32,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 128,
      maxContextLength: 32768,
    },
    gated: true,
  },
  {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    displayName: 'Llama 3.1 8B Instruct',
    parametersB: 8.03,
    defaultDtype: 'bf16',
    // hidden_size 4096 / 32 heads
    architecture: {
      layers: 32,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 128,
      maxContextLength: 131072,
    },
    gated: true,
  },
  {
    id: 'Qwen/Qwen2.5-32B-Instruct',
    displayName: 'Qwen2.5 32B Instruct',
    parametersB: 32.8,
    defaultDtype: 'bf16',
    // hidden_size 5120 / 40 heads; config.json stops at 32768 (longer needs YaRN)
    architecture: {
      layers: 64,
      attentionHeads: 40,
      kvHeads: 8,
      headDim: 128,
      maxContextLength: 32768,
    },
    gated: false,
  },
  {
    id: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
    displayName: 'Mixtral 8x7B Instruct',
    parametersB: 46.7,
    defaultDtype: 'bf16',
    // hidden_size 4096 / 32 heads
    architecture: {
      layers: 32,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 128,
      maxContextLength: 32768,
    },
    gated: true,
  },
  {
    id: 'meta-llama/Llama-3.1-70B-Instruct',
    displayName: 'Llama 3.1 70B Instruct',
    parametersB: 70.6,
    defaultDtype: 'bf16',
    // hidden_size 8192 / 64 heads
    architecture: {
      layers: 80,
      attentionHeads: 64,
      kvHeads: 8,
      headDim: 128,
      maxContextLength: 131072,
    },
    gated: true,
  },
];

/**
 * Memory beyond the weights, as a fraction of them: KV cache, activations and the
 * runtime's own buffers. 20% is the usual planning figure for serving with a
 * modest context; long contexts or large batches need more.
 *
 * @public
 */
export const MEMORY_OVERHEAD_FRACTION = 0.2;

const GIB = 1024 ** 3;

/**
 * Finds a model of the catalog by id.
 *
 * @public
 */
export function findModel(id: string): ModelInfo | undefined {
  return MODEL_CATALOG.find(m => m.id === id);
}

/**
 * Accelerator memory a model needs, in GiB: weights at the dtype plus the overhead.
 *
 * @public
 */
export function requiredMemoryGiB(
  model: Pick<ModelInfo, 'parametersB'>,
  dtype: ModelDtype,
): number {
  const weights = (model.parametersB * 1e9 * DTYPE_BYTES[dtype]) / GIB;
  return weights * (1 + MEMORY_OVERHEAD_FRACTION);
}

/**
 * Whether a model fits the accelerators it would get, and why not.
 *
 * @public
 */
export interface FitResult {
  fits: boolean;
  requiredGiB: number;
  availableGiB: number;
  reason?: string;
}

/**
 * Whether a model fits on `devices` accelerators of an instance type (all of them
 * when omitted), sharded across devices as tensor parallelism would.
 *
 * @public
 */
export function modelFits(options: {
  model: Pick<ModelInfo, 'parametersB' | 'displayName'>;
  dtype: ModelDtype;
  instanceType: string;
  devices?: number;
}): FitResult {
  const t = findAcceleratorInstanceType(options.instanceType);
  const requiredGiB = requiredMemoryGiB(options.model, options.dtype);
  if (!t) {
    return {
      fits: false,
      requiredGiB,
      availableGiB: 0,
      reason: `${options.instanceType} has no accelerators`,
    };
  }
  const devices = options.devices ?? t.devices;
  if (!Number.isInteger(devices) || devices < 1 || devices > t.devices) {
    return {
      fits: false,
      requiredGiB,
      availableGiB: 0,
      reason: `${options.instanceType} has ${t.devices} accelerator device(s); ${devices} requested`,
    };
  }
  const availableGiB = devices * t.accelerator.memoryGiBPerDevice;
  const fits = requiredGiB <= availableGiB;
  return {
    fits,
    requiredGiB,
    availableGiB,
    reason: fits
      ? undefined
      : `${options.model.displayName} in ${
          options.dtype
        } needs ${requiredGiB.toFixed(
          1,
        )} GiB of accelerator memory; ${devices} × ${
          t.accelerator.displayName
        } have ${availableGiB} GiB`,
  };
}

/**
 * Accelerator families a workload can be built for.
 *
 * @public
 */
export type AcceleratorFamily = 'nvidia' | 'neuron';

/**
 * Refuses an instance type of the wrong family: a Neuron build cannot run on a GPU
 * instance, nor a CUDA build on Inferentia or Trainium. Returns the reason, or undefined.
 *
 * @public
 */
export function acceleratorFamilyMismatch(
  family: AcceleratorFamily,
  instanceType: string,
): string | undefined {
  const t: AcceleratorInstanceType | undefined =
    findAcceleratorInstanceType(instanceType);
  if (!t)
    return `${instanceType} is not an accelerated instance type the product knows`;
  const actual: AcceleratorFamily =
    t.accelerator.vendor === 'nvidia' ? 'nvidia' : 'neuron';
  if (actual === family) return undefined;
  return family === 'neuron'
    ? `${instanceType} has NVIDIA GPUs: Neuron workloads need an inf2 or trn1 instance type`
    : `${instanceType} has ${t.accelerator.displayName} chips: GPU workloads need a g or p instance type`;
}
