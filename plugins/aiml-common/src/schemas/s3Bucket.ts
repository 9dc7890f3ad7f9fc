import { z } from 'zod';
import { awsTag, policyDocument } from './aws';
import { int32, objectMetadata } from './common';

/** S3's naming rules of general purpose buckets (no dots: they break TLS to virtual-hosted endpoints). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

const lifecycleRule = z
  .object({
    id: z.string().min(1).max(255),
    status: z.enum(['Enabled', 'Disabled']),
    filter: z.object({ prefix: z.string().optional() }).strict().optional(),
    abortIncompleteMultipartUpload: z
      .object({ daysAfterInitiation: int32.min(1) })
      .strict()
      .optional(),
    expiration: z
      .object({ days: int32.min(1) })
      .strict()
      .optional(),
  })
  .strict();

/**
 * The product's schema of an ACK S3 Bucket (`s3.services.k8s.aws/v1alpha1`),
 * for the fields it renders.
 */
export const s3BucketSchema = z
  .object({
    apiVersion: z.literal('s3.services.k8s.aws/v1alpha1'),
    kind: z.literal('Bucket'),
    metadata: objectMetadata,
    spec: z
      .object({
        name: z
          .string()
          .regex(BUCKET_NAME, {
            message:
              'must be 3-63 lowercase letters, digits and "-", starting and ending with a letter or digit',
          })
          .refine(n => !n.startsWith('xn--') && !n.endsWith('-s3alias'), {
            message: 'uses a prefix or suffix S3 reserves',
          }),
        tagging: z
          .object({ tagSet: z.array(awsTag).max(50) })
          .strict()
          .optional(),
        publicAccessBlock: z
          .object({
            blockPublicACLs: z.boolean(),
            blockPublicPolicy: z.boolean(),
            ignorePublicACLs: z.boolean(),
            restrictPublicBuckets: z.boolean(),
          })
          .strict()
          .optional(),
        versioning: z
          .object({ status: z.enum(['Enabled', 'Suspended']) })
          .strict()
          .optional(),
        lifecycle: z
          .object({ rules: z.array(lifecycleRule).min(1).max(1000) })
          .strict()
          .optional(),
        policy: policyDocument.optional(),
      })
      .strict(),
  })
  .strict();
