import { workloadServiceAccountName } from './names';

/** The cluster a project runs on, from config: its AWS resources live in its account and region. */
export type AwsTarget = { cluster: string; region: string; accountId: string };

/** The names of a project's AWS resources and of the ServiceAccount its pods run as. */
export type ProjectAws = AwsTarget & {
  team: string;
  /** `<component>-workload`: the pods' ServiceAccount, associated with the team's role. */
  serviceAccountName: string;
  /** `<component>-<account id>`: S3 names are global, the account keeps them unique. */
  bucket: string;
  /** `<team>/<component>`: the ECR repository of the project's image. */
  repository: string;
  /** The role the pods get through EKS Pod Identity. */
  roleArn: string;
  costCenter?: string;
};

/**
 * The ARN of a team's workload role in an account. The role (`aiml.teams.workloadRoleName`,
 * `eks-aiml-<team>` by default) is made once per team by platform engineers, trusted by
 * `pods.eks.amazonaws.com`. Projects never name a role: a team's pods get its own.
 */
export function teamWorkloadRoleArn(
  accountId: string,
  roleName: string,
): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** The names of a project's AWS resources on its cluster. */
export function projectAws(options: {
  target: AwsTarget;
  team: string;
  component: string;
  /** The team's workload role: path and name. */
  roleName: string;
  costCenter?: string;
}): ProjectAws {
  const { target, team, component } = options;
  return {
    ...target,
    team,
    serviceAccountName: workloadServiceAccountName(component),
    bucket: `${component}-${target.accountId}`,
    repository: `${team}/${component}`,
    roleArn: teamWorkloadRoleArn(target.accountId, options.roleName),
    costCenter: options.costCenter,
  };
}

/** The image of the project's ECR repository, as CI pushes it (`latest` follows `main`). */
export function projectImage(aws: ProjectAws): string {
  return `${aws.accountId}.dkr.ecr.${aws.region}.amazonaws.com/${aws.repository}:latest`;
}

/** Where training writes checkpoints: a prefix of the project's bucket. */
export function checkpointS3Uri(aws: ProjectAws): string {
  return `s3://${aws.bucket}/checkpoints/`;
}
