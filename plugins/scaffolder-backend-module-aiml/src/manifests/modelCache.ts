import { V1EnvVar, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { ModelSpec } from './fit';
import { envOf, projectLabels } from './podTemplate';
import {
  defaultModelCacheSize,
  huggingFaceTokenEnv,
  RenderContext,
} from './renderContext';

/** Where a model server's writable cache is mounted: weights, Hugging Face files, compiled graphs. */
export const MODEL_CACHE_DIR = '/models';

/**
 * The cache of a Ray head, which downloads no weights: Ray Serve's controller
 * builds the LLM application there and reads the model's config and tokenizer.
 */
export const HEAD_CACHE_SIZE = '5Gi';

const VOLUME = 'model-cache';

/** The cache's mount: every model server container writes here and nowhere else it chooses. */
export const modelCacheMount: V1VolumeMount = {
  name: VOLUME,
  mountPath: MODEL_CACHE_DIR,
};

/**
 * The model cache of a server pod: node-local scratch space (emptyDir) of the
 * input's size or the model's, or a per-pod volume of the input's storage
 * class (a generic ephemeral volume), both removed with the pod.
 */
export function modelCacheVolume(
  ctx: RenderContext,
  model: ModelSpec,
): V1Volume {
  const size = ctx.modelCache?.size ?? defaultModelCacheSize(model);
  return ctx.modelCache?.storageClass
    ? {
        name: VOLUME,
        ephemeral: {
          volumeClaimTemplate: {
            metadata: { labels: projectLabels(ctx.component, VOLUME) },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: ctx.modelCache.storageClass,
              resources: { requests: { storage: size } },
            },
          },
        },
      }
    : { name: VOLUME, emptyDir: { sizeLimit: size } };
}

/** The small cache of a Ray head: scratch space only. */
export function headCacheVolume(): V1Volume {
  return { name: VOLUME, emptyDir: { sizeLimit: HEAD_CACHE_SIZE } };
}

/**
 * The environment of a container with the cache mounted: `HF_HOME` on it (the
 * Hugging Face hub's cache root), and `HOME` on it too when the image's home is
 * root's (`/root` in the vLLM images), which the pod's non-root user cannot
 * write and where vLLM, Triton and torch.compile keep their caches. Images with
 * a home of their user (Ray's `/home/ray`, uid 1000) keep it. `HF_TOKEN` comes
 * from the input's Secret.
 */
export function cacheEnv(
  ctx: RenderContext,
  options: { homeOnCache: boolean; extra?: Record<string, string> },
): V1EnvVar[] {
  return [
    ...envOf({
      HOME: options.homeOnCache ? MODEL_CACHE_DIR : undefined,
      HF_HOME: `${MODEL_CACHE_DIR}/huggingface`,
      ...options.extra,
    }),
    ...huggingFaceTokenEnv(ctx),
  ];
}
