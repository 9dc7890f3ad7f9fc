import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import { KubeObject } from '../kubernetes/types';
import { deploymentSurge, quotaDemand } from './quotaDemand';
import { renderWorkload } from './render';

const base = {
  team: 'ml-research',
  component: 'llama',
  ...RENDER_DEFAULTS,
};

const gpus = (n: number) => ({
  spec: {
    containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': n } } }],
  },
});

const deployment = (spec: object): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { template: gpus(2), ...spec },
});

describe('quotaDemand', () => {
  it("counts the rendered vLLM server at its ScaledObject's maxReplicaCount, with the Deployment's maxSurge of 1", () => {
    const { objects } = renderWorkload({
      ...base,
      workload: 'vllm',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      replicas: 2,
      maxReplicas: 3,
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      huggingFaceTokenSecret: 'hf-token',
    });
    expect(quotaDemand(objects)).toEqual([
      {
        workload: 'Deployment llama',
        perPod: { 'nvidia.com/gpu': 4 },
        maxPods: 3,
        maxPodsBy: 'maxReplicaCount of KEDA ScaledObject llama',
        surgePods: 1,
        surgeBy: 'maxSurge 1 of its RollingUpdate strategy',
        scales: true,
      },
    ]);
  });

  it("counts an elastic PyTorchJob's workers at its elasticPolicy's maxReplicas", () => {
    const { objects } = renderWorkload({
      ...base,
      workload: 'pytorch-elastic',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      replicas: 2,
      maxReplicas: 3,
      image: 'acme-ml/llama:1.0.0',
    });
    expect(quotaDemand(objects)).toEqual([
      expect.objectContaining({
        workload: 'PyTorchJob llama Worker',
        perPod: { 'nvidia.com/gpu': 4 },
        maxPods: 3,
        maxPodsBy: 'maxReplicas of its elasticPolicy',
        surgePods: 0,
        scales: true,
      }),
    ]);
  });

  it("counts a RayJob's GPU workers, not its head or submitter, which ask for none", () => {
    const { objects } = renderWorkload({
      ...base,
      workload: 'ray-job',
      instanceType: 'p4d.24xlarge',
      acceleratorCount: 8,
      replicas: 2,
      image: 'acme-ml/llama:1.0.0',
    });
    expect(quotaDemand(objects)).toEqual([
      expect.objectContaining({
        workload: 'RayJob llama gpu-workers',
        perPod: { 'nvidia.com/gpu': 8 },
        maxPods: 2,
        scales: false,
      }),
    ]);
  });

  it('counts NeuronCores of a Trainium job, master and workers', () => {
    const { objects } = renderWorkload({
      ...base,
      workload: 'trainium-job',
      instanceType: 'trn1.32xlarge',
      acceleratorCount: 32,
      replicas: 2,
      image: 'acme-ml/llama:1.0.0',
    });
    expect(
      quotaDemand(objects).map(g => [g.workload, g.perPod, g.maxPods]),
    ).toEqual([
      ['PyTorchJob llama Master', { 'aws.amazon.com/neuroncore': 32 }, 1],
      ['PyTorchJob llama Worker', { 'aws.amazon.com/neuroncore': 32 }, 1],
    ]);
  });

  it("takes an HPA's maxReplicas, and KEDA's default of 100 when a ScaledObject names none", () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
        },
        maxReplicas: 5,
      },
    };
    expect(quotaDemand([deployment({ replicas: 2 }), hpa])[0]).toMatchObject({
      maxPods: 5,
      maxPodsBy: 'maxReplicas of HorizontalPodAutoscaler web',
    });
    const scaler: KubeObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { name: 'web' } },
    };
    expect(quotaDemand([deployment({}), scaler])[0]).toMatchObject({
      maxPods: 100,
      surgePods: 25,
    });
  });

  it('counts a Deployment applied held at zero replicas at the replicas it gets when started', () => {
    const held = deployment({ replicas: 0 });
    held.metadata.annotations = { 'aiml.eks.aws/replicas-when-ready': '3' };
    expect(quotaDemand([held])[0]).toMatchObject({
      maxPods: 3,
      maxPodsBy: 'its replicas',
      surgePods: 1,
    });
  });

  it('leaves out what asks for no accelerator', () => {
    expect(
      quotaDemand([
        {
          ...deployment({}),
          spec: { template: { spec: { containers: [{ name: 'c' }] } } },
        },
      ]),
    ).toEqual([]);
  });
});

describe('deploymentSurge', () => {
  it.each([
    ['the default 25% of 1 replica, rounded up', undefined, 1, 1],
    ['the default 25% of 8 replicas', undefined, 8, 2],
    ['the default 25% of 9 replicas, rounded up', undefined, 9, 3],
    ['a count', { rollingUpdate: { maxSurge: 2 } }, 8, 2],
    ['a percentage', { rollingUpdate: { maxSurge: '50%' } }, 3, 2],
    ['no surge', { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, 4, 0],
    ['Recreate', { type: 'Recreate' }, 4, 0],
  ])('%s', (_what, strategy, replicas, pods) => {
    expect(deploymentSurge(strategy, replicas).pods).toBe(pods);
  });

  it("names Kubernetes' default when the strategy states none", () => {
    expect(deploymentSurge({ type: 'RollingUpdate' }, 1)).toEqual({
      pods: 1,
      by: "Kubernetes' default maxSurge (25%, rounded up)",
      percent: 25,
    });
  });
});
