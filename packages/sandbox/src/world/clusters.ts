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
      },
      {
        project: 'vision-pretrain',
        name: 'vision-pretrain-worker',
        namespace: 'ml-research-training',
        nodegroup: 'trn1',
        replicas: 1,
        neuronCores: 32,
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
      },
      {
        name: 'old-experiment',
        namespace: 'legacy-experiments',
        nodegroup: 'gpu-a10g',
        replicas: 1,
        gpus: 2,
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
      },
      {
        project: 'ranker-serving',
        name: 'ranker-serving',
        namespace: 'recsys-inference',
        nodegroup: 'gpu-l4-spot',
        replicas: 2,
        gpus: 1,
      },
      {
        project: 'llama-finetune',
        name: 'llama-finetune-h100',
        namespace: 'ml-research-training',
        nodegroup: 'gpu-h100',
        replicas: 1,
        gpus: 8,
      },
    ],
  },
];
