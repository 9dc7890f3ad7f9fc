import { KubeObject } from '../types';

/**
 * What ACK's S3 controller makes of `s3.services.k8s.aws/v1alpha1` Bucket
 * objects: the bucket `spec.name`, in the region and with the deletion policy
 * ACK resolves from annotations
 * (https://aws-controllers-k8s.github.io/community/docs/user-docs/multi-region-resource-management,
 * https://aws-controllers-k8s.github.io/community/docs/user-docs/deletion-policy).
 */

export const ACK_BUCKET_API_VERSION = 's3.services.k8s.aws/v1alpha1';
export const ACK_BUCKET_KIND = 'Bucket';

const REGION = 'services.k8s.aws/region';
const NAMESPACE_DEFAULT_REGION = 'services.k8s.aws/default-region';
const DELETION_POLICY = 'services.k8s.aws/deletion-policy';
const NAMESPACE_DELETION_POLICY = 's3.services.k8s.aws/deletion-policy';

/** A Bucket object as stored in one cluster, with what ACK reads besides it. */
export interface AckBucketObject {
  cluster: string;
  /** The controller's `--aws-region`: the cluster's region. */
  clusterRegion: string;
  object: KubeObject;
  /** The annotations of the object's namespace. */
  namespaceAnnotations: Record<string, string>;
}

/** A bucket an ACK Bucket object asks for. */
export interface AckBucketClaim {
  bucket: string;
  region: string;
  deletionPolicy: 'delete' | 'retain';
  /** `<cluster>/<namespace>/<name>` of the Bucket object. */
  owner: string;
}

/**
 * The buckets ACK Bucket objects ask for. Bucket names are global: when two
 * objects name the same bucket, the older one's controller created it and the
 * other's CreateBucket fails, so the older claim wins.
 */
export function ackBucketClaims(objects: AckBucketObject[]): AckBucketClaim[] {
  const oldestFirst = [...objects].sort((a, b) =>
    String(a.object.metadata.creationTimestamp ?? '').localeCompare(
      String(b.object.metadata.creationTimestamp ?? ''),
    ),
  );
  const claims = new Map<string, AckBucketClaim>();
  for (const {
    cluster,
    clusterRegion,
    object,
    namespaceAnnotations,
  } of oldestFirst) {
    const bucket = (object.spec as { name?: unknown } | undefined)?.name;
    if (typeof bucket !== 'string' || claims.has(bucket)) continue;
    const annotations = object.metadata.annotations ?? {};
    const policy =
      annotations[DELETION_POLICY] ??
      namespaceAnnotations[NAMESPACE_DELETION_POLICY];
    claims.set(bucket, {
      bucket,
      region:
        annotations[REGION] ??
        namespaceAnnotations[NAMESPACE_DEFAULT_REGION] ??
        clusterRegion,
      deletionPolicy: policy === 'retain' ? 'retain' : 'delete',
      owner: `${cluster}/${object.metadata.namespace}/${object.metadata.name}`,
    });
  }
  return [...claims.values()];
}
