import { AcceleratorFamily } from '@eks-aiml/plugin-aiml-common';
import { WorkloadType } from '../namespaces/teamNamespace';

/**
 * The workloads `aiml:workload:render` knows how to render.
 *
 * @public
 */
export type WorkloadKind =
  | 'ray-job'
  | 'pytorch-elastic'
  | 'trainium-job'
  | 'vllm'
  | 'ray-service'
  | 'inferentia-vllm';

/** What each workload is: its type, accelerator family and defaults. */
export type WorkloadProfile = {
  workloadType: WorkloadType;
  family: AcceleratorFamily;
  /** The accelerator the instance type must carry (Neuron workloads). */
  accelerator?: 'aws-trainium' | 'aws-inferentia2';
  /** The capacity type when the input names none. */
  defaultCapacityType: 'spot' | 'on-demand';
  /** Whether it scales between replicas and maxReplicas (elastic training, autoscaled serving). */
  scales: boolean;
  /** A public image that runs the workload as rendered, when there is one. */
  defaultImage?: string;
  summary: string;
};

/** The images the renderers default to (Docker Hub names, pinned). */
export const DEFAULT_IMAGES = {
  vllm: 'vllm/vllm-openai:v0.8.5',
  rayLlm: 'rayproject/ray-llm:2.46.0-py311-cu124',
  rayVersion: '2.46.0',
} as const;

/** Every workload kind with its profile. */
export const WORKLOADS: Record<WorkloadKind, WorkloadProfile> = {
  'ray-job': {
    scales: false,
    workloadType: 'training',
    family: 'nvidia',
    defaultCapacityType: 'spot',
    summary: 'a RayJob with GPU workers',
  },
  'pytorch-elastic': {
    scales: true,
    workloadType: 'training',
    family: 'nvidia',
    defaultCapacityType: 'spot',
    summary: 'an elastic PyTorchJob (torchrun, c10d rendezvous)',
  },
  'trainium-job': {
    scales: false,
    workloadType: 'training',
    family: 'neuron',
    accelerator: 'aws-trainium',
    defaultCapacityType: 'on-demand',
    summary: 'a PyTorchJob on Trainium (PyTorch/XLA, Neuron SDK)',
  },
  vllm: {
    scales: true,
    workloadType: 'inference',
    family: 'nvidia',
    defaultCapacityType: 'on-demand',
    defaultImage: DEFAULT_IMAGES.vllm,
    summary: 'a vLLM OpenAI-compatible server: Deployment, Service and HPA',
  },
  'ray-service': {
    scales: true,
    workloadType: 'inference',
    family: 'nvidia',
    defaultCapacityType: 'on-demand',
    defaultImage: DEFAULT_IMAGES.rayLlm,
    summary: 'a RayService serving the model with Ray Serve LLM',
  },
  'inferentia-vllm': {
    scales: true,
    workloadType: 'inference',
    family: 'neuron',
    accelerator: 'aws-inferentia2',
    defaultCapacityType: 'on-demand',
    summary: 'vLLM on Inferentia2 (Neuron): Deployment, Service and HPA',
  },
};

/** The workload kinds, for schemas. */
export const WORKLOAD_KINDS = Object.keys(WORKLOADS) as [
  WorkloadKind,
  ...WorkloadKind[],
];
