import { createHash } from 'node:crypto';
import { KubeObject, SANDBOX_ACCOUNT_ID } from '../types';
import { AckRepositoryClaim } from './ecrState';

/**
 * What ACK's ECR and EKS controllers report on their objects once the AWS
 * resource exists: `status.conditions` with `ACK.ResourceSynced` True ("the
 * desired state matches the latest observed state",
 * https://aws-controllers-k8s.github.io/community/docs/user-docs/resource-crud,
 * "Understanding ACK Controller Conditions"), `status.ackResourceMetadata` (ARN,
 * owner account, region) and the kind's own fields: a Repository's
 * `repositoryURI`, a PodIdentityAssociation's `associationID` and `associationARN`.
 */

export const ACK_REPOSITORY_API_VERSION = 'ecr.services.k8s.aws/v1alpha1';
export const ACK_POD_IDENTITY_API_VERSION = 'eks.services.k8s.aws/v1alpha1';

/** ACK's condition that the AWS resource matches the object. */
export const ACK_RESOURCE_SYNCED = 'ACK.ResourceSynced';

const REGION = 'services.k8s.aws/region';
const NAMESPACE_DEFAULT_REGION = 'services.k8s.aws/default-region';
const DELETION_POLICY = 'services.k8s.aws/deletion-policy';

/** An ACK object of one cluster, with what the controller reads besides it. */
export interface AckObject {
  cluster: string;
  clusterRegion: string;
  object: KubeObject;
  namespaceAnnotations: Record<string, string>;
}

/** The region an ACK object's resource lives in: its annotation, its namespace's default, the controller's. */
export function ackRegion(o: AckObject): string {
  return (
    o.object.metadata.annotations?.[REGION] ??
    o.namespaceAnnotations[NAMESPACE_DEFAULT_REGION] ??
    o.clusterRegion
  );
}

/** The repositories ACK Repository objects ask for. */
export function ackRepositoryClaims(
  objects: AckObject[],
): AckRepositoryClaim[] {
  return objects.flatMap(o => {
    const name = (o.object.spec as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') return [];
    return [
      {
        name,
        region: ackRegion(o),
        deletionPolicy:
          o.object.metadata.annotations?.[DELETION_POLICY] === 'retain'
            ? 'retain'
            : 'delete',
      },
    ];
  });
}

function isSynced(object: KubeObject): boolean {
  const status = object.status as
    | { conditions?: Array<{ type?: string; status?: string }> }
    | undefined;
  return (
    status?.conditions?.some(
      c => c.type === ACK_RESOURCE_SYNCED && c.status === 'True',
    ) ?? false
  );
}

/** A stable id of an object, for the AWS-side names ACK reports. */
function idOf(object: KubeObject, length: number): string {
  return createHash('sha256')
    .update(String(object.metadata.uid ?? object.metadata.name))
    .digest('hex')
    .slice(0, length);
}

/**
 * The status ACK reports on an object whose resource it created, or undefined
 * when it has reported it already (or the object is not one of its kinds, or
 * names no resource).
 */
export function ackSyncedStatus(
  o: AckObject,
  nowIso: string,
): Record<string, unknown> | undefined {
  const { object } = o;
  if (isSynced(object)) return undefined;
  const region = ackRegion(o);
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const synced = {
    conditions: [
      {
        type: ACK_RESOURCE_SYNCED,
        status: 'True',
        lastTransitionTime: nowIso,
        message: 'Resource synced successfully',
        reason: '',
      },
    ],
  };
  const metadata = (arn: string) => ({
    ackResourceMetadata: { arn, ownerAccountID: SANDBOX_ACCOUNT_ID, region },
  });
  if (
    object.apiVersion === ACK_REPOSITORY_API_VERSION &&
    object.kind === 'Repository' &&
    typeof spec.name === 'string'
  ) {
    return {
      ...metadata(
        `arn:aws:ecr:${region}:${SANDBOX_ACCOUNT_ID}:repository/${spec.name}`,
      ),
      repositoryURI: `${SANDBOX_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${spec.name}`,
      ...synced,
    };
  }
  if (
    object.apiVersion === ACK_POD_IDENTITY_API_VERSION &&
    object.kind === 'PodIdentityAssociation' &&
    typeof spec.clusterName === 'string'
  ) {
    const id = `a-${idOf(object, 17)}`;
    const arn = `arn:aws:eks:${region}:${SANDBOX_ACCOUNT_ID}:podidentityassociation/${spec.clusterName}/${id}`;
    return {
      ...metadata(arn),
      associationARN: arn,
      associationID: id,
      createdAt: nowIso,
      ...synced,
    };
  }
  return undefined;
}
