import { V1ServiceAccount } from '@kubernetes/client-node';
import { MANAGED_BY_VALUE } from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../kubernetes/types';
import { ProjectAws } from './projectAws';
import { objectMeta, RenderContext } from './renderContext';

/** ACK's annotation of the region an AWS resource is created in. */
export const ACK_REGION_ANNOTATION = 'services.k8s.aws/region';
/** ACK's annotation of what deleting the object does to the AWS resource (`delete` or `retain`). */
export const ACK_DELETION_POLICY_ANNOTATION =
  'services.k8s.aws/deletion-policy';

function tags(aws: ProjectAws, component: string): Record<string, string> {
  return {
    team: aws.team,
    component,
    ...(aws.costCenter ? { 'cost-center': aws.costCenter } : {}),
    'managed-by': MANAGED_BY_VALUE,
  };
}

/** Read and write for the team's role, and nothing over plain HTTP. */
function bucketPolicy(aws: ProjectAws): string {
  const bucket = `arn:aws:s3:::${aws.bucket}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TeamWorkloadsList',
        Effect: 'Allow',
        Principal: { AWS: aws.roleArn },
        Action: ['s3:ListBucket', 's3:GetBucketLocation'],
        Resource: bucket,
      },
      {
        Sid: 'TeamWorkloadsObjects',
        Effect: 'Allow',
        Principal: { AWS: aws.roleArn },
        Action: [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
        ],
        Resource: `${bucket}/*`,
      },
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucket, `${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** Keep what CI pushed recently; untagged layers of old pushes expire. */
const ECR_LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Expire untagged images after 14 days',
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 14,
      },
      action: { type: 'expire' },
    },
  ],
});

/**
 * The AWS resources a project needs, as ACK objects in its namespace, and the
 * ServiceAccount its pods run as: an S3 bucket (checkpoints, artifacts) only the
 * team's role reaches, an ECR repository for its image, and the Pod Identity
 * association giving the ServiceAccount the team's role. The bucket and the
 * repository are retained when their objects are deleted: data outlives manifests.
 */
export function renderAwsResources(ctx: RenderContext): KubeObject[] {
  const { aws, component } = ctx;
  const region = { [ACK_REGION_ANNOTATION]: aws.region };
  const retained = { ...region, [ACK_DELETION_POLICY_ANNOTATION]: 'retain' };
  const tagMap = tags(aws, component);
  const tagList = Object.entries(tagMap).map(([key, value]) => ({
    key,
    value,
  }));
  const serviceAccount: V1ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(ctx, 'workload-identity', aws.serviceAccountName),
  };
  return [
    serviceAccount as KubeObject,
    {
      apiVersion: 's3.services.k8s.aws/v1alpha1',
      kind: 'Bucket',
      metadata: { ...objectMeta(ctx, 'storage'), annotations: retained },
      spec: {
        name: aws.bucket,
        tagging: { tagSet: tagList },
        publicAccessBlock: {
          blockPublicACLs: true,
          blockPublicPolicy: true,
          ignorePublicACLs: true,
          restrictPublicBuckets: true,
        },
        lifecycle: {
          rules: [
            {
              id: 'abort-incomplete-uploads',
              status: 'Enabled',
              filter: { prefix: '' },
              abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
          ],
        },
        policy: bucketPolicy(aws),
      },
    },
    {
      apiVersion: 'ecr.services.k8s.aws/v1alpha1',
      kind: 'Repository',
      metadata: { ...objectMeta(ctx, 'image'), annotations: retained },
      spec: {
        name: aws.repository,
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        lifecyclePolicy: ECR_LIFECYCLE_POLICY,
        tags: tagList,
      },
    },
    {
      apiVersion: 'eks.services.k8s.aws/v1alpha1',
      kind: 'PodIdentityAssociation',
      metadata: {
        ...objectMeta(ctx, 'workload-identity'),
        annotations: region,
      },
      spec: {
        clusterName: aws.cluster,
        namespace: ctx.namespace,
        serviceAccount: aws.serviceAccountName,
        roleARN: aws.roleArn,
        tags: tagMap,
      },
    },
  ];
}
