import { findModel, ModelInfo } from './models';
import {
  contextLengthProblem,
  defaultContextLength,
  describeKvCache,
  kvCacheBytesPerToken,
  servingFit,
  ServingModel,
  tensorParallelProblem,
  tensorParallelSizes,
} from './serving';

const catalog = (id: string): ServingModel & ModelInfo => {
  const m = findModel(id)!;
  return { ...m, dtype: m.defaultDtype };
};
const llama8 = catalog('meta-llama/Llama-3.1-8B-Instruct');
const llama70 = catalog('meta-llama/Llama-3.1-70B-Instruct');
const phi3 = catalog('microsoft/Phi-3-mini-4k-instruct');

describe('the model catalog', () => {
  it("states each model's attention as its config.json does, and which are gated", () => {
    expect(llama8.architecture).toEqual({
      layers: 32,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 128,
      maxContextLength: 131072,
    });
    expect(catalog('Qwen/Qwen2.5-32B-Instruct').architecture).toMatchObject({
      attentionHeads: 40,
      kvHeads: 8,
      layers: 64,
    });
    expect(llama8.gated).toBe(true);
    expect(phi3.gated).toBe(false);
  });
});

describe('the KV cache', () => {
  it('takes 128 KiB a token for Llama 3.1 8B in bf16 (32 layers × 8 KV heads × 128 × K and V × 2 bytes)', () => {
    expect(kvCacheBytesPerToken(llama8.architecture, 'bf16', 1)).toBe(
      128 * 1024,
    );
    // Split over 4 ranks: the same 8 heads in all.
    expect(kvCacheBytesPerToken(llama8.architecture, 'bf16', 4)).toBe(
      128 * 1024,
    );
  });

  it('replicates KV heads when there are more ranks than heads, as vLLM does', () => {
    // 16 ranks, 8 KV heads: one head per rank, 16 in all.
    expect(kvCacheBytesPerToken(llama8.architecture, 'bf16', 16)).toBe(
      256 * 1024,
    );
  });
});

describe('the context length', () => {
  it('defaults to 8192, or the model limit when lower', () => {
    expect(defaultContextLength(llama8.architecture)).toBe(8192);
    expect(defaultContextLength(phi3.architecture)).toBe(4096);
    expect(defaultContextLength(undefined)).toBe(8192);
  });

  it("refuses one beyond the model's max_position_embeddings or below 256", () => {
    expect(contextLengthProblem(phi3, 8192)).toMatch(
      /^Phi-3 mini 4k takes at most 4096 tokens of context/,
    );
    expect(contextLengthProblem(llama8, 100)).toMatch(/at least 256/);
    expect(contextLengthProblem(llama8, 1000.5)).toMatch(/whole number/);
    expect(contextLengthProblem(llama8, 131072)).toBeUndefined();
  });
});

describe('the tensor-parallel rule', () => {
  it('refuses a size that does not divide the attention heads, naming those that do', () => {
    expect(tensorParallelProblem(llama8, 3, { unit: 'GPU', max: 8 })).toBe(
      'Llama 3.1 8B Instruct has 32 attention heads, which 3 GPUs cannot split evenly: vLLM needs the GPUs per pod (its tensor-parallel size) to divide them. Ask for 1, 2, 4, 8',
    );
    expect(tensorParallelProblem(llama8, 4, { unit: 'GPU', max: 8 })).toBe(
      undefined,
    );
    expect(
      tensorParallelSizes(catalog('Qwen/Qwen2.5-32B-Instruct').architecture, 8),
    ).toEqual([1, 2, 4, 5, 8]);
  });

  it('cannot judge a model whose architecture is unknown', () => {
    expect(
      tensorParallelProblem({ displayName: 'acme/bot' }, 3, {
        unit: 'GPU',
        max: 8,
      }),
    ).toBeUndefined();
  });
});

describe('servingFit', () => {
  const a10g = (units: number) => ({
    units,
    memoryGiB: 24 * units,
    accelerators: `${units} × NVIDIA A10G 24GB`,
  });

  it('fits Llama 3.1 8B on one A10G with an 8192-token context, and says how much KV cache is left', () => {
    const fit = servingFit({
      model: llama8,
      platform: 'gpu',
      contextLength: 8192,
      ...a10g(1),
    });
    expect(fit).toMatchObject({ fits: true, sequences: 1, budgetGiB: 21.6 });
    expect(fit.weightsGiB).toBeCloseTo(14.957, 2);
    expect(fit.kvCacheGiB).toBe(1);
    expect(fit.requiredGiB).toBeCloseTo(17.957, 2);
    expect(describeKvCache(fit)).toMatch(
      /^Weights 15\.0 GiB; KV cache 1\.0 GiB holds one 8192-token sequence, within 21\.6 GiB \(90% of 24 GiB\)\. About 29\d{3} more tokens fit/,
    );
  });

  it("refuses Llama 3.1 8B on one A10G at its full 131072 tokens, which vLLM's default would take, and names the longest context that fits", () => {
    const fit = servingFit({
      model: llama8,
      platform: 'gpu',
      contextLength: 131072,
      ...a10g(1),
    });
    expect(fit.fits).toBe(false);
    expect(fit.reason).toMatch(
      /^Llama 3\.1 8B Instruct in bf16 with a 131072-token context needs 33\.0 GiB of accelerator memory \(weights 15\.0, KV cache 16\.0 for one sequence of 131072 tokens, runtime 2\.0\); 1 × NVIDIA A10G 24GB have 24 GiB, of which 90% \(21\.6 GiB\) is the budget; a context of at most 38\d{3} tokens would fit$/,
    );
  });

  it('fits Llama 3.1 70B in bf16 on two H100s but not on one', () => {
    const h100 = (units: number) => ({
      units,
      memoryGiB: 80 * units,
      accelerators: `${units} × NVIDIA H100 80GB`,
    });
    const on = (units: number) =>
      servingFit({
        model: llama70,
        platform: 'gpu',
        contextLength: 8192,
        ...h100(units),
      }).fits;
    expect(on(1)).toBe(false);
    expect(on(2)).toBe(true);
  });

  it('counts the KV cache of every compiled sequence on Neuron, and lends none to concurrency', () => {
    const fit = servingFit({
      model: llama8,
      platform: 'neuron',
      contextLength: 8192,
      units: 2,
      memoryGiB: 32,
      accelerators: '2 AWS Inferentia2 NeuronCores',
    });
    expect(fit).toMatchObject({ fits: true, sequences: 4, kvCacheGiB: 4 });
    expect(fit.spareTokens).toBeUndefined();
    expect(describeKvCache(fit)).toMatch(
      /KV cache 4\.0 GiB holds 4 sequences of 8192 tokens/,
    );
  });

  it('plans a share of the weights for a model whose architecture is unknown', () => {
    const fit = servingFit({
      model: { displayName: 'acme/bot-13b', parametersB: 13, dtype: 'bf16' },
      platform: 'gpu',
      contextLength: 8192,
      ...a10g(1),
    });
    expect(fit.kvCacheEstimated).toBe(true);
    expect(fit.fits).toBe(false);
    expect(fit.reason).toMatch(
      /KV cache and activations 4\.8 \(20% of the weights: the architecture is unknown\)/,
    );
    expect(fit.longestContext).toBeUndefined();
  });
});
