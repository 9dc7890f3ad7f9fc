import { z } from 'zod';
import { iamRoleArn } from './aws';
import { dnsLabel, dnsSubdomain, objectMetadata } from './common';

/**
 * The product's schema of an ACK EKS PodIdentityAssociation
 * (`eks.services.k8s.aws/v1alpha1`): a ServiceAccount of a namespace on a
 * cluster gets an IAM role, named by ARN (no references to other objects).
 */
export const podIdentityAssociationSchema = z
  .object({
    apiVersion: z.literal('eks.services.k8s.aws/v1alpha1'),
    kind: z.literal('PodIdentityAssociation'),
    metadata: objectMetadata,
    spec: z
      .object({
        clusterName: z
          .string()
          .min(1)
          .max(100)
          .regex(/^[0-9A-Za-z][A-Za-z0-9\-_]*$/),
        namespace: dnsLabel,
        serviceAccount: dnsSubdomain,
        roleARN: iamRoleArn,
        tags: z.record(z.string().max(128), z.string().max(256)).optional(),
      })
      .strict(),
  })
  .strict();
