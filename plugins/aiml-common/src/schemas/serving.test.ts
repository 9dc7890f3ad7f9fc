import { customKindIssues, customKindProblems, PRODUCT_CUSTOM_KINDS } from '.';

const metadata = { name: 'llama', namespace: 'ml-research-inference' };

const podMonitor = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PodMonitor',
  metadata,
  spec: {
    selector: { matchLabels: { 'app.kubernetes.io/name': 'llama' } },
    podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '15s' }],
  },
};

const scaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata,
  spec: {
    scaleTargetRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'llama',
    },
    minReplicaCount: 1,
    maxReplicaCount: 2,
    triggers: [
      {
        type: 'prometheus',
        metricType: 'AverageValue',
        metadata: {
          serverAddress: 'http://prometheus-operated.monitoring.svc:9090',
          query:
            'sum(vllm:num_requests_waiting{namespace="ml-research-inference"})',
          threshold: '5',
        },
      },
    ],
    advanced: {
      horizontalPodAutoscalerConfig: {
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 900,
            policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }],
          },
        },
      },
    },
  },
};

const edit = (obj: object, change: (copy: any) => void) => {
  const copy = structuredClone(obj);
  change(copy);
  return customKindProblems(copy);
};

describe("the product's schemas of the serving add-ons' kinds", () => {
  it('own PodMonitor and ScaledObject, and accept what the vLLM servers render', () => {
    expect(PRODUCT_CUSTOM_KINDS).toEqual(
      expect.arrayContaining([
        { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor' },
        { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' },
      ]),
    );
    expect(customKindIssues(podMonitor)).toEqual([]);
    expect(customKindIssues(scaledObject)).toEqual([]);
  });

  it("hold the PodMonitor CRD's rules: a selector, Prometheus durations, known fields", () => {
    expect(edit(podMonitor, o => delete o.spec.selector)).toEqual([
      'spec.selector: Required value',
    ]);
    expect(
      edit(podMonitor, o => (o.spec.podMetricsEndpoints[0].interval = '15 s')),
    ).toEqual([
      expect.stringMatching(/^spec.podMetricsEndpoints\[0\].interval:/),
    ]);
    const misspelt = {
      ...podMonitor,
      spec: { ...podMonitor.spec, podMetricEndpoints: [] },
    };
    expect(customKindIssues(misspelt)).toEqual([
      expect.objectContaining({
        field: 'spec.podMetricEndpoints',
        type: 'Unknown',
      }),
    ]);
  });

  it("hold the ScaledObject CRD's rules: a target, triggers with string metadata, min ≤ max", () => {
    expect(edit(scaledObject, o => delete o.spec.triggers)).toEqual([
      'spec.triggers: Required value',
    ]);
    expect(
      edit(scaledObject, o => (o.spec.triggers[0].metadata.threshold = 5)),
    ).toEqual([
      expect.stringMatching(/^spec.triggers\[0\].metadata.threshold:/),
    ]);
    expect(edit(scaledObject, o => (o.spec.minReplicaCount = 3))).toEqual([
      'spec: minReplicaCount must be less than or equal to maxReplicaCount',
    ]);
    expect(
      edit(
        scaledObject,
        o =>
          (o.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies[0].periodSeconds = 3600),
      ),
    ).toHaveLength(1);
  });
});
