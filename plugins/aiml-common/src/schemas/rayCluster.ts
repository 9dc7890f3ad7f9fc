import { z } from 'zod';
import {
  int32,
  objectMetadata,
  podTemplateSpec,
  resourceRequirements,
  stringMap,
} from './common';

/** `headGroupSpec` of a RayClusterSpec. */
export const headGroupSpec = z
  .object({
    rayStartParams: stringMap.optional(),
    serviceType: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).optional(),
    enableIngress: z.boolean().optional(),
    template: podTemplateSpec,
  })
  .strict();

/** One of `workerGroupSpecs`: the CRD requires groupName, min/maxReplicas and template. */
export const workerGroupSpec = z
  .object({
    groupName: z.string().min(1),
    replicas: int32.optional(),
    minReplicas: int32,
    maxReplicas: int32,
    numOfHosts: int32.min(1).optional(),
    idleTimeoutSeconds: int32.optional(),
    suspend: z.boolean().optional(),
    rayStartParams: stringMap.optional(),
    template: podTemplateSpec,
  })
  .strict()
  .refine(
    g =>
      g.minReplicas <= g.maxReplicas &&
      (g.replicas === undefined ||
        (g.replicas >= g.minReplicas && g.replicas <= g.maxReplicas)),
    { message: 'minReplicas <= replicas <= maxReplicas' },
  );

/** `autoscalerOptions` of a RayClusterSpec. */
export const autoscalerOptions = z
  .object({
    upscalingMode: z.enum(['Default', 'Aggressive', 'Conservative']).optional(),
    idleTimeoutSeconds: int32.optional(),
    version: z.enum(['v1', 'v2']).optional(),
    image: z.string().optional(),
    resources: resourceRequirements.optional(),
    securityContext: z.looseObject({}).optional(),
  })
  .strict();

/** A RayClusterSpec (RayJob `rayClusterSpec`, RayService `rayClusterConfig`). */
export const rayClusterSpec = z
  .object({
    rayVersion: z.string().optional(),
    enableInTreeAutoscaling: z.boolean().optional(),
    autoscalerOptions: autoscalerOptions.optional(),
    headGroupSpec,
    workerGroupSpecs: z.array(workerGroupSpec).optional(),
    suspend: z.boolean().optional(),
  })
  .strict();

/** The product's schema of a RayCluster (`ray.io/v1`), for the fields it renders. */
export const rayClusterSchema = z
  .object({
    apiVersion: z.literal('ray.io/v1'),
    kind: z.literal('RayCluster'),
    metadata: objectMetadata,
    spec: rayClusterSpec,
  })
  .strict();
