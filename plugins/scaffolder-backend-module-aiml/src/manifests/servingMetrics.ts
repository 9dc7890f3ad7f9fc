import { KubeObject } from '../kubernetes/types';
import { objectMeta, RenderContext } from './renderContext';

/**
 * The gauge a vLLM server exports of requests queued for a batch slot
 * (vllm/engine/metrics.py and vllm/v1/metrics/loggers.py,
 * `vllm:num_requests_waiting`, on `/metrics` of the API server's port).
 */
export const QUEUE_METRIC = 'vllm:num_requests_waiting';

/** Queued requests per replica above which KEDA adds one. */
export const QUEUE_TARGET_PER_REPLICA = 5;

/**
 * The Prometheus that scrapes the PodMonitor and that KEDA asks: the
 * kube-prometheus-stack Helm release as awslabs/ai-on-eks installs it (release
 * and namespace `kube-prometheus-stack`; its
 * blueprints/inference/vllm-rayserve-gpu/ray-service-vllm.yaml queries this
 * address). Prometheus selects PodMonitors carrying `release: <release>` unless
 * the chart's `podMonitorSelectorNilUsesHelmValues` is false.
 */
export const PROMETHEUS = {
  release: 'kube-prometheus-stack',
  url: 'http://kube-prometheus-stack-prometheus.kube-prometheus-stack.svc:9090',
} as const;

/**
 * A Prometheus Operator PodMonitor of a vLLM server's pods: `/metrics` on the
 * `http` port every 15 s. The operator labels the series with the pod's
 * `namespace` and `pod` and sets `job` to `<namespace>/<PodMonitor name>`
 * (prometheus-operator pkg/prometheus/promcfg.go), which the ScaledObject's
 * query selects on.
 */
export function renderPodMonitor(
  ctx: RenderContext,
  selector: Record<string, string>,
): KubeObject {
  const meta = objectMeta(ctx, 'server');
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: {
      ...meta,
      labels: { ...meta.labels, release: PROMETHEUS.release },
    },
    spec: {
      selector: { matchLabels: selector },
      podMetricsEndpoints: [
        { port: 'http', path: '/metrics', interval: '15s' },
      ],
    },
  };
}

/** The PromQL of the queue of one server: its pods' gauge, summed. */
export function queueQuery(ctx: RenderContext): string {
  return `sum(${QUEUE_METRIC}{namespace="${ctx.namespace}",job="${ctx.namespace}/${ctx.component}"})`;
}

/**
 * A KEDA ScaledObject scaling the server's Deployment between replicas and
 * maxReplicas on the queue (Prometheus scaler: serverAddress, query, threshold
 * per replica), with the HPA behaviour KEDA hands on: scale up after a minute,
 * down by one pod per 10 minutes after 15 minutes quiet (a new replica takes
 * minutes to load the model).
 */
export function renderQueueScaler(ctx: RenderContext): KubeObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: objectMeta(ctx, 'server'),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: ctx.component,
      },
      minReplicaCount: ctx.replicas,
      maxReplicaCount: ctx.maxReplicas,
      pollingInterval: 15,
      triggers: [
        {
          type: 'prometheus',
          metricType: 'AverageValue',
          metadata: {
            serverAddress: PROMETHEUS.url,
            query: queueQuery(ctx),
            threshold: String(QUEUE_TARGET_PER_REPLICA),
          },
        },
      ],
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleUp: { stabilizationWindowSeconds: 60 },
            scaleDown: {
              stabilizationWindowSeconds: 900,
              policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }],
            },
          },
        },
      },
    },
  };
}
