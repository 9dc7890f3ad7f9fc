import { V1Volume } from '@kubernetes/client-node';
import { KubeObject } from '../kubernetes/types';
import { checkpointS3Uri } from './projectAws';
import { DEFAULT_IMAGES } from './workloads';
import { envOf, podTemplate } from './podTemplate';
import { rayHeadTemplate } from './rayHead';
import {
  objectMeta,
  huggingFaceTokenEnv,
  RenderContext,
} from './renderContext';

/** Where checkpoints are written in the pod: the skeleton's CHECKPOINT_DIR. */
export const CHECKPOINT_DIR = '/checkpoints';

/** The checkpoint volume: the claim the input names (e.g. Mountpoint for S3), else scratch space. */
function checkpointVolume(ctx: RenderContext): V1Volume {
  return ctx.checkpointVolumeClaim
    ? {
        name: 'checkpoints',
        persistentVolumeClaim: { claimName: ctx.checkpointVolumeClaim },
      }
    : { name: 'checkpoints', emptyDir: {} };
}

/** The environment of a training process: checkpoints, model, accelerator family. */
function trainingEnv(ctx: RenderContext, neuron: boolean) {
  return [
    ...envOf({
      CHECKPOINT_DIR,
      CHECKPOINT_S3_URI: checkpointS3Uri(ctx.aws),
      MODEL_ID: ctx.model?.id,
      ACCELERATOR: neuron ? 'neuron' : 'cuda',
    }),
    ...huggingFaceTokenEnv(ctx),
  ];
}

/** A training container of the project's image, with the checkpoint volume mounted. */
function trainingPod(
  ctx: RenderContext,
  options: {
    role: string;
    containerName: string;
    command?: string[];
    args?: string[];
    restartPolicy?: 'Never' | 'OnFailure';
    neuron: boolean;
  },
) {
  return podTemplate({
    component: ctx.component,
    role: options.role,
    placement: ctx.placement,
    capacityType: ctx.capacityType,
    serviceAccountName: ctx.aws.serviceAccountName,
    restartPolicy: options.restartPolicy,
    container: {
      name: options.containerName,
      image: ctx.image,
      ...(options.command ? { command: options.command } : {}),
      ...(options.args ? { args: options.args } : {}),
      env: trainingEnv(ctx, options.neuron),
      volumeMounts: [{ name: 'checkpoints', mountPath: CHECKPOINT_DIR }],
    },
    volumes: [checkpointVolume(ctx)],
  });
}

/**
 * A RayJob: a CPU-only head, a group of GPU workers (on spot by default: the
 * skeleton checkpoints to CHECKPOINT_DIR and resumes), and a submitter pod that
 * runs `python -m src.main` against the cluster, all fit for Pod Security
 * restricted. The cluster is deleted when the job finishes.
 */
export function renderRayJob(ctx: RenderContext): KubeObject[] {
  // A fixed set of workers: no autoscaler, so the head runs as the workload ServiceAccount.
  const head = rayHeadTemplate(ctx, {
    env: envOf({ CHECKPOINT_S3_URI: checkpointS3Uri(ctx.aws) }),
    autoscaling: false,
  });
  const submitter = podTemplate({
    component: ctx.component,
    role: 'ray-submitter',
    serviceAccountName: ctx.aws.serviceAccountName,
    restartPolicy: 'Never',
    cpu: '500m',
    memory: '1Gi',
    // KubeRay fills in `ray job submit` when the container has no command.
    container: { name: 'ray-job-submitter', image: ctx.image },
  });
  const rayJob: KubeObject = {
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: objectMeta(ctx, 'training'),
    spec: {
      entrypoint: 'python -m src.main',
      submissionMode: 'K8sJobMode',
      shutdownAfterJobFinishes: true,
      ttlSecondsAfterFinished: 3600,
      // A spot interruption fails the attempt: retry on a fresh cluster.
      backoffLimit: ctx.capacityType === 'spot' ? 3 : 0,
      rayClusterSpec: {
        rayVersion: DEFAULT_IMAGES.rayVersion,
        headGroupSpec: {
          rayStartParams: { 'dashboard-host': '0.0.0.0', 'num-cpus': '0' },
          template: head,
        },
        workerGroupSpecs: [
          {
            groupName: 'gpu-workers',
            replicas: ctx.replicas,
            minReplicas: ctx.replicas,
            maxReplicas: ctx.replicas,
            rayStartParams: {},
            template: trainingPod(ctx, {
              role: 'ray-worker',
              containerName: 'ray-worker',
              neuron: false,
            }),
          },
        ],
      },
      submitterPodTemplate: submitter,
    },
  };
  return [rayJob];
}

/**
 * An elastic PyTorchJob: torchrun workers with c10d rendezvous that keep
 * training while between minReplicas and maxReplicas are up, so a spot
 * interruption shrinks the job instead of failing it.
 */
export function renderPyTorchElasticJob(ctx: RenderContext): KubeObject[] {
  return [
    {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: objectMeta(ctx, 'training'),
      spec: {
        elasticPolicy: {
          rdzvBackend: 'c10d',
          minReplicas: Math.min(
            ctx.replicas,
            Math.max(1, Math.ceil(ctx.replicas / 2)),
          ),
          maxReplicas: ctx.maxReplicas,
          maxRestarts: 10,
        },
        nprocPerNode: String(ctx.placement.count),
        runPolicy: { cleanPodPolicy: 'None', ttlSecondsAfterFinished: 86400 },
        pytorchReplicaSpecs: {
          Worker: {
            replicas: ctx.replicas,
            restartPolicy: 'OnFailure',
            template: trainingPod(ctx, {
              role: 'pytorch-worker',
              // The training operator finds the container by this name.
              containerName: 'pytorch',
              command: ['torchrun'],
              args: ['-m', 'src.main'],
              neuron: false,
            }),
          },
        },
      },
    },
  ];
}

/**
 * A PyTorchJob on Trainium: one master and `replicas - 1` workers, each running
 * torchrun with one process per NeuronCore (PyTorch/XLA from the Neuron SDK image).
 */
export function renderTrainiumJob(ctx: RenderContext): KubeObject[] {
  const replica = (replicas: number, role: string) => ({
    replicas,
    restartPolicy: 'OnFailure',
    template: trainingPod(ctx, {
      role,
      containerName: 'pytorch',
      command: ['torchrun'],
      args: ['-m', 'src.main'],
      neuron: true,
    }),
  });
  return [
    {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: objectMeta(ctx, 'training'),
      spec: {
        nprocPerNode: String(ctx.placement.count),
        runPolicy: { cleanPodPolicy: 'None', ttlSecondsAfterFinished: 86400 },
        pytorchReplicaSpecs: {
          Master: replica(1, 'pytorch-master'),
          ...(ctx.replicas > 1
            ? { Worker: replica(ctx.replicas - 1, 'pytorch-worker') }
            : {}),
        },
      },
    },
  ];
}
