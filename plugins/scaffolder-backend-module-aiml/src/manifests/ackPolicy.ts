import { KubeObject } from '../kubernetes/types';
import {
  ACK_DELETION_POLICY_ANNOTATION,
  ACK_REGION_ANNOTATION,
} from './awsResources';
import { teamWorkloadRoleArn } from './projectAws';
import { workloadServiceAccountName } from './names';

/** Where a step applies: the team's namespace on one configured cluster. */
export type ApplyTarget = {
  cluster: string;
  namespace: string;
  team: string;
  /** The project (Component name): its pods run only as `<component>-workload`. */
  component: string;
  /** The cluster's AWS account, when configured: Pod Identity roles are checked against it. */
  accountId?: string;
  /** The team's workload role (path and name), the only role an association may name. */
  workloadRoleName: string;
};

const ACK_GROUP = /\.services\.k8s\.aws$/;
const ACK_ANNOTATION_PREFIX = 'services.k8s.aws/';
/** ACK annotations a project may set; the others adopt existing AWS resources or act in other accounts. */
const ALLOWED_ACK_ANNOTATIONS = new Set([
  ACK_REGION_ANNOTATION,
  ACK_DELETION_POLICY_ANNOTATION,
]);
/** Ways of naming a role or cluster other than the plain fields the checks read. */
const POD_IDENTITY_INDIRECTIONS = [
  'roleRef',
  'targetRoleARN',
  'targetRoleRef',
  'clusterRef',
];

function isAck(obj: KubeObject): boolean {
  return ACK_GROUP.test(obj.apiVersion.split('/')[0]);
}

/**
 * What is wrong with an AWS Controllers for Kubernetes object for this step:
 * ACK creates and changes AWS resources as its controllers' identity, so a
 * project may not adopt existing resources, act in another account, or give a
 * role to anything but its own workload ServiceAccount in its own namespace.
 */
export function ackProblems(obj: KubeObject, target: ApplyTarget): string[] {
  if (!isAck(obj)) return [];
  const problems = Object.keys(obj.metadata.annotations ?? {})
    .filter(
      a =>
        a.startsWith(ACK_ANNOTATION_PREFIX) && !ALLOWED_ACK_ANNOTATIONS.has(a),
    )
    .map(
      a =>
        `metadata.annotations.${a}: ACK objects may only set ${[
          ...ALLOWED_ACK_ANNOTATIONS,
        ].join(
          ' and ',
        )}; adopting existing AWS resources or acting in other accounts is refused`,
    );
  if (obj.kind !== 'PodIdentityAssociation') return problems;
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const expect = (field: string, wanted: string | undefined, why: string) => {
    if (spec[field] !== wanted) {
      problems.push(`spec.${field} "${String(spec[field])}": ${why}`);
    }
  };
  expect(
    'clusterName',
    target.cluster,
    `associations are made on the cluster this step applies to ("${target.cluster}")`,
  );
  expect(
    'namespace',
    target.namespace,
    `associations are for ServiceAccounts of "${target.namespace}" only`,
  );
  expect(
    'serviceAccount',
    workloadServiceAccountName(target.component),
    `the team's role goes to the project's workload ServiceAccount (${workloadServiceAccountName(
      target.component,
    )}) only`,
  );
  if (!target.accountId) {
    problems.push(
      `spec.roleARN: cluster "${target.cluster}" has no accountId in aiml.clusters, so the team's role cannot be checked`,
    );
  } else {
    const role = teamWorkloadRoleArn(target.accountId, target.workloadRoleName);
    expect(
      'roleARN',
      role,
      `team "${target.team}" gets its own workload role (${role}) and no other`,
    );
  }
  for (const field of POD_IDENTITY_INDIRECTIONS) {
    if (spec[field] !== undefined) {
      problems.push(
        `spec.${field}: name the role and cluster by roleARN and clusterName only`,
      );
    }
  }
  return problems;
}
