import { z } from 'zod';
import { int32, objectMetadata, podTemplateSpec } from './common';
import { rayClusterSpec } from './rayCluster';

/** The product's schema of a RayJob (`ray.io/v1`), for the fields it renders. */
export const rayJobSchema = z
  .object({
    apiVersion: z.literal('ray.io/v1'),
    kind: z.literal('RayJob'),
    metadata: objectMetadata,
    spec: z
      .object({
        entrypoint: z.string().min(1),
        submissionMode: z
          .enum(['K8sJobMode', 'HTTPMode', 'InteractiveMode', 'SidecarMode'])
          .optional(),
        shutdownAfterJobFinishes: z.boolean().optional(),
        ttlSecondsAfterFinished: int32.optional(),
        activeDeadlineSeconds: int32.optional(),
        backoffLimit: int32.optional(),
        runtimeEnvYAML: z.string().optional(),
        suspend: z.boolean().optional(),
        rayClusterSpec,
        submitterPodTemplate: podTemplateSpec.optional(),
      })
      .strict(),
  })
  .strict();
