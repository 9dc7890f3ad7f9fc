import { InputError } from '@backstage/errors';
import {
  AimlWorkloadPrerequisite,
  customKindProblems,
  ModelDtype,
  TeamQuota,
} from '@eks-aiml/plugin-aiml-common';
import type { WorkloadRoleName } from '@eks-aiml/plugin-aiml-node';
import { KubeObject } from '../kubernetes/types';
import { teamNamespace, WorkloadType } from '../namespaces/teamNamespace';
import { renderAwsResources } from './awsResources';
import { AwsTarget, ProjectAws, projectAws, projectImage } from './projectAws';
import { checkPlacement, checkQuota, resolveModel } from './fit';
import { renderRayService, renderVllmServer } from './inference';
import { checkComponentName } from './names';
import { DEFAULT_NEURON_SCHEDULER } from './neuronScheduler';
import { CapacityType } from './podTemplate';
import { RenderContext } from './renderContext';
import { servingContextLength, tokenSecretKey } from './servingInput';
import { prerequisites, startSuspended } from './startSuspended';
import {
  renderPyTorchElasticJob,
  renderRayJob,
  renderTrainiumJob,
} from './training';
import { WorkloadKind, WORKLOADS } from './workloads';

/** The typed inputs of `aiml:workload:render`. */
export type RenderInput = {
  team: string;
  component: string;
  workload: WorkloadKind;
  instanceType: string;
  acceleratorCount: number;
  capacityType?: CapacityType;
  replicas?: number;
  maxReplicas?: number;
  model?: string;
  modelParametersB?: number;
  modelDtype?: ModelDtype;
  image?: string;
  checkpointVolumeClaim?: string;
  modelCacheSize?: string;
  modelCacheStorageClass?: string;
  huggingFaceTokenSecret?: string;
  /** The key of the token in that Secret; `token` by default. */
  huggingFaceTokenSecretKey?: string;
  /** Inference: the context length (`--max-model-len`); the model's default (8192 at most) when unset. */
  contextLength?: number;
  /** Neuron workloads: the scheduler of pods with more than one NeuronCore; `my-scheduler` by default. */
  neuronSchedulerName?: string;
  /** The cluster the project runs on: its AWS resources live in its account and region. */
  aws: AwsTarget;
  /** The IAM role of a team's workloads (`aiml.teams.workloadRoleName`). */
  workloadRole: WorkloadRoleName;
  /** The team's accelerator quota per namespace: the workload must fit it. */
  quota: TeamQuota;
  /** The team's cost center, tagged on the AWS resources. */
  costCenter?: string;
  /** On a Kueue cluster: the LocalQueue a training job is submitted to when started. */
  queueName?: string;
};

/** What rendering produced. */
export type RenderedWorkload = {
  namespace: string;
  workloadType: WorkloadType;
  /** The project's AWS resources and ServiceAccount first, then the workload. */
  objects: KubeObject[];
  aws: ProjectAws;
  image: string;
  /** The image the project's Dockerfile builds on (`FROM`). */
  baseImage: string;
  /** What the workload, rendered suspended, waits for before it is started. */
  waitingFor: AimlWorkloadPrerequisite[];
};

const IMAGE =
  /^[a-z0-9][a-z0-9._\-/:]*(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const QUANTITY = /^[1-9]\d*(Mi|Gi|Ti)$/;

function requireName(value: string | undefined, input: string): void {
  if (value !== undefined && !DNS_SUBDOMAIN.test(value)) {
    throw new InputError(
      `${input} "${value}" is not a Kubernetes object name (lowercase letters, digits, "-" and ".")`,
    );
  }
}

function only(
  value: unknown,
  input: string,
  allowed: boolean,
  where: string,
): void {
  if (value !== undefined && !allowed) {
    throw new InputError(
      `${input} applies to ${where} workloads only; remove it`,
    );
  }
}

/** Checks every input that is not about accelerators, and resolves the defaults. */
function resolveContext(input: RenderInput): Omit<
  RenderContext,
  'placement' | 'model'
> & {
  workloadType: WorkloadType;
} {
  const profile = WORKLOADS[input.workload];
  const training = profile.workloadType === 'training';
  checkComponentName(input.component);
  const namespace = teamNamespace(input.team, profile.workloadType);
  const aws = projectAws({
    target: input.aws,
    team: input.team,
    component: input.component,
    roleName: input.workloadRole(input.team),
    costCenter: input.costCenter,
  });
  const capacityType = input.capacityType ?? profile.defaultCapacityType;
  const replicas = input.replicas ?? 1;
  const maxReplicas = input.maxReplicas ?? (training ? replicas : 2 * replicas);
  if (maxReplicas < replicas) {
    throw new InputError(
      `maxReplicas (${maxReplicas}) must be at least replicas (${replicas})`,
    );
  }
  if (
    !profile.scales &&
    input.maxReplicas !== undefined &&
    input.maxReplicas !== replicas
  ) {
    throw new InputError(
      `${input.workload} runs a fixed number of workers: set replicas and leave maxReplicas unset`,
    );
  }
  // The project's own image, from its ECR repository, unless the workload serves a public one.
  const image = input.image ?? profile.defaultImage ?? projectImage(aws);
  if (!IMAGE.test(image) || image.length > 512) {
    throw new InputError(
      `image "${image}" is not an image reference pinned by a tag or a sha256 digest, e.g. repository/name:1.2.3`,
    );
  }
  only(
    input.checkpointVolumeClaim,
    'checkpointVolumeClaim',
    training,
    'training',
  );
  only(input.modelCacheSize, 'modelCacheSize', !training, 'inference');
  only(
    input.modelCacheStorageClass,
    'modelCacheStorageClass',
    !training,
    'inference',
  );
  if (
    input.modelCacheSize !== undefined &&
    !QUANTITY.test(input.modelCacheSize)
  ) {
    throw new InputError(
      `modelCacheSize "${input.modelCacheSize}" is not a size like 200Gi (Mi, Gi or Ti)`,
    );
  }
  requireName(input.checkpointVolumeClaim, 'checkpointVolumeClaim');
  requireName(input.modelCacheStorageClass, 'modelCacheStorageClass');
  requireName(input.huggingFaceTokenSecret, 'huggingFaceTokenSecret');
  only(input.contextLength, 'contextLength', !training, 'inference');
  const neuron = profile.family === 'neuron';
  only(input.neuronSchedulerName, 'neuronSchedulerName', neuron, 'Neuron');
  requireName(input.neuronSchedulerName, 'neuronSchedulerName');
  return {
    workloadType: profile.workloadType,
    component: input.component,
    namespace,
    capacityType,
    replicas,
    maxReplicas,
    image,
    checkpointVolumeClaim: input.checkpointVolumeClaim,
    huggingFaceTokenSecret: input.huggingFaceTokenSecret,
    huggingFaceTokenSecretKey: tokenSecretKey(input.huggingFaceTokenSecretKey),
    neuronSchedulerName: neuron
      ? input.neuronSchedulerName ?? DEFAULT_NEURON_SCHEDULER
      : undefined,
    aws,
    modelCache: {
      size: input.modelCacheSize,
      storageClass: input.modelCacheStorageClass,
    },
  };
}

/**
 * Renders a workload's manifests from typed inputs, after checking them against
 * the accelerator and model catalogs, the team's quota and the product's own
 * schemas: the project's ServiceAccount and AWS resources (ACK), then the
 * workload, whose pods run as that ServiceAccount (a Ray head with KubeRay's
 * autoscaler as `<component>-ray-autoscaler`, rendered with it). Pure: no I/O.
 */
export function renderWorkload(input: RenderInput): RenderedWorkload {
  const profile = WORKLOADS[input.workload];
  if (!profile) {
    throw new InputError(
      `unknown workload "${input.workload}"; choose one of ${Object.keys(
        WORKLOADS,
      ).join(', ')}`,
    );
  }
  const { workloadType, ...base } = resolveContext(input);
  const model = resolveModel(input);
  if (workloadType === 'inference' && !model) {
    throw new InputError(
      `${input.workload} serves a model: set model (a Hugging Face id)`,
    );
  }
  const contextLength =
    workloadType === 'inference'
      ? servingContextLength({
          ...input,
          model: model!,
          namespace: base.namespace,
        })
      : undefined;
  const placement = checkPlacement({
    workload: input.workload,
    instanceType: input.instanceType,
    acceleratorCount: input.acceleratorCount,
    model,
    contextLength,
  });
  checkQuota({
    team: input.team,
    namespace: base.namespace,
    placement,
    replicas: base.replicas,
    quota: input.quota,
  });
  const ctx: RenderContext = { ...base, model, placement };
  let workload: KubeObject[];
  switch (input.workload) {
    case 'ray-job':
      workload = renderRayJob(ctx);
      break;
    case 'pytorch-elastic':
      workload = renderPyTorchElasticJob(ctx);
      break;
    case 'trainium-job':
      workload = renderTrainiumJob(ctx);
      break;
    case 'vllm':
      workload = renderVllmServer(ctx, { neuron: false });
      break;
    case 'inferentia-vllm':
      workload = renderVllmServer(ctx, { neuron: true });
      break;
    case 'ray-service':
      workload = renderRayService(ctx);
      break;
    default:
      throw new InputError(`unknown workload "${input.workload}"`);
  }
  // Applied held: the portal starts the workload once its image and Pod Identity association exist.
  const waitingFor = prerequisites(base.image, base.aws);
  const objects = [
    ...renderAwsResources(ctx),
    ...startSuspended(
      workload,
      waitingFor,
      workloadType === 'training' ? input.queueName : undefined,
    ),
  ];
  for (const obj of objects) {
    const problems = customKindProblems(obj);
    if (problems.length > 0) {
      // A renderer bug, not bad input: fail loudly rather than write it.
      throw new Error(
        `rendered ${obj.kind} ${
          obj.metadata.name
        } does not match the product's schema: ${problems.join('; ')}`,
      );
    }
  }
  return {
    namespace: base.namespace,
    workloadType,
    objects,
    aws: base.aws,
    image: base.image,
    baseImage: profile.baseImage,
    waitingFor,
  };
}
