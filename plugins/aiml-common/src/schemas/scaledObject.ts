import { z } from 'zod';
import { dnsSubdomain, int32, objectMetadata, stringMap } from './common';

const scalingPolicy = z
  .object({
    type: z.enum(['Pods', 'Percent']),
    value: int32.min(1),
    periodSeconds: int32.min(1).max(1800),
  })
  .strict();

/** HPAScalingRules, as autoscaling/v2 bounds them. */
const scalingRules = z
  .object({
    stabilizationWindowSeconds: int32.max(3600).optional(),
    selectPolicy: z.enum(['Max', 'Min', 'Disabled']).optional(),
    policies: z.array(scalingPolicy).optional(),
  })
  .strict();

/** A trigger: its type, the scaler's metadata (strings only) and an optional credential reference. */
const trigger = z
  .object({
    type: z.string().min(1),
    name: z.string().optional(),
    metadata: stringMap,
    metricType: z.enum(['AverageValue', 'Value', 'Utilization']).optional(),
    useCachedMetrics: z.boolean().optional(),
    authenticationRef: z
      .object({
        name: z.string().min(1),
        kind: z
          .enum(['TriggerAuthentication', 'ClusterTriggerAuthentication'])
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * The product's schema of a KEDA ScaledObject (`keda.sh/v1alpha1`, KEDA v2.20
 * config/crd/bases/keda.sh_scaledobjects.yaml): a scale target, triggers, the
 * replica bounds (min ≤ max, the CRD's validation rule) and the behaviour of
 * the HPA KEDA makes.
 */
export const scaledObjectSchema = z
  .object({
    apiVersion: z.literal('keda.sh/v1alpha1'),
    kind: z.literal('ScaledObject'),
    metadata: objectMetadata,
    spec: z
      .object({
        scaleTargetRef: z
          .object({
            name: dnsSubdomain,
            apiVersion: z.string().optional(),
            kind: z.string().optional(),
            envSourceContainerName: z.string().optional(),
          })
          .strict(),
        triggers: z.array(trigger).min(1),
        minReplicaCount: int32.optional(),
        maxReplicaCount: int32.min(1).optional(),
        pollingInterval: int32.min(1).optional(),
        cooldownPeriod: int32.optional(),
        initialCooldownPeriod: int32.optional(),
        idleReplicaCount: int32.optional(),
        advanced: z
          .object({
            restoreToOriginalReplicaCount: z.boolean().optional(),
            horizontalPodAutoscalerConfig: z
              .object({
                name: dnsSubdomain.optional(),
                behavior: z
                  .object({
                    scaleUp: scalingRules.optional(),
                    scaleDown: scalingRules.optional(),
                  })
                  .strict()
                  .optional(),
              })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine(
        s =>
          s.minReplicaCount === undefined ||
          s.minReplicaCount <= (s.maxReplicaCount ?? 100),
        {
          message:
            'minReplicaCount must be less than or equal to maxReplicaCount',
        },
      ),
  })
  .strict();
