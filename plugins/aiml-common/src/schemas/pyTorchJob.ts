import { z } from 'zod';
import { int32, objectMetadata, podTemplateSpec } from './common';

const replicaSpec = z
  .object({
    replicas: int32,
    restartPolicy: z.enum(['Always', 'OnFailure', 'Never', 'ExitCode']),
    template: podTemplateSpec,
  })
  .strict()
  .refine(r => r.template.spec.containers.some(c => c.name === 'pytorch'), {
    message: 'the training operator needs a container named "pytorch"',
  });

/** The product's schema of a PyTorchJob (`kubeflow.org/v1`), for the fields it renders. */
export const pyTorchJobSchema = z
  .object({
    apiVersion: z.literal('kubeflow.org/v1'),
    kind: z.literal('PyTorchJob'),
    metadata: objectMetadata,
    spec: z
      .object({
        elasticPolicy: z
          .object({
            rdzvBackend: z.enum(['c10d', 'etcd', 'etcd-v2']),
            minReplicas: int32.min(1),
            maxReplicas: int32.min(1),
            maxRestarts: int32.optional(),
          })
          .strict()
          .refine(p => p.minReplicas <= p.maxReplicas, {
            message: 'minReplicas <= maxReplicas',
          })
          .optional(),
        nprocPerNode: z
          .string()
          .regex(/^(auto|cpu|gpu|\d+)$/)
          .optional(),
        runPolicy: z
          .object({
            cleanPodPolicy: z.enum(['None', 'All', 'Running']).optional(),
            ttlSecondsAfterFinished: int32.optional(),
            activeDeadlineSeconds: int32.optional(),
            backoffLimit: int32.optional(),
            suspend: z.boolean().optional(),
          })
          .strict()
          .optional(),
        pytorchReplicaSpecs: z
          .object({
            Master: replicaSpec.optional(),
            Worker: replicaSpec.optional(),
          })
          .strict()
          .refine(s => s.Master || s.Worker, {
            message: 'a Master or a Worker replica spec is required',
          }),
      })
      .strict()
      .refine(s => !s.elasticPolicy || !s.pytorchReplicaSpecs.Master, {
        message: 'an elastic job has Workers only',
      }),
  })
  .strict();
