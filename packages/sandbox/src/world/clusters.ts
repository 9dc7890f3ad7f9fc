/**
 * The sandbox's clusters: what runs where. Instance types and accelerator counts
 * follow the price table of the product design; workloads are the example
 * projects of catalog/components.yaml.
 */

export type CapacityType = 'ON_DEMAND' | 'SPOT';

export interface NodegroupSpec {
  name: string;
  instanceType: string;
  capacityType: CapacityType;
  size: number;
  zone: string;
  /** Provisioned by a Karpenter NodePool (not an EKS managed node group). */
  karpenter?: boolean;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: 'NO_SCHEDULE' }>;
  /**
   * NVIDIA MIG in the `single` strategy: every GPU is split into `instancesPerGpu` GPU
   * instances of `profile`, and the node exposes them as `nvidia.com/gpu`.
   */
  mig?: { profile: string; instancesPerGpu: number; memoryMiB: number };
  /**
   * Spot interruptions (metrics history): node `node` of the group was reclaimed at
   * `from` and its replacement, which keeps the node's name, joined at `to` (ISO
   * instants). The pods on it were Pending in between and restarted on the replacement.
   */
  interruptions?: Array<{ node: number; from: string; to: string }>;
}

export interface WorkloadSpec {
  /** The Component name; pods carry `backstage.io/kubernetes-id=<project>`. */
  project?: string;
  name: string;
  namespace: string;
  nodegroup: string;
  replicas: number;
  /** Accelerators per pod: GPUs in devices, Neuron in NeuronCores. */
  gpus?: number;
  neuronCores?: number;
  /** Pods in other phases are reported by kube-state-metrics too; the cost model must skip them. */
  phase?: 'Running' | 'Pending' | 'Succeeded';
  /** Neuron devices per pod (`aws.amazon.com/neuron`); the usage source converts them to NeuronCores. */
  neuronDevices?: number;
  /**
   * Metrics generator: mean utilization of the pod's accelerators while Running (0–1;
   * default 0.5). `steady` (training, idle allocations) stays near the mean;
   * `diurnal` (inference) follows a daily and a weekly cycle around it. Over whole days
   * (steady) or whole weeks (diurnal) the mean is exact.
   */
  busy?: number;
  pattern?: 'steady' | 'diurnal';
  /**
   * The pods were Running only in `[from, to)` (ISO instants), did not exist before, and
   * are Succeeded after (kube-state-metrics still reports their requests); without `to`
   * they still run. `phase` is what the Kubernetes API shows today. With `every`, a run
   * of `for` days repeats every `days` days from `from` (a day's 00:00 UTC) on: the pods
   * exist only during the runs (a CronJob's, under the same names each time).
   */
  runs?: { from: string; to?: string; every?: { days: number; for: number } };
  /**
   * The pods exist Monday to Friday (UTC) only: a StatefulSet a schedule scales to zero
   * for the weekend (its pods come back with the same names on Monday).
   */
  weekdays?: boolean;
  /** From `from` (ISO instant) on, the pods hold their accelerators at `busy`, steady: left idle. */
  idle?: { from: string; busy: number };
}

export interface NamespaceSpec {
  name: string;
  /** Team-managed namespaces carry the team and managed-by labels. */
  team?: string;
  workloadType?: 'training' | 'inference';
  /** A namespace with a team label but not managed by us: never trusted. */
  unmanaged?: boolean;
}

export interface ClusterSpec {
  name: string;
  region: string;
  version: string;
  nodegroups: NodegroupSpec[];
  namespaces: NamespaceSpec[];
  workloads: WorkloadSpec[];
}

const gpuTaint = {
  key: 'nvidia.com/gpu',
  value: 'true',
  effect: 'NO_SCHEDULE' as const,
};
const neuronTaint = {
  key: 'aws.amazon.com/neuron',
  value: 'true',
  effect: 'NO_SCHEDULE' as const,
};

export const SANDBOX_CLUSTERS: ClusterSpec[] = [
  {
    name: 'ml-sandbox-use1',
    region: 'us-east-1',
    version: '1.31',
    nodegroups: [
      {
        name: 'system',
        instanceType: 'm6i.xlarge',
        capacityType: 'ON_DEMAND',
        size: 2,
        zone: 'us-east-1a',
      },
      {
        name: 'gpu-a100-spot',
        instanceType: 'p4d.24xlarge',
        capacityType: 'SPOT',
        size: 2,
        zone: 'us-east-1b',
        karpenter: true,
        taints: [gpuTaint],
        // Planted month (packages/sandbox/README.md): spot capacity reclaimed for 6 hours.
        interruptions: [
          { node: 0, from: '2026-11-18T02:00:00Z', to: '2026-11-18T08:00:00Z' },
        ],
      },
      {
        name: 'gpu-a10g',
        instanceType: 'g5.12xlarge',
        capacityType: 'ON_DEMAND',
        size: 3,
        zone: 'us-east-1a',
        taints: [gpuTaint],
      },
      {
        name: 'trn1',
        instanceType: 'trn1.32xlarge',
        capacityType: 'ON_DEMAND',
        size: 1,
        zone: 'us-east-1c',
        taints: [neuronTaint],
      },
      {
        name: 'gpu-a10g-spot',
        instanceType: 'g5.48xlarge',
        capacityType: 'SPOT',
        size: 1,
        zone: 'us-east-1b',
        karpenter: true,
        taints: [gpuTaint],
      },
    ],
    namespaces: [
      {
        name: 'ml-research-training',
        team: 'ml-research',
        workloadType: 'training',
      },
      {
        name: 'ml-research-inference',
        team: 'ml-research',
        workloadType: 'inference',
      },
      {
        name: 'ml-platform-inference',
        team: 'ml-platform',
        workloadType: 'inference',
      },
      { name: 'recsys-training', team: 'recsys', workloadType: 'training' },
      { name: 'legacy-experiments', team: 'ml-research', unmanaged: true },
      { name: 'shared-notebooks' },
    ],
    workloads: [
      {
        project: 'llama-finetune',
        name: 'llama-finetune-worker',
        namespace: 'ml-research-training',
        nodegroup: 'gpu-a100-spot',
        replicas: 2,
        gpus: 8,
        busy: 0.92,
      },
      {
        project: 'vision-pretrain',
        name: 'vision-pretrain-worker',
        namespace: 'ml-research-training',
        nodegroup: 'trn1',
        replicas: 1,
        neuronCores: 32,
        busy: 0.95,
      },
      {
        project: 'llama-finetune',
        name: 'llama-finetune-eval',
        namespace: 'ml-research-training',
        nodegroup: 'gpu-a10g',
        replicas: 1,
        gpus: 4,
        phase: 'Pending',
      },
      {
        project: 'chat-inference',
        name: 'chat-inference-vllm',
        namespace: 'ml-platform-inference',
        nodegroup: 'gpu-a10g',
        replicas: 2,
        gpus: 4,
        busy: 0.55,
        pattern: 'diurnal',
      },
      {
        project: 'ranker-train',
        name: 'ranker-train-nightly',
        namespace: 'recsys-training',
        nodegroup: 'gpu-a10g',
        replicas: 1,
        gpus: 4,
        phase: 'Succeeded',
      },
      {
        name: 'scratch-notebook',
        namespace: 'shared-notebooks',
        nodegroup: 'gpu-a10g',
        replicas: 1,
        gpus: 1,
        busy: 0.03,
      },
      {
        name: 'old-experiment',
        namespace: 'legacy-experiments',
        nodegroup: 'gpu-a10g',
        replicas: 1,
        gpus: 2,
        busy: 0.01,
      },
      // Planted usage scenario (packages/sandbox/README.md): a sweep holding a whole
      // spot g5.48xlarge at 35% for one week.
      {
        project: 'ranker-train',
        name: 'ranker-train-sweep',
        namespace: 'recsys-training',
        nodegroup: 'gpu-a10g-spot',
        replicas: 1,
        gpus: 8,
        busy: 0.35,
        phase: 'Succeeded',
        runs: { from: '2026-06-01T00:00:00Z', to: '2026-06-08T00:00:00Z' },
      },
      // Planted month (packages/sandbox/README.md): a two-week training run, and an
      // ablation that keeps its GPUs allocated but idle for 8 days after 3 busy ones.
      // Retraining in runs of 5 days every 12, from after the planted month on: no two
      // 30-day windows in a row need hold the same number of run days.
      {
        project: 'ranker-train',
        name: 'ranker-train-refresh',
        namespace: 'recsys-training',
        nodegroup: 'gpu-a10g-spot',
        replicas: 1,
        gpus: 4,
        busy: 0.75,
        runs: { from: '2026-12-01T00:00:00Z', every: { days: 12, for: 5 } },
      },
      {
        project: 'ranker-train',
        name: 'ranker-train-v3',
        namespace: 'recsys-training',
        nodegroup: 'gpu-a10g-spot',
        replicas: 1,
        gpus: 4,
        busy: 0.8,
        phase: 'Succeeded',
        runs: { from: '2026-11-09T00:00:00Z', to: '2026-11-23T00:00:00Z' },
      },
      {
        name: 'ranker-ablation',
        namespace: 'recsys-training',
        nodegroup: 'gpu-a10g-spot',
        replicas: 1,
        gpus: 4,
        busy: 0.6,
        idle: { from: '2026-11-19T00:00:00Z', busy: 0.02 },
        phase: 'Succeeded',
        runs: { from: '2026-11-16T00:00:00Z', to: '2026-11-27T00:00:00Z' },
      },
    ],
  },
  {
    name: 'ml-sandbox-usw2',
    region: 'us-west-2',
    version: '1.31',
    nodegroups: [
      {
        name: 'system',
        instanceType: 'm6i.xlarge',
        capacityType: 'ON_DEMAND',
        size: 2,
        zone: 'us-west-2a',
      },
      {
        name: 'inf2',
        instanceType: 'inf2.24xlarge',
        capacityType: 'ON_DEMAND',
        size: 2,
        zone: 'us-west-2a',
        taints: [neuronTaint],
      },
      {
        name: 'gpu-l4-spot',
        instanceType: 'g6.12xlarge',
        capacityType: 'SPOT',
        size: 2,
        zone: 'us-west-2b',
        karpenter: true,
        taints: [gpuTaint],
      },
      {
        name: 'gpu-h100',
        instanceType: 'p5.48xlarge',
        capacityType: 'ON_DEMAND',
        size: 1,
        zone: 'us-west-2c',
        taints: [gpuTaint],
      },
      {
        name: 'gpu-a100-mig',
        instanceType: 'p4d.24xlarge',
        capacityType: 'ON_DEMAND',
        size: 1,
        zone: 'us-west-2b',
        taints: [gpuTaint],
        mig: { profile: '1g.5gb', instancesPerGpu: 7, memoryMiB: 4864 },
        labels: {
          'nvidia.com/mig.config': 'all-1g.5gb',
          'nvidia.com/mig.strategy': 'single',
        },
      },
      {
        name: 'trn1-spot',
        instanceType: 'trn1.32xlarge',
        capacityType: 'SPOT',
        size: 1,
        zone: 'us-west-2d',
        karpenter: true,
        taints: [neuronTaint],
      },
    ],
    namespaces: [
      {
        name: 'ml-platform-inference',
        team: 'ml-platform',
        workloadType: 'inference',
      },
      {
        name: 'ml-research-training',
        team: 'ml-research',
        workloadType: 'training',
      },
      { name: 'recsys-inference', team: 'recsys', workloadType: 'inference' },
    ],
    workloads: [
      {
        project: 'embeddings-inf2',
        name: 'embeddings-inf2-server',
        namespace: 'ml-platform-inference',
        nodegroup: 'inf2',
        replicas: 2,
        neuronCores: 4,
        busy: 0.45,
        pattern: 'diurnal',
      },
      {
        project: 'ranker-serving',
        name: 'ranker-serving',
        namespace: 'recsys-inference',
        nodegroup: 'gpu-l4-spot',
        replicas: 2,
        gpus: 1,
        busy: 0.4,
        pattern: 'diurnal',
      },
      {
        project: 'llama-finetune',
        name: 'llama-finetune-h100',
        namespace: 'ml-research-training',
        nodegroup: 'gpu-h100',
        replicas: 1,
        gpus: 8,
        busy: 0.85,
      },
      // Planted usage scenarios (packages/sandbox/README.md): MIG slices for three
      // days, and a Trainium burst requesting Neuron devices for 60 hours.
      {
        project: 'chat-inference',
        name: 'chat-inference-mig',
        namespace: 'ml-platform-inference',
        nodegroup: 'gpu-a100-mig',
        replicas: 4,
        gpus: 7,
        busy: 0.6,
        phase: 'Succeeded',
        runs: { from: '2026-06-03T00:00:00Z', to: '2026-06-06T00:00:00Z' },
      },
      {
        project: 'vision-pretrain',
        name: 'vision-pretrain-burst',
        namespace: 'ml-research-training',
        nodegroup: 'trn1-spot',
        replicas: 1,
        neuronDevices: 16,
        busy: 0.9,
        phase: 'Succeeded',
        runs: { from: '2026-06-04T06:00:00Z', to: '2026-06-06T18:00:00Z' },
      },
      // The fleet's history after the planted week (packages/sandbox/README.md, planted
      // month): inference and notebooks scaled to zero at weekends, a batch service and a
      // pretraining run that start (and finish) within the months before.
      {
        project: 'chat-inference',
        name: 'chat-inference-peak',
        namespace: 'ml-platform-inference',
        nodegroup: 'gpu-a100-mig',
        replicas: 4,
        gpus: 7,
        busy: 0.5,
        pattern: 'diurnal',
        weekdays: true,
        runs: { from: '2026-08-03T00:00:00Z' },
      },
      {
        project: 'llama-finetune',
        name: 'llama-finetune-notebook',
        namespace: 'ml-research-training',
        nodegroup: 'gpu-l4-spot',
        replicas: 2,
        gpus: 1,
        busy: 0.3,
        weekdays: true,
        runs: { from: '2026-09-07T00:00:00Z' },
      },
      {
        project: 'embeddings-inf2',
        name: 'embeddings-inf2-batch',
        namespace: 'ml-platform-inference',
        nodegroup: 'inf2',
        replicas: 2,
        neuronCores: 4,
        busy: 0.5,
        pattern: 'diurnal',
        runs: { from: '2026-10-05T00:00:00Z' },
      },
      {
        project: 'vision-pretrain',
        name: 'vision-pretrain-v2',
        namespace: 'ml-research-training',
        nodegroup: 'trn1-spot',
        replicas: 1,
        neuronCores: 32,
        busy: 0.9,
        phase: 'Succeeded',
        runs: { from: '2026-10-19T00:00:00Z', to: '2026-11-13T00:00:00Z' },
      },
    ],
  },
];
