import { KubeObject } from '../kubernetes/types';
import { ACK_DELETION_POLICY_ANNOTATION } from '../manifests/awsResources';

/** What retiring does to the project's S3 bucket. */
export type BucketChoice = 'retain' | 'delete';

/** A merge patch made before the delete, and what it does in words. */
export type Change = { patch: Record<string, unknown>; says: string };

/** One object of a project and how it goes. */
export type RetireStep = {
  object: KubeObject;
  /** Patched first: a workload held, or ACK told what to do with the AWS resource. */
  before?: Change;
};

/**
 * ACK's ECR controller deletes a repository that still holds images only with
 * this annotation (aws-controllers-k8s/ecr-controller#79); without it the
 * delete fails with RepositoryNotEmptyException and the object never goes.
 */
export const ECR_FORCE_DELETE_ANNOTATION = 'ecr.services.k8s.aws/force-delete';

/**
 * The order objects go in: autoscalers first (so nothing scales a workload
 * back up), then the workloads, what served them, the AWS resources (the Pod
 * Identity association before the bucket and repository its role reached), and
 * the ServiceAccounts last, once no pod runs as them.
 */
const ORDER = [
  ['ScaledObject', 'HorizontalPodAutoscaler'],
  [
    'RayJob',
    'RayService',
    'RayCluster',
    'PyTorchJob',
    'LeaderWorkerSet',
    'Job',
    'Deployment',
    'StatefulSet',
  ],
  ['PodMonitor', 'Service', 'ConfigMap'],
  ['PodIdentityAssociation', 'Repository', 'Bucket'],
  ['ServiceAccount'],
].flat();

/**
 * How a workload is held before it is deleted, so it stops as its operator
 * stops it (a RayJob's cluster torn down, a training job's pods ended) rather
 * than by losing its owner: `suspend: true` (KubeRay's RayJob, RayCluster and,
 * since 1.7, RayService; the training operator's `runPolicy.suspend`; batch
 * Jobs), zero replicas for Deployments and StatefulSets.
 */
function holdOf(obj: KubeObject): Change | undefined {
  switch (obj.kind) {
    case 'RayJob':
    case 'RayService':
    case 'RayCluster':
    case 'Job':
      return { patch: { spec: { suspend: true } }, says: 'suspended' };
    case 'PyTorchJob':
      return {
        patch: { spec: { runPolicy: { suspend: true } } },
        says: 'suspended',
      };
    case 'Deployment':
    case 'StatefulSet':
      return { patch: { spec: { replicas: 0 } }, says: 'scaled to 0' };
    default:
      return undefined;
  }
}

const annotate = (annotations: Record<string, string>) => ({
  metadata: { annotations },
});

/**
 * What ACK is told to do with the AWS resource behind an object, by its
 * `services.k8s.aws/deletion-policy` annotation (ACK's deletion policy: the
 * object's annotation wins over the namespace's and the controller's): the
 * bucket as chosen; the ECR repository (its images are rebuilt from the
 * repository's code) and the Pod Identity association deleted.
 */
function awsPolicyOf(
  obj: KubeObject,
  bucket: BucketChoice,
): Change | undefined {
  const name = String((obj.spec as { name?: unknown } | undefined)?.name);
  switch (obj.kind) {
    case 'Bucket':
      return bucket === 'retain'
        ? {
            patch: annotate({ [ACK_DELETION_POLICY_ANNOTATION]: 'retain' }),
            says: `deletion-policy retain: AWS keeps the S3 bucket ${name}`,
          }
        : {
            patch: annotate({ [ACK_DELETION_POLICY_ANNOTATION]: 'delete' }),
            says: `deletion-policy delete: ACK deletes the S3 bucket ${name} once it is empty`,
          };
    case 'Repository':
      return {
        patch: annotate({
          [ACK_DELETION_POLICY_ANNOTATION]: 'delete',
          [ECR_FORCE_DELETE_ANNOTATION]: 'true',
        }),
        says: `deletion-policy delete, force-delete: ACK deletes the ECR repository ${name} and its images`,
      };
    case 'PodIdentityAssociation':
      return {
        patch: annotate({ [ACK_DELETION_POLICY_ANNOTATION]: 'delete' }),
        says: 'deletion-policy delete: ACK deletes the EKS Pod Identity association',
      };
    default:
      return undefined;
  }
}

/**
 * The steps that retire a project's objects, in {@link ORDER} (kinds outside
 * it last), each with what is patched before its delete. Pure.
 */
export function retirePlan(
  objects: KubeObject[],
  bucket: BucketChoice,
): RetireStep[] {
  const rank = (o: KubeObject) => {
    const i = ORDER.indexOf(o.kind);
    return i < 0 ? ORDER.length : i;
  };
  return [...objects]
    .sort((a, b) => rank(a) - rank(b))
    .map(object => {
      const before = holdOf(object) ?? awsPolicyOf(object, bucket);
      return before ? { object, before } : { object };
    });
}
