/** The AWS account every sandbox resource lives in. */
export const SANDBOX_ACCOUNT_ID = '111122223333';

/** An AWS credential the sandbox accepts (SigV4-signed requests must use one). */
export interface SandboxCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary credentials issued by AssumeRole. */
  sessionToken?: string;
  /** Unix ms; temporary credentials expire on the sandbox clock. */
  expiresAtMs?: number;
  /** The IAM identity: `arn:aws:iam::<acct>:user/<name>` or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  arn: string;
  /** For assumed roles: the role's ARN (with its path), which access entries name. */
  roleArn?: string;
}

/** A role that AssumeRole may assume. */
export interface SandboxRole {
  /** e.g. `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_MLLead_0123` */
  arn: string;
  /** When set, AssumeRole must pass this ExternalId. */
  externalId?: string;
}

/** The IAM principal a request or an EKS token authenticated as. */
export interface AwsPrincipal {
  /** The caller's ARN as GetCallerIdentity returns it. */
  arn: string;
  account: string;
  userId: string;
  /** The ARN access entries are matched on: the IAM user ARN, or the role ARN (with path) of an assumed role. */
  principalArn: string;
  /** For assumed roles: the session name (what `{{SessionName}}` expands to). */
  sessionName?: string;
}

/** A Kubernetes object as stored and served. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** An EKS access policy association: a policy with its scope. */
export interface AccessPolicyAssociation {
  /** `arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy` etc. */
  policyArn: string;
  accessScope: { type: 'cluster' | 'namespace'; namespaces?: string[] };
  associatedAtMs: number;
  modifiedAtMs: number;
}

/** An EKS access entry, with what Kubernetes authorization needs of it. */
export interface AccessEntry {
  clusterName: string;
  principalArn: string;
  /** May contain `{{SessionName}}`, expanded per request. */
  username: string;
  kubernetesGroups: string[];
  type: string;
  tags: Record<string, string>;
  createdAtMs: number;
  modifiedAtMs: number;
  policies: AccessPolicyAssociation[];
}

/**
 * How the Kubernetes API server reaches the EKS side: it authenticates EKS
 * tokens (`k8s-aws-v1.` presigned STS URLs) and reads the cluster's access entries.
 */
export interface EksAuthenticator {
  /** The principal an EKS token stands for, or undefined when the token is not valid for this cluster. */
  verifyToken(
    token: string,
    clusterName: string,
  ): Promise<AwsPrincipal | undefined>;
  /** The access entry of a principal on a cluster, if any. */
  accessEntry(
    clusterName: string,
    principalArn: string,
  ): AccessEntry | undefined;
  /** The cluster creator's principal ARN, which is cluster-admin (bootstrapClusterCreatorAdminPermissions). */
  clusterCreatorArn(clusterName: string): string;
}
