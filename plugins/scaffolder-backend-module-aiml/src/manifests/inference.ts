import { V1Deployment, V1Probe, V1Service } from '@kubernetes/client-node';
import yaml from 'yaml';
import { KubeObject } from '../kubernetes/types';
import { ModelSpec } from './fit';
import {
  cacheEnv,
  headCacheVolume,
  MODEL_CACHE_DIR,
  modelCacheMount,
  modelCacheVolume,
} from './modelCache';
import { podTemplate, restrictedContainerSecurity } from './podTemplate';
import { rayAutoscalerServiceAccount, rayHeadTemplate } from './rayHead';
import { objectMeta, RenderContext, weightsGiB } from './renderContext';
import { renderPodMonitor, renderQueueScaler } from './servingMetrics';
import { SERVING_PORT, VLLM_DTYPE, vllmServer } from './vllmFlags';
import { DEFAULT_IMAGES } from './workloads';

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

/**
 * A vLLM OpenAI-compatible server (NVIDIA GPUs, or Inferentia2 with `neuron`):
 * a Deployment whose startup probe waits for slow model loads, with a writable
 * model cache volume; a ClusterIP Service; a PodMonitor that has Prometheus
 * scrape vLLM's `/metrics`; and a KEDA ScaledObject on the request queue that
 * scales down slowly (a new replica takes minutes to load the model). Neuron
 * pods with more than one NeuronCore go to the Neuron scheduler.
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
  const server = vllmServer(model, ctx.placement.count, ctx.placement.serving!);
  const template = podTemplate({
    component: ctx.component,
    role: 'server',
    placement: ctx.placement,
    capacityType: ctx.capacityType,
    serviceAccountName: ctx.aws.serviceAccountName,
    neuronSchedulerName: ctx.neuronSchedulerName,
    container: {
      name: 'vllm',
      image: ctx.image,
      ...server,
      ports: [{ name: 'http', containerPort: SERVING_PORT }],
      env: cacheEnv(ctx, {
        homeOnCache: true,
        // NxD Inference keeps what it compiles where NEURON_COMPILED_ARTIFACTS
        // points (Neuron vLLM user guide), neuronx-cc its cache at NEURON_COMPILE_CACHE_URL.
        extra: options.neuron
          ? {
              NEURON_COMPILED_ARTIFACTS: `${MODEL_CACHE_DIR}/neuron-compiled-artifacts`,
              NEURON_COMPILE_CACHE_URL: `${MODEL_CACHE_DIR}/neuron-cache`,
            }
          : undefined,
      }),
      startupProbe,
      readinessProbe,
      livenessProbe,
      volumeMounts: [modelCacheMount],
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
  return [
    deployment as KubeObject,
    service as KubeObject,
    renderPodMonitor(ctx, selector),
    renderQueueScaler(ctx),
  ];
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
  const serving = ctx.placement.serving!;
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
                max_model_len: serving.maxModelLen,
                gpu_memory_utilization: serving.gpuMemoryUtilization,
              },
            },
          ],
        },
      },
    ],
  };
  // The head builds the application (the model's config and tokenizer): a small writable cache.
  const head = rayHeadTemplate(ctx, {
    ports: [{ name: 'serve', containerPort: SERVING_PORT }],
    env: cacheEnv(ctx, { homeOnCache: false }),
    volumeMounts: [modelCacheMount],
    volumes: [headCacheVolume()],
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
      env: cacheEnv(ctx, { homeOnCache: false }),
      volumeMounts: [modelCacheMount],
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
