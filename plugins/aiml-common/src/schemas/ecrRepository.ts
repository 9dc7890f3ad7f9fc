import { z } from 'zod';
import { awsTag, jsonText, policyDocument } from './aws';
import { objectMetadata } from './common';

/** ECR's repository name pattern: path segments of lowercase words joined by `.`, `_` or `-`. */
const REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * The product's schema of an ACK ECR Repository (`ecr.services.k8s.aws/v1alpha1`),
 * for the fields it renders.
 */
export const ecrRepositorySchema = z
  .object({
    apiVersion: z.literal('ecr.services.k8s.aws/v1alpha1'),
    kind: z.literal('Repository'),
    metadata: objectMetadata,
    spec: z
      .object({
        name: z.string().min(2).max(256).regex(REPOSITORY_NAME, {
          message:
            'must be lowercase words of letters and digits joined by ".", "_" or "-", in "/"-separated segments',
        }),
        imageTagMutability: z.enum(['MUTABLE', 'IMMUTABLE']).optional(),
        imageScanningConfiguration: z
          .object({ scanOnPush: z.boolean() })
          .strict()
          .optional(),
        encryptionConfiguration: z
          .object({ encryptionType: z.enum(['AES256', 'KMS', 'KMS_DSSE']) })
          .strict()
          .optional(),
        lifecyclePolicy: jsonText(
          doc => Array.isArray(doc?.rules),
          'must be an ECR lifecycle policy: JSON with rules',
        ).optional(),
        policy: policyDocument.optional(),
        tags: z.array(awsTag).max(50).optional(),
      })
      .strict(),
  })
  .strict();
