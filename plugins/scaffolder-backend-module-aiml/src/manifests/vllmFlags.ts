import { NEURON_BLOCK_SIZE } from '@eks-aiml/plugin-aiml-common';
import { ModelSpec, ServingPlan } from './fit';
import { MODEL_CACHE_DIR } from './modelCache';

/** The port of the OpenAI-compatible API (and of vLLM's `/metrics`). */
export const SERVING_PORT = 8000;

/** vLLM's name of a dtype; quantized formats load in `auto`. */
export const VLLM_DTYPE: Record<string, string> = {
  fp32: 'float32',
  bf16: 'bfloat16',
  fp16: 'float16',
};

/** The process a server container runs: `command` replaces the image's entrypoint. */
export type ServerProcess = { command?: string[]; args: string[] };

/**
 * vLLM on NVIDIA GPUs, in the vllm/vllm-openai image whose entrypoint is the
 * OpenAI API server (`python3 -m vllm.entrypoints.openai.api_server`): the
 * model in its dtype over `tensor-parallel-size` GPUs, with the context length
 * and memory budget the fit check counted (vLLM's own default context is the
 * model's whole `max_position_embeddings`, 131072 tokens for Llama 3.1, whose
 * KV cache alone outgrows one 24 GB GPU).
 */
function gpuServer(
  model: ModelSpec,
  count: number,
  plan: ServingPlan,
): ServerProcess {
  return {
    args: [
      '--model',
      model.id,
      '--port',
      String(SERVING_PORT),
      '--tensor-parallel-size',
      String(count),
      '--download-dir',
      `${MODEL_CACHE_DIR}/weights`,
      '--dtype',
      VLLM_DTYPE[model.dtype] ?? 'auto',
      ...(model.dtype === 'fp8' ? ['--quantization', 'fp8'] : []),
      '--max-model-len',
      String(plan.maxModelLen),
      '--gpu-memory-utilization',
      String(plan.gpuMemoryUtilization),
    ],
  };
}

/**
 * vLLM on Neuron, in the Neuron vLLM Deep Learning Container (vLLM with the
 * vllm-neuron plugin over NxD Inference), as the Neuron docs serve it: `vllm
 * serve` with tensor-parallel-size = NeuronCores, max-num-seqs, max-model-len,
 * block-size 32 and num-gpu-blocks-override = ceil(max-model-len / block-size)
 * × max-num-seqs, the KV cache NxD Inference compiled ("vLLM User Guide for NxD
 * Inference", online inference example and known issues). The platform is
 * detected (no `--device`).
 */
function neuronServer(
  model: ModelSpec,
  count: number,
  plan: ServingPlan,
): ServerProcess {
  const seqs = plan.maxNumSeqs!;
  return {
    command: ['vllm', 'serve'],
    args: [
      '--model',
      model.id,
      '--port',
      String(SERVING_PORT),
      '--tensor-parallel-size',
      String(count),
      '--max-model-len',
      String(plan.maxModelLen),
      '--max-num-seqs',
      String(seqs),
      '--block-size',
      String(NEURON_BLOCK_SIZE),
      '--num-gpu-blocks-override',
      String(Math.ceil(plan.maxModelLen / NEURON_BLOCK_SIZE) * seqs),
    ],
  };
}

/** The vLLM server process of a placement the fit check planned. */
export function vllmServer(
  model: ModelSpec,
  count: number,
  plan: ServingPlan,
): ServerProcess {
  return plan.platform === 'neuron'
    ? neuronServer(model, count, plan)
    : gpuServer(model, count, plan);
}
