/**
 * Workloads that start suspended: the golden paths apply them stopped, and the
 * portal starts them once what they need exists (their image in ECR, their Pod
 * Identity association in EKS). This module says which kinds, how each is held
 * and how it is started: one merge patch per object touching one field.
 */

import { ANNOTATION_QUEUE_NAME, LABEL_KUEUE_QUEUE_NAME } from './kueue/names';

/**
 * What a suspended workload waits for before the portal starts it.
 *
 * @public
 */
export type AimlWorkloadPrerequisite = 'image' | 'pod-identity';

/**
 * Annotation on a workload the golden paths apply suspended: what it waits for,
 * comma-separated (`image,pod-identity`). It stays after the workload started, as
 * a record of what it waited for.
 *
 * @public
 */
export const ANNOTATION_WAITING_FOR = 'aiml.eks.aws/waiting-for';

/**
 * Annotation on a Deployment applied at `replicas: 0`: the replicas it gets when started.
 *
 * @public
 */
export const ANNOTATION_REPLICAS_WHEN_READY =
  'aiml.eks.aws/replicas-when-ready';

/**
 * KEDA's annotation pausing a ScaledObject at the current replica count
 * (https://keda.sh/docs/latest/reference/scaledobject-spec/, "Pause autoscaling");
 * removing it resumes autoscaling.
 *
 * @public
 */
export const KEDA_PAUSED_ANNOTATION = 'autoscaling.keda.sh/paused';

/**
 * A kind the portal starts, and where it is held.
 *
 * @public
 */
export interface AimlResumableKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** The one field a start changes, as a JSON path below the object. */
  field: string[];
}

/**
 * The kinds that start suspended, in the order the portal starts them (a
 * Deployment before the ScaledObject that scales it). RayJob, RayService
 * (KubeRay 1.7+, `spec.suspend`) and PyTorchJob (`runPolicy.suspend`) create no
 * pods while suspended; a Deployment waits at zero replicas, its ScaledObject
 * paused so KEDA does not scale it up.
 *
 * @public
 */
export const AIML_RESUMABLE_KINDS: AimlResumableKind[] = [
  {
    group: 'ray.io',
    version: 'v1',
    kind: 'RayJob',
    plural: 'rayjobs',
    field: ['spec', 'suspend'],
  },
  {
    group: 'ray.io',
    version: 'v1',
    kind: 'RayService',
    plural: 'rayservices',
    field: ['spec', 'suspend'],
  },
  {
    group: 'kubeflow.org',
    version: 'v1',
    kind: 'PyTorchJob',
    plural: 'pytorchjobs',
    field: ['spec', 'runPolicy', 'suspend'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    field: ['spec', 'replicas'],
  },
  {
    group: 'keda.sh',
    version: 'v1alpha1',
    kind: 'ScaledObject',
    plural: 'scaledobjects',
    field: ['metadata', 'annotations', KEDA_PAUSED_ANNOTATION],
  },
];

/**
 * An object as the cluster returns it, as far as starting it goes.
 *
 * @public
 */
export interface AimlWorkloadObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

function at(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) =>
      typeof v === 'object' && v !== null
        ? (v as Record<string, unknown>)[key]
        : undefined,
    obj,
  );
}

/**
 * The resumable kind of an object, if it is one.
 *
 * @public
 */
export function resumableKindOf(
  obj: Pick<AimlWorkloadObject, 'apiVersion' | 'kind'>,
): AimlResumableKind | undefined {
  return AIML_RESUMABLE_KINDS.find(
    k => `${k.group}/${k.version}` === obj.apiVersion && k.kind === obj.kind,
  );
}

/**
 * What an object waits for (its {@link ANNOTATION_WAITING_FOR}); none when it
 * was not applied suspended by the product.
 *
 * @public
 */
export function waitingFor(
  obj: Pick<AimlWorkloadObject, 'metadata'>,
): AimlWorkloadPrerequisite[] {
  const value = obj.metadata.annotations?.[ANNOTATION_WAITING_FOR] ?? '';
  return value
    .split(',')
    .map(s => s.trim())
    .filter((s): s is AimlWorkloadPrerequisite =>
      ['image', 'pod-identity'].includes(s),
    );
}

/**
 * The LocalQueue a workload of a Kueue cluster is submitted to when started
 * ({@link ANNOTATION_QUEUE_NAME}); undefined for a workload the portal starts
 * by unsuspending it.
 *
 * @public
 */
export function queueOnStart(
  obj: Pick<AimlWorkloadObject, 'metadata'>,
): string | undefined {
  return obj.metadata.annotations?.[ANNOTATION_QUEUE_NAME];
}

/**
 * Whether an object is held as the golden paths apply it: suspended, at zero
 * replicas, or paused.
 *
 * @public
 */
export function isSuspended(obj: AimlWorkloadObject): boolean {
  const kind = resumableKindOf(obj);
  if (!kind) return false;
  // On a Kueue cluster the hold is the missing queue label: once submitted, the job
  // stays suspended until Kueue admits it, and that is Kueue's, not the portal's.
  if (queueOnStart(obj) !== undefined) {
    return obj.metadata.labels?.[LABEL_KUEUE_QUEUE_NAME] === undefined;
  }
  const value = at(obj, kind.field);
  switch (kind.kind) {
    case 'Deployment':
      return value === 0;
    case 'ScaledObject':
      return value === 'true';
    default:
      return value === true;
  }
}

/**
 * One operation of a JSON patch (RFC 6902).
 *
 * @public
 */
export type AimlJsonPatchOperation =
  | { op: 'test' | 'replace' | 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/** A JSON pointer (RFC 6901) of a path. */
function pointer(path: string[]): string {
  return `/${path
    .map(p => p.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/')}`;
}

/**
 * The JSON patch (RFC 6902) that starts a held object, touching only its kind's
 * field: a `test` of the field's current value (the patch fails if someone changed
 * it meanwhile), then `suspend: false`, the Deployment's replicas from
 * {@link ANNOTATION_REPLICAS_WHEN_READY} (1 when absent or not a positive
 * number), or KEDA's pause annotation removed. A workload of a Kueue cluster
 * ({@link queueOnStart}) is submitted instead: the annotation's queue tested, the
 * label `kueue.x-k8s.io/queue-name` added, `suspend` left true for Kueue to clear
 * when it admits the whole job. Empty for objects that are not held.
 *
 * @public
 */
export function startOperations(
  obj: AimlWorkloadObject,
): AimlJsonPatchOperation[] {
  const kind = resumableKindOf(obj);
  if (!kind || !isSuspended(obj)) return [];
  const queue = queueOnStart(obj);
  if (queue !== undefined) {
    // Submitted to Kueue, still suspended: Kueue unsuspends it when it admits it whole.
    const labels = obj.metadata.labels;
    return [
      {
        op: 'test',
        path: pointer(['metadata', 'annotations', ANNOTATION_QUEUE_NAME]),
        value: queue,
      },
      labels
        ? {
            op: 'add',
            path: pointer(['metadata', 'labels', LABEL_KUEUE_QUEUE_NAME]),
            value: queue,
          }
        : {
            op: 'add',
            path: '/metadata/labels',
            value: { [LABEL_KUEUE_QUEUE_NAME]: queue },
          },
    ];
  }
  const path = pointer(kind.field);
  const test = { op: 'test' as const, path, value: at(obj, kind.field) };
  switch (kind.kind) {
    case 'Deployment': {
      const wanted = Number(
        obj.metadata.annotations?.[ANNOTATION_REPLICAS_WHEN_READY],
      );
      const replicas = Number.isInteger(wanted) && wanted > 0 ? wanted : 1;
      return [test, { op: 'replace', path, value: replicas }];
    }
    case 'ScaledObject':
      return [test, { op: 'remove', path }];
    default:
      return [test, { op: 'replace', path, value: false }];
  }
}
