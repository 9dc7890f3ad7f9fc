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
  /** The image the project's Dockerfile builds on (`FROM`), for its golden path. */
  baseImage: string;
  summary: string;
};

/** The images the renderers default to (Docker Hub names, pinned). */
export const DEFAULT_IMAGES = {
  vllm: 'vllm/vllm-openai:v0.8.5',
  rayLlm: 'rayproject/ray-llm:2.46.0-py311-cu124',
  rayVersion: '2.46.0',
  /**
   * The Neuron vLLM Deep Learning Container, newest with Inferentia2 among its
   * instance types (aws-neuron/deep-learning-containers README,
   * vllm-inference-neuronx: vLLM 0.16.0 with the vllm-neuron plugin over NxD
   * Inference, Neuron SDK 2.31.1; the vLLM 0.21+ images serve Trn2 and Trn3 only).
   */
  vllmNeuron:
    'public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.16.0-neuronx-py312-sdk2.31.1-ubuntu24.04',
} as const;

/**
 * The base images of the projects' own images (the skeleton's Dockerfile `FROM`), pinned:
 * - Ray's GPU image at the clusters' `rayVersion`, tags `<ray>-py<python>-gpu`
 *   (ray-project/ray `docker/ray/README.md`): the RayJob's head, workers and submitter
 *   run the same Ray as KubeRay's `rayVersion`;
 * - the AWS Deep Learning Container for PyTorch training on GPUs, EC2 flavour
 *   (aws/deep-learning-containers `available_images.md`, gallery.ecr.aws/deep-learning-containers);
 * - the Neuron Deep Learning Container for PyTorch training on Trainium (torch-neuronx,
 *   neuronx-distributed; aws-neuron/deep-learning-containers README, Neuron SDK 2.21.0);
 * - inference projects build a client of the service with the standard library only.
 */
export const BASE_IMAGES = {
  ray: `rayproject/ray:${DEFAULT_IMAGES.rayVersion}-py311-gpu`,
  pytorchGpu:
    'public.ecr.aws/deep-learning-containers/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2',
  neuronTraining:
    'public.ecr.aws/neuron/pytorch-training-neuronx:2.5.1-neuronx-py310-sdk2.21.0-ubuntu22.04',
  python: 'public.ecr.aws/docker/library/python:3.11-slim',
} as const;

/** Every workload kind with its profile. */
export const WORKLOADS: Record<WorkloadKind, WorkloadProfile> = {
  'ray-job': {
    scales: false,
    workloadType: 'training',
    family: 'nvidia',
    defaultCapacityType: 'spot',
    baseImage: BASE_IMAGES.ray,
    summary: 'a RayJob (Ray Train) with GPU workers',
  },
  'pytorch-elastic': {
    scales: true,
    workloadType: 'training',
    family: 'nvidia',
    defaultCapacityType: 'spot',
    baseImage: BASE_IMAGES.pytorchGpu,
    summary: 'an elastic PyTorchJob (torchrun, c10d rendezvous)',
  },
  'trainium-job': {
    scales: false,
    workloadType: 'training',
    family: 'neuron',
    accelerator: 'aws-trainium',
    defaultCapacityType: 'on-demand',
    baseImage: BASE_IMAGES.neuronTraining,
    summary: 'a PyTorchJob on Trainium (PyTorch/XLA, Neuron SDK)',
  },
  vllm: {
    scales: true,
    workloadType: 'inference',
    family: 'nvidia',
    defaultCapacityType: 'on-demand',
    defaultImage: DEFAULT_IMAGES.vllm,
    baseImage: BASE_IMAGES.python,
    summary:
      'a vLLM OpenAI-compatible server: Deployment, Service, PodMonitor and KEDA ScaledObject',
  },
  'ray-service': {
    scales: true,
    workloadType: 'inference',
    family: 'nvidia',
    defaultCapacityType: 'on-demand',
    defaultImage: DEFAULT_IMAGES.rayLlm,
    baseImage: BASE_IMAGES.python,
    summary: 'a RayService serving the model with Ray Serve LLM',
  },
  'inferentia-vllm': {
    scales: true,
    workloadType: 'inference',
    family: 'neuron',
    accelerator: 'aws-inferentia2',
    defaultCapacityType: 'on-demand',
    defaultImage: DEFAULT_IMAGES.vllmNeuron,
    baseImage: BASE_IMAGES.python,
    summary:
      'vLLM on Inferentia2 (Neuron): Deployment, Service, PodMonitor and KEDA ScaledObject',
  },
};

/** The workload kinds, for schemas. */
export const WORKLOAD_KINDS = Object.keys(WORKLOADS) as [
  WorkloadKind,
  ...WorkloadKind[],
];
