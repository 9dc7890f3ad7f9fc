import {
  DTYPE_BYTES,
  MEMORY_OVERHEAD_FRACTION,
  ModelArchitecture,
  ModelDtype,
} from './models';

/**
 * The share of accelerator memory a model server may take: vLLM's default
 * `--gpu-memory-utilization` (vllm/engine/arg_utils.py), which the GPU servers
 * render explicitly so that the fit check and the server count the same budget.
 *
 * @public
 */
export const GPU_MEMORY_UTILIZATION = 0.9;

/**
 * Accelerator memory each GPU or NeuronCore keeps for what is neither weights
 * nor KV cache: the activations of vLLM's profiling pass, the sampler's logits,
 * CUDA graphs and the runtime. A planning figure, in GiB.
 *
 * @public
 */
export const RUNTIME_RESERVE_GIB_PER_UNIT = 2;

/**
 * The context length (`--max-model-len`) offered when the input names none,
 * capped by the model's own limit.
 *
 * @public
 */
export const DEFAULT_CONTEXT_LENGTH = 8192;

/**
 * The shortest context length the golden paths accept.
 *
 * @public
 */
export const MIN_CONTEXT_LENGTH = 256;

/**
 * `--max-num-seqs` of the Neuron servers: NxD Inference compiles a KV cache of
 * max-num-seqs × max-model-len tokens; the Neuron vLLM user guide's online
 * serving example batches 4.
 *
 * @public
 */
export const NEURON_MAX_NUM_SEQS = 4;

/**
 * `--block-size` of the Neuron servers, as the Neuron vLLM user guide gives it.
 *
 * @public
 */
export const NEURON_BLOCK_SIZE = 32;

/**
 * Where a model is served: vLLM on NVIDIA GPUs (KV cache paged, at least one
 * full-length sequence must fit) or on Neuron (KV cache compiled for
 * {@link NEURON_MAX_NUM_SEQS} full-length sequences).
 *
 * @public
 */
export type ServingPlatform = 'gpu' | 'neuron';

/**
 * A model as serving sees it; the architecture is unknown for models outside
 * the catalog.
 *
 * @public
 */
export interface ServingModel {
  displayName: string;
  parametersB: number;
  dtype: ModelDtype;
  architecture?: ModelArchitecture;
}

const GIB = 1024 ** 3;

/**
 * Full-length sequences whose KV cache must fit on a platform.
 *
 * @public
 */
export function sequencesOf(platform: ServingPlatform): number {
  return platform === 'neuron' ? NEURON_MAX_NUM_SEQS : 1;
}

/**
 * The context length a form offers for a model: {@link DEFAULT_CONTEXT_LENGTH},
 * or less when the model takes less.
 *
 * @public
 */
export function defaultContextLength(architecture?: ModelArchitecture): number {
  return Math.min(
    DEFAULT_CONTEXT_LENGTH,
    architecture?.maxContextLength ?? DEFAULT_CONTEXT_LENGTH,
  );
}

/**
 * Why a context length cannot be served, or undefined: a whole number of
 * tokens, at least {@link MIN_CONTEXT_LENGTH}, within the model's
 * `max_position_embeddings` (vLLM refuses a longer `--max-model-len`).
 *
 * @public
 */
export function contextLengthProblem(
  model: Pick<ServingModel, 'displayName' | 'architecture'>,
  contextLength: number,
): string | undefined {
  if (!Number.isInteger(contextLength) || contextLength < MIN_CONTEXT_LENGTH) {
    return `The context length must be a whole number of tokens, at least ${MIN_CONTEXT_LENGTH}`;
  }
  const max = model.architecture?.maxContextLength;
  if (max !== undefined && contextLength > max) {
    return `${model.displayName} takes at most ${max} tokens of context (max_position_embeddings in its config.json); ask for ${max} or fewer`;
  }
  return undefined;
}

/**
 * Bytes of KV cache one token takes across the pod: keys and values of every
 * layer, in 16 bits (32 for fp32 weights; quantized weights keep a 16-bit
 * cache). Tensor parallelism splits the KV heads over the ranks and replicates
 * them when there are fewer heads than ranks, each rank holding
 * max(1, kvHeads / tp) (vLLM's `ModelConfig.get_num_kv_heads`).
 *
 * @public
 */
export function kvCacheBytesPerToken(
  architecture: ModelArchitecture,
  dtype: ModelDtype,
  tensorParallel: number,
): number {
  const bytes = dtype === 'fp32' ? 4 : 2;
  const headsPerRank = Math.max(
    1,
    Math.floor(architecture.kvHeads / tensorParallel),
  );
  return (
    2 *
    architecture.layers *
    headsPerRank *
    tensorParallel *
    architecture.headDim *
    bytes
  );
}

/**
 * The tensor-parallel sizes (accelerators per pod) up to `max` that split the
 * model's attention heads evenly; every size when its architecture is unknown.
 *
 * @public
 */
export function tensorParallelSizes(
  architecture: ModelArchitecture | undefined,
  max: number,
): number[] {
  return Array.from({ length: max }, (_, i) => i + 1).filter(
    n => !architecture || architecture.attentionHeads % n === 0,
  );
}

/**
 * Why `tensorParallel` accelerators cannot serve the model, or undefined: vLLM
 * refuses a tensor-parallel size that does not divide the attention heads
 * ("Total number of attention heads (32) must be divisible by tensor parallel
 * size (3)", `ModelConfig.verify_with_parallel_config`). `unit` names the
 * accelerator (GPU, NeuronCore); `max` bounds the sizes suggested.
 *
 * @public
 */
export function tensorParallelProblem(
  model: Pick<ServingModel, 'displayName' | 'architecture'>,
  tensorParallel: number,
  options: { unit: string; max: number },
): string | undefined {
  const heads = model.architecture?.attentionHeads;
  if (heads === undefined || heads % tensorParallel === 0) return undefined;
  const sizes = tensorParallelSizes(model.architecture, options.max);
  return `${
    model.displayName
  } has ${heads} attention heads, which ${tensorParallel} ${
    options.unit
  }s cannot split evenly: vLLM needs the ${
    options.unit
  }s per pod (its tensor-parallel size) to divide them. Ask for ${sizes.join(
    ', ',
  )}`;
}

/**
 * What serving a model takes of its accelerators' memory, and whether it fits.
 *
 * @public
 */
export interface ServingFit {
  fits: boolean;
  weightsGiB: number;
  /** The KV cache of `sequences` full-length sequences. */
  kvCacheGiB: number;
  /** Whether the KV cache is the planning fraction of the weights (architecture unknown). */
  kvCacheEstimated: boolean;
  reserveGiB: number;
  requiredGiB: number;
  /** {@link GPU_MEMORY_UTILIZATION} of the accelerators' memory. */
  budgetGiB: number;
  /** The memory of the accelerators. */
  memoryGiB: number;
  contextLength: number;
  sequences: number;
  /** Tokens of KV cache the budget holds beyond `sequences` full contexts (architecture known). */
  spareTokens?: number;
  /** The longest context that would fit beside the weights (architecture known). */
  longestContext?: number;
  /** Why it does not fit, naming what would. */
  reason?: string;
}

/**
 * Whether a model fits `units` accelerators with `memoryGiB` between them when
 * served with `contextLength` tokens of context: weights, the KV cache of the
 * platform's full-length sequences, and {@link RUNTIME_RESERVE_GIB_PER_UNIT}
 * per accelerator must fit {@link GPU_MEMORY_UTILIZATION} of the memory. vLLM
 * refuses to start when the KV cache cannot hold one `--max-model-len` sequence
 * ("The model's max seq len ... is larger than the maximum number of tokens that
 * can be stored in KV cache", vllm/worker/worker.py). Without an architecture
 * the KV cache is the planning {@link MEMORY_OVERHEAD_FRACTION} of the weights.
 *
 * @public
 */
export function servingFit(options: {
  model: ServingModel;
  platform: ServingPlatform;
  contextLength: number;
  units: number;
  memoryGiB: number;
  /** The accelerators in words, e.g. `1 × NVIDIA A10G 24GB`. */
  accelerators: string;
}): ServingFit {
  const { model, contextLength, units, memoryGiB } = options;
  const sequences = sequencesOf(options.platform);
  const weightsGiB = (model.parametersB * 1e9 * DTYPE_BYTES[model.dtype]) / GIB;
  const perToken = model.architecture
    ? kvCacheBytesPerToken(model.architecture, model.dtype, units)
    : undefined;
  const kvCacheGiB = perToken
    ? (perToken * sequences * contextLength) / GIB
    : weightsGiB * MEMORY_OVERHEAD_FRACTION;
  const reserveGiB = RUNTIME_RESERVE_GIB_PER_UNIT * units;
  const requiredGiB = weightsGiB + kvCacheGiB + reserveGiB;
  const budgetGiB = memoryGiB * GPU_MEMORY_UTILIZATION;
  const fits = requiredGiB <= budgetGiB;
  const free = budgetGiB - weightsGiB - reserveGiB;
  const longestContext =
    perToken && free > 0
      ? Math.floor((free * GIB) / perToken / sequences)
      : undefined;
  // Paged KV cache (GPUs) lends what is left to concurrent requests; Neuron's is compiled in.
  const spareTokens =
    perToken && fits && options.platform === 'gpu'
      ? Math.floor(((budgetGiB - requiredGiB) * GIB) / perToken)
      : undefined;
  const gib = (n: number) => n.toFixed(1);
  const kvWhat = perToken
    ? `KV cache ${gib(kvCacheGiB)} for ${
        sequences === 1 ? 'one sequence' : `${sequences} sequences`
      } of ${contextLength} tokens`
    : `KV cache and activations ${gib(kvCacheGiB)} (${
        MEMORY_OVERHEAD_FRACTION * 100
      }% of the weights: the architecture is unknown)`;
  const instead =
    longestContext !== undefined && longestContext >= MIN_CONTEXT_LENGTH
      ? `; a context of at most ${longestContext} tokens would fit`
      : '';
  return {
    fits,
    weightsGiB,
    kvCacheGiB,
    kvCacheEstimated: !perToken,
    reserveGiB,
    requiredGiB,
    budgetGiB,
    memoryGiB,
    contextLength,
    sequences,
    spareTokens,
    longestContext,
    reason: fits
      ? undefined
      : `${model.displayName} in ${
          model.dtype
        } with a ${contextLength}-token context needs ${gib(
          requiredGiB,
        )} GiB of accelerator memory (weights ${gib(
          weightsGiB,
        )}, ${kvWhat}, runtime ${gib(reserveGiB)}); ${
          options.accelerators
        } have ${memoryGiB} GiB, of which ${
          GPU_MEMORY_UTILIZATION * 100
        }% (${gib(budgetGiB)} GiB) is the budget${instead}`,
  };
}

/**
 * The KV-cache estimate of a fit, in words for a form's helper text.
 *
 * @public
 */
export function describeKvCache(fit: ServingFit): string {
  const gib = (n: number) => n.toFixed(1);
  if (fit.kvCacheEstimated) {
    return `Weights ${gib(
      fit.weightsGiB,
    )} GiB; KV cache and activations planned at ${gib(
      fit.kvCacheGiB,
    )} GiB (the architecture is unknown).`;
  }
  const held =
    fit.sequences === 1
      ? `one ${fit.contextLength}-token sequence`
      : `${fit.sequences} sequences of ${fit.contextLength} tokens`;
  const spare =
    fit.spareTokens !== undefined
      ? ` About ${fit.spareTokens} more tokens fit for concurrent requests.`
      : '';
  return `Weights ${gib(fit.weightsGiB)} GiB; KV cache ${gib(
    fit.kvCacheGiB,
  )} GiB holds ${held}, within ${gib(fit.budgetGiB)} GiB (${
    GPU_MEMORY_UTILIZATION * 100
  }% of ${fit.memoryGiB} GiB).${spare}`;
}
