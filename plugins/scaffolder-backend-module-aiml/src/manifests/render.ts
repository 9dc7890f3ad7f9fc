import { InputError } from '@backstage/errors';
import { customKindProblems, ModelDtype } from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../kubernetes/types';
import { teamNamespace, WorkloadType } from '../namespaces/teamNamespace';
import { checkPlacement, resolveModel } from './fit';
import { renderRayService, renderVllmServer } from './inference';
import { checkComponentName } from './names';
import { CapacityType } from './podTemplate';
import { RenderContext } from './renderContext';
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
  checkpointS3Uri?: string;
  checkpointVolumeClaim?: string;
  modelCacheSize?: string;
  modelCacheStorageClass?: string;
  huggingFaceTokenSecret?: string;
  serviceAccountName?: string;
};

/** What rendering produced. */
export type RenderedWorkload = {
  namespace: string;
  workloadType: WorkloadType;
  objects: KubeObject[];
};

const IMAGE =
  /^[a-z0-9][a-z0-9._\-/:]*(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/;
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
  const image = input.image ?? profile.defaultImage;
  if (!image) {
    throw new InputError(
      `${input.workload} runs the project's own image: set image to the image its CI builds (e.g. from the repository's Dockerfile), pinned by tag or digest`,
    );
  }
  if (!IMAGE.test(image) || image.length > 512) {
    throw new InputError(
      `image "${image}" is not an image reference pinned by a tag or a sha256 digest, e.g. repository/name:1.2.3`,
    );
  }
  only(input.checkpointS3Uri, 'checkpointS3Uri', training, 'training');
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
  if (training && capacityType === 'spot' && !input.checkpointS3Uri) {
    throw new InputError(
      'training on spot capacity needs checkpoints that survive an interruption: set checkpointS3Uri (s3://bucket/prefix)',
    );
  }
  if (
    input.checkpointS3Uri !== undefined &&
    !S3_URI.test(input.checkpointS3Uri)
  ) {
    throw new InputError(
      `checkpointS3Uri "${input.checkpointS3Uri}" is not an S3 URI like s3://bucket/prefix`,
    );
  }
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
  requireName(input.serviceAccountName, 'serviceAccountName');
  if (input.serviceAccountName?.endsWith('-deployer')) {
    throw new InputError(
      `pods never run as a deployer ServiceAccount ("${input.serviceAccountName}" holds edit on the namespace): give the workload its own ServiceAccount`,
    );
  }
  return {
    workloadType: profile.workloadType,
    component: input.component,
    namespace,
    capacityType,
    replicas,
    maxReplicas,
    image,
    checkpointS3Uri: input.checkpointS3Uri,
    checkpointVolumeClaim: input.checkpointVolumeClaim,
    huggingFaceTokenSecret: input.huggingFaceTokenSecret,
    serviceAccountName: input.serviceAccountName,
    modelCache: {
      size: input.modelCacheSize,
      storageClass: input.modelCacheStorageClass,
    },
  };
}

/**
 * Renders a workload's manifests from typed inputs, after checking them against
 * the accelerator and model catalogs and the product's own schemas. Pure: no I/O.
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
  const placement = checkPlacement({
    workload: input.workload,
    instanceType: input.instanceType,
    acceleratorCount: input.acceleratorCount,
    model,
  });
  const ctx: RenderContext = { ...base, model, placement };
  let objects: KubeObject[];
  switch (input.workload) {
    case 'ray-job':
      objects = renderRayJob(ctx);
      break;
    case 'pytorch-elastic':
      objects = renderPyTorchElasticJob(ctx);
      break;
    case 'trainium-job':
      objects = renderTrainiumJob(ctx);
      break;
    case 'vllm':
      objects = renderVllmServer(ctx, { neuron: false });
      break;
    case 'inferentia-vllm':
      objects = renderVllmServer(ctx, { neuron: true });
      break;
    case 'ray-service':
      objects = renderRayService(ctx);
      break;
    default:
      throw new InputError(`unknown workload "${input.workload}"`);
  }
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
  return { namespace: base.namespace, workloadType, objects };
}
