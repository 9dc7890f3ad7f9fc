import { V1EnvVar } from '@kubernetes/client-node';
import { DTYPE_BYTES } from '@eks-aiml/plugin-aiml-common';
import { ProjectAws } from './projectAws';
import { ModelSpec, Placement } from './fit';
import { CapacityType, projectLabels } from './podTemplate';

/** Everything a renderer needs, validated. */
export type RenderContext = {
  component: string;
  namespace: string;
  placement: Placement;
  capacityType: CapacityType;
  /** Workers (training) or serving replicas (inference). */
  replicas: number;
  /** The most the workload scales to (elastic training, autoscaled inference). */
  maxReplicas: number;
  image: string;
  model?: ModelSpec;
  checkpointVolumeClaim?: string;
  huggingFaceTokenSecret?: string;
  /** The key of the token in that Secret. */
  huggingFaceTokenSecretKey?: string;
  /** The project's AWS resources and the ServiceAccount its pods run as. */
  aws: ProjectAws;
  /** Neuron workloads: the scheduler of pods with more than one NeuronCore. */
  neuronSchedulerName?: string;
  modelCache?: { size?: string; storageClass?: string };
};

/** Metadata of a rendered object. */
export function objectMeta(
  ctx: RenderContext,
  role: string,
  name = ctx.component,
): { name: string; namespace: string; labels: Record<string, string> } {
  return {
    name,
    namespace: ctx.namespace,
    labels: projectLabels(ctx.component, role),
  };
}

/** `HF_TOKEN` from the Secret the input names (never the token itself). */
export function huggingFaceTokenEnv(ctx: RenderContext): V1EnvVar[] {
  return ctx.huggingFaceTokenSecret
    ? [
        {
          name: 'HF_TOKEN',
          valueFrom: {
            secretKeyRef: {
              name: ctx.huggingFaceTokenSecret,
              key: ctx.huggingFaceTokenSecretKey ?? 'token',
            },
          },
        },
      ]
    : [];
}

/** Size of a model's weights, GiB. */
export function weightsGiB(model: ModelSpec): number {
  return (model.parametersB * 1e9 * DTYPE_BYTES[model.dtype]) / 1024 ** 3;
}

/** The model-cache volume size when the input names none: the weights and 20%, plus 10 GiB. */
export function defaultModelCacheSize(model: ModelSpec): string {
  return `${Math.max(20, Math.ceil(weightsGiB(model) * 1.2) + 10)}Gi`;
}
