import {
  AimlWorkloadPrerequisite,
  ANNOTATION_QUEUE_NAME,
  ANNOTATION_REPLICAS_WHEN_READY,
  ANNOTATION_WAITING_FOR,
  KEDA_PAUSED_ANNOTATION,
  resumableKindOf,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../kubernetes/types';
import { ProjectAws } from './projectAws';

/** The registry of the project's account and region: images there are CI's to push. */
export function projectRegistry(aws: ProjectAws): string {
  return `${aws.accountId}.dkr.ecr.${aws.region}.amazonaws.com/`;
}

/**
 * What a project's workload waits for: its Pod Identity association always (its
 * pods run as the workload ServiceAccount and read AWS credentials at start), and
 * its image when that is the project's own, which CI has not pushed yet.
 */
export function prerequisites(
  image: string,
  aws: ProjectAws,
): AimlWorkloadPrerequisite[] {
  return image.startsWith(projectRegistry(aws))
    ? ['image', 'pod-identity']
    : ['pod-identity'];
}

/** The held kinds Kueue admits as jobs (its `ray.io/rayjob` and `kubeflow.org/pytorchjob` integrations). */
const KUEUE_JOBS = new Set(['RayJob', 'PyTorchJob']);

/**
 * The workload objects as applied: held until the portal starts them. RayJob
 * and RayService `spec.suspend: true` (KubeRay creates no RayCluster; RayService
 * suspend needs KubeRay 1.7), PyTorchJob `runPolicy.suspend: true` (the training
 * operator creates no pods), a Deployment at zero replicas (its replicas kept in
 * an annotation) and its ScaledObject paused (KEDA would scale it up). Each
 * carries what it waits for; other objects are returned as they are. On a Kueue
 * cluster (`queueName`) a RayJob or PyTorchJob also carries the LocalQueue its
 * start submits it to (`aiml.eks.aws/queue-name`), not Kueue's label yet: Kueue
 * would admit it before its image exists.
 */
export function startSuspended(
  objects: KubeObject[],
  waitsFor: AimlWorkloadPrerequisite[],
  queueName?: string,
): KubeObject[] {
  return objects.map(obj => {
    const kind = resumableKindOf(obj);
    if (!kind) return obj;
    const annotations: Record<string, string> = {
      ...obj.metadata.annotations,
      [ANNOTATION_WAITING_FOR]: waitsFor.join(','),
      ...(queueName && KUEUE_JOBS.has(kind.kind)
        ? { [ANNOTATION_QUEUE_NAME]: queueName }
        : {}),
    };
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    switch (kind.kind) {
      case 'Deployment':
        return {
          ...obj,
          metadata: {
            ...obj.metadata,
            annotations: {
              ...annotations,
              [ANNOTATION_REPLICAS_WHEN_READY]: String(spec.replicas ?? 1),
            },
          },
          spec: { ...spec, replicas: 0 },
        };
      case 'ScaledObject':
        return {
          ...obj,
          metadata: {
            ...obj.metadata,
            annotations: { ...annotations, [KEDA_PAUSED_ANNOTATION]: 'true' },
          },
        };
      case 'PyTorchJob':
        return {
          ...obj,
          metadata: { ...obj.metadata, annotations },
          spec: {
            ...spec,
            runPolicy: {
              ...(spec.runPolicy as Record<string, unknown>),
              suspend: true,
            },
          },
        };
      default:
        return {
          ...obj,
          metadata: { ...obj.metadata, annotations },
          spec: { ...spec, suspend: true },
        };
    }
  });
}
