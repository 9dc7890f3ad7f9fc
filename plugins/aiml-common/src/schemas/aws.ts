/**
 * Building blocks of the product's schemas of the AWS Controllers for
 * Kubernetes (ACK) kinds it renders, modelled on the controllers' CRDs
 * (s3, ecr and eks controllers, `v1alpha1`).
 */
import { z } from 'zod';

/** A tag as the S3 and ECR APIs take them; AWS limits keys to 128 and values to 256 characters. */
export const awsTag = z
  .object({
    key: z.string().min(1).max(128),
    value: z.string().max(256),
  })
  .strict();

/** A JSON document held in a string field, checked by `valid`. */
export function jsonText(
  valid: (doc: Record<string, unknown> | undefined) => boolean,
  message: string,
) {
  return z.string().refine(
    text => {
      try {
        const doc: unknown = JSON.parse(text);
        return valid(
          typeof doc === 'object' && doc !== null && !Array.isArray(doc)
            ? (doc as Record<string, unknown>)
            : undefined,
        );
      } catch {
        return false;
      }
    },
    { message },
  );
}

/** An IAM or resource policy (a JSON document with a Version and Statements), as a string. */
export const policyDocument = jsonText(
  doc =>
    doc?.Version === '2012-10-17' &&
    Array.isArray(doc.Statement) &&
    doc.Statement.length > 0,
  'must be a JSON policy document with "Version": "2012-10-17" and Statements',
);

/** An IAM role ARN of the `aws` partition, with an optional path. */
export const iamRoleArn = z
  .string()
  .max(2048)
  .regex(/^arn:aws:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/);
