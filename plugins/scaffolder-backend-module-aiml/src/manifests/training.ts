import { V1Volume } from '@kubernetes/client-node';
import { KubeObject } from '../kubernetes/types';
import { checkpointS3Uri, ProjectAws } from './projectAws';
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

/** The RayJob's entrypoint: the skeleton's Ray Train launcher (a TorchTrainer). */
export const RAY_TRAIN_ENTRYPOINT = 'python -m src.ray_train';

/** How often Ray Train restarts its workers from the last checkpoint (FailureConfig.max_failures). */
export const RAY_TRAIN_MAX_FAILURES = 3;

/** The skeleton's torchrun launch: its training module, one process per accelerator. */
const TORCHRUN = { command: ['torchrun'], args: ['-m', 'src.main'] };

/** Where Ray Train keeps a run's checkpoints (RunConfig.storage_path): a prefix of the project's bucket. */
export function rayStoragePath(aws: ProjectAws): string {
  return `s3://${aws.bucket}/ray`;
}

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

/**
 * A training container of the project's image, with the checkpoint volume
 * mounted; in a job of several pods, `roles` names all of its accelerated pods.
 */
function trainingPod(
  ctx: RenderContext,
  options: {
    role: string;
    containerName: string;
    command?: string[];
    args?: string[];
    restartPolicy?: 'Never' | 'OnFailure';
    neuron: boolean;
    multiNodeRoles?: string[];
  },
) {
  return podTemplate({
    component: ctx.component,
    role: options.role,
    placement: ctx.placement,
    capacityType: ctx.capacityType,
    serviceAccountName: ctx.aws.serviceAccountName,
    restartPolicy: options.restartPolicy,
    neuronSchedulerName: ctx.neuronSchedulerName,
    ...(options.multiNodeRoles
      ? { multiNode: { roles: options.multiNodeRoles } }
      : {}),
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
 * A RayJob running the skeleton's Ray Train launcher: a CPU-only head on
 * on-demand capacity, where the driver runs (`ray job submit` from KubeRay's
 * default submitter, K8sJobMode: RayJob Quickstart), and a group of GPU workers
 * (on spot by default), one Ray worker per pod with all of the pod's GPUs (KubeRay
 * sets `num-gpus` from the container's limits). Ray Train runs one training worker
 * per GPU, checkpoints to the project's bucket and restarts from there when a
 * worker node is lost; a failed attempt is retried on a fresh cluster. All of it
 * fit for Pod Security restricted; the cluster is deleted when the job finishes.
 */
export function renderRayJob(ctx: RenderContext): KubeObject[] {
  const workerRole = 'ray-worker';
  // The driver's environment: `ray job submit` runs the entrypoint on the head.
  const head = rayHeadTemplate(ctx, {
    env: [
      ...trainingEnv(ctx, false),
      ...envOf({
        NUM_WORKERS: String(ctx.replicas * ctx.placement.count),
        STORAGE_PATH: rayStoragePath(ctx.aws),
        MAX_FAILURES: String(RAY_TRAIN_MAX_FAILURES),
      }),
    ],
    // A fixed set of workers: no autoscaler, so the head runs as the workload ServiceAccount.
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
      entrypoint: RAY_TRAIN_ENTRYPOINT,
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
              role: workerRole,
              containerName: 'ray-worker',
              neuron: false,
              multiNodeRoles: ctx.replicas > 1 ? [workerRole] : undefined,
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
 * interruption shrinks the job instead of failing it. The training operator
 * passes `nprocPerNode` (one process per GPU) and the rendezvous to torchrun as
 * its PET_* environment.
 */
export function renderPyTorchElasticJob(ctx: RenderContext): KubeObject[] {
  const workerRole = 'pytorch-worker';
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
              role: workerRole,
              // The training operator finds the container by this name.
              containerName: 'pytorch',
              ...TORCHRUN,
              neuron: false,
              multiNodeRoles: ctx.maxReplicas > 1 ? [workerRole] : undefined,
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
  const roles = ['pytorch-master', 'pytorch-worker'];
  const replica = (replicas: number, role: string) => ({
    replicas,
    restartPolicy: 'OnFailure',
    template: trainingPod(ctx, {
      role,
      containerName: 'pytorch',
      ...TORCHRUN,
      neuron: true,
      multiNodeRoles: ctx.replicas > 1 ? roles : undefined,
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
          Master: replica(1, roles[0]),
          ...(ctx.replicas > 1
            ? { Worker: replica(ctx.replicas - 1, roles[1]) }
            : {}),
        },
      },
    },
  ];
}
