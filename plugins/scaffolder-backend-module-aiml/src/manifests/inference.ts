import {
  V1Deployment,
  V1Probe,
  V1Service,
  V1Volume,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import yaml from 'yaml';
import { KubeObject } from '../kubernetes/types';
import { ModelSpec } from './fit';
import {
  envOf,
  podTemplate,
  projectLabels,
  restrictedContainerSecurity,
} from './podTemplate';
import { rayAutoscalerServiceAccount, rayHeadTemplate } from './rayHead';
import {
  defaultModelCacheSize,
  huggingFaceTokenEnv,
  objectMeta,
  RenderContext,
  weightsGiB,
} from './renderContext';
import { DEFAULT_IMAGES } from './workloads';

/** Where models are downloaded and cached in the pod. */
export const MODEL_CACHE_DIR = '/models';
/** The port of the OpenAI-compatible API. */
export const SERVING_PORT = 8000;
/** The metric the HPA scales on: requests waiting in vLLM's queue, per pod (via a custom-metrics adapter). */
export const QUEUE_METRIC = 'vllm_num_requests_waiting';

/** vLLM's name of a dtype; quantized formats load in `auto`. */
const VLLM_DTYPE: Record<string, string> = {
  fp32: 'float32',
  bf16: 'bfloat16',
  fp16: 'float16',
};

/** Ray's accelerator_type names of the catalog's GPUs. */
const RAY_ACCELERATOR_TYPE: Record<string, string> = {
  'nvidia-a100-40gb': 'A100-40G',
  'nvidia-a100-80gb': 'A100-80G',
  'nvidia-h100': 'H100',
  'nvidia-h200': 'H200',
  'nvidia-a10g': 'A10G',
  'nvidia-l4': 'L4',
  'nvidia-l40s': 'L40S',
};

/**
 * Seconds a server may take to download and load a model before the startup
 * probe gives up: 5 minutes plus 15 s per GiB of weights (Neuron compiles
 * first: twice that), at most 2 hours.
 */
export function startupBudgetSeconds(
  model: ModelSpec,
  neuron: boolean,
): number {
  const seconds = 300 + Math.ceil(15 * weightsGiB(model));
  return Math.min(7200, neuron ? seconds * 2 : seconds);
}

function modelCacheVolume(ctx: RenderContext, model: ModelSpec): V1Volume {
  const size = ctx.modelCache?.size ?? defaultModelCacheSize(model);
  return ctx.modelCache?.storageClass
    ? {
        name: 'model-cache',
        ephemeral: {
          volumeClaimTemplate: {
            metadata: { labels: projectLabels(ctx.component, 'model-cache') },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: ctx.modelCache.storageClass,
              resources: { requests: { storage: size } },
            },
          },
        },
      }
    : { name: 'model-cache', emptyDir: { sizeLimit: size } };
}

/** Environment of a model server: caches on the model volume, writable HOME. */
function servingEnv(ctx: RenderContext, extra: Record<string, string> = {}) {
  return [
    ...envOf({
      HOME: MODEL_CACHE_DIR,
      HF_HOME: `${MODEL_CACHE_DIR}/huggingface`,
      ...extra,
    }),
    ...huggingFaceTokenEnv(ctx),
  ];
}

function vllmArgs(ctx: RenderContext, model: ModelSpec, neuron: boolean) {
  const args = [
    '--model',
    model.id,
    '--port',
    String(SERVING_PORT),
    '--tensor-parallel-size',
    String(ctx.placement.count),
    '--download-dir',
    `${MODEL_CACHE_DIR}/weights`,
  ];
  if (neuron) {
    args.push(
      '--device',
      'neuron',
      '--max-num-seqs',
      '8',
      '--max-model-len',
      '4096',
    );
  } else {
    args.push('--dtype', VLLM_DTYPE[model.dtype] ?? 'auto');
    if (model.dtype === 'fp8') args.push('--quantization', 'fp8');
  }
  return args;
}

/**
 * A vLLM OpenAI-compatible server (NVIDIA GPUs, or Inferentia2 with `neuron`):
 * a Deployment whose startup probe waits for slow model loads, with a model
 * cache volume; a ClusterIP Service; and an HPA on the request queue that scales
 * down slowly (a new replica takes minutes to load the model).
 */
export function renderVllmServer(
  ctx: RenderContext,
  options: { neuron: boolean },
): KubeObject[] {
  const model = ctx.model!;
  const budget = startupBudgetSeconds(model, options.neuron);
  const httpGet = { path: '/health', port: 'http' };
  const startupProbe: V1Probe = {
    httpGet,
    periodSeconds: 10,
    failureThreshold: Math.ceil(budget / 10),
  };
  const readinessProbe: V1Probe = {
    httpGet,
    periodSeconds: 5,
    timeoutSeconds: 3,
    failureThreshold: 3,
  };
  const livenessProbe: V1Probe = {
    httpGet,
    periodSeconds: 15,
    timeoutSeconds: 5,
    failureThreshold: 4,
  };
  const selector = {
    'app.kubernetes.io/name': ctx.component,
    'backstage.io/kubernetes-id': ctx.component,
  };
  const template = podTemplate({
    component: ctx.component,
    role: 'server',
    placement: ctx.placement,
    capacityType: ctx.capacityType,
    serviceAccountName: ctx.aws.serviceAccountName,
    container: {
      name: 'vllm',
      image: ctx.image,
      args: vllmArgs(ctx, model, options.neuron),
      ports: [{ name: 'http', containerPort: SERVING_PORT }],
      env: servingEnv(
        ctx,
        options.neuron
          ? { NEURON_COMPILE_CACHE_URL: `${MODEL_CACHE_DIR}/neuron-cache` }
          : {},
      ),
      startupProbe,
      readinessProbe,
      livenessProbe,
      volumeMounts: [{ name: 'model-cache', mountPath: MODEL_CACHE_DIR }],
    },
    volumes: [modelCacheVolume(ctx, model)],
  });
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(ctx, 'server'),
    spec: {
      replicas: ctx.replicas,
      selector: { matchLabels: selector },
      // Accelerators are scarce: never drop a serving replica before its successor is ready.
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      progressDeadlineSeconds: budget + 600,
      template,
    },
  };
  const service: V1Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, 'server'),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [
        {
          name: 'http',
          port: SERVING_PORT,
          targetPort: 'http',
          protocol: 'TCP',
        },
      ],
    },
  };
  const hpa: V2HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: objectMeta(ctx, 'server'),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: ctx.component,
      },
      minReplicas: ctx.replicas,
      maxReplicas: ctx.maxReplicas,
      metrics: [
        {
          type: 'Pods',
          pods: {
            metric: { name: QUEUE_METRIC },
            target: { type: 'AverageValue', averageValue: '5' },
          },
        },
      ],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 60 },
        scaleDown: {
          stabilizationWindowSeconds: 900,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }],
        },
      },
    },
  };
  return [deployment, service, hpa] as KubeObject[];
}

/**
 * A RayService serving the model with Ray Serve LLM (OpenAI-compatible) on a
 * group of GPU workers that Ray's autoscaler grows up to maxReplicas. With the
 * autoscaler, the head runs as (and this renders) `<component>-ray-autoscaler`,
 * the identity KubeRay binds the autoscaler's Role to; the workers run as the
 * workload ServiceAccount.
 */
export function renderRayService(ctx: RenderContext): KubeObject[] {
  const model = ctx.model!;
  const accelerator = ctx.placement.instance.accelerator;
  const autoscale = ctx.maxReplicas > ctx.replicas;
  const serveConfig = {
    applications: [
      {
        name: 'llm',
        route_prefix: '/',
        import_path: 'ray.serve.llm:build_openai_app',
        args: {
          llm_configs: [
            {
              model_loading_config: { model_id: model.id },
              accelerator_type: RAY_ACCELERATOR_TYPE[accelerator.type],
              deployment_config: {
                autoscaling_config: {
                  min_replicas: ctx.replicas,
                  max_replicas: ctx.maxReplicas,
                },
              },
              engine_kwargs: {
                tensor_parallel_size: ctx.placement.count,
                dtype: VLLM_DTYPE[model.dtype] ?? 'auto',
              },
            },
          ],
        },
      },
    ],
  };
  const head = rayHeadTemplate(ctx, {
    ports: [{ name: 'serve', containerPort: SERVING_PORT }],
    env: servingEnv(ctx),
    autoscaling: autoscale,
  });
  const worker = podTemplate({
    component: ctx.component,
    role: 'ray-worker',
    placement: ctx.placement,
    capacityType: ctx.capacityType,
    serviceAccountName: ctx.aws.serviceAccountName,
    container: {
      name: 'ray-worker',
      image: ctx.image,
      env: servingEnv(ctx),
      volumeMounts: [{ name: 'model-cache', mountPath: MODEL_CACHE_DIR }],
    },
    volumes: [modelCacheVolume(ctx, model)],
  });
  return [
    ...(autoscale ? [rayAutoscalerServiceAccount(ctx)] : []),
    {
      apiVersion: 'ray.io/v1',
      kind: 'RayService',
      metadata: objectMeta(ctx, 'server'),
      spec: {
        serveConfigV2: yaml.stringify(serveConfig),
        rayClusterConfig: {
          rayVersion: DEFAULT_IMAGES.rayVersion,
          ...(autoscale
            ? {
                enableInTreeAutoscaling: true,
                autoscalerOptions: {
                  upscalingMode: 'Default',
                  idleTimeoutSeconds: 900,
                  resources: {
                    requests: { cpu: '500m', memory: '512Mi' },
                    limits: { memory: '512Mi' },
                  },
                  securityContext: restrictedContainerSecurity(),
                },
              }
            : {}),
          headGroupSpec: {
            rayStartParams: { 'dashboard-host': '0.0.0.0', 'num-cpus': '0' },
            template: head,
          },
          workerGroupSpecs: [
            {
              groupName: 'gpu-workers',
              replicas: ctx.replicas,
              minReplicas: ctx.replicas,
              maxReplicas: ctx.maxReplicas,
              rayStartParams: {},
              template: worker,
            },
          ],
        },
      },
    },
  ];
}
