/**
 * The IAM policy of the backend's role: what the portal calls in AWS, nothing
 * more. Access entries it creates are tagged, and it may change or delete only
 * entries carrying that tag.
 *
 * @public
 */
export function backendIamPolicy(): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadClusters',
        Effect: 'Allow',
        Action: [
          'eks:ListClusters',
          'eks:DescribeCluster',
          'eks:ListNodegroups',
          'eks:DescribeNodegroup',
          'eks:ListAccessEntries',
          'eks:DescribeAccessEntry',
          'eks:ListAssociatedAccessPolicies',
        ],
        Resource: '*',
      },
      {
        Sid: 'CreateTaggedAccessEntries',
        Effect: 'Allow',
        Action: ['eks:CreateAccessEntry', 'eks:TagResource'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:RequestTag/eks-aiml/managed-by': 'aiml-broker' },
        },
      },
      {
        Sid: 'ChangeOwnAccessEntries',
        Effect: 'Allow',
        Action: [
          'eks:UpdateAccessEntry',
          'eks:DeleteAccessEntry',
          // Only to take back AWS managed policies that older releases associated.
          'eks:DisassociateAccessPolicy',
        ],
        Resource: '*',
        Condition: {
          StringEquals: {
            'aws:ResourceTag/eks-aiml/managed-by': 'aiml-broker',
          },
        },
      },
      {
        // Before starting a held workload: is the project's image in ECR yet?
        Sid: 'FindProjectImages',
        Effect: 'Allow',
        Action: ['ecr:DescribeImages'],
        Resource: 'arn:aws:ecr:*:*:repository/*',
      },
      {
        // Prices from AWS (aiml.pricing.aws): list prices and spot price history.
        Sid: 'ReadPrices',
        Effect: 'Allow',
        Action: ['pricing:GetProducts', 'ec2:DescribeSpotPriceHistory'],
        Resource: '*',
      },
      {
        Sid: 'QueryMetrics',
        Effect: 'Allow',
        Action: [
          'aps:QueryMetrics',
          'aps:GetSeries',
          'aps:GetLabels',
          'aps:GetMetricMetadata',
        ],
        Resource: '*',
      },
    ],
  };
}

/**
 * {@link backendIamPolicy} as the JSON a platform team attaches to the role.
 *
 * @public
 */
export function iamPolicyJson(): string {
  return `${JSON.stringify(backendIamPolicy(), null, 2)}\n`;
}
