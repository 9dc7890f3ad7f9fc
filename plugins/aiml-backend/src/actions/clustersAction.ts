import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { ClusterSummaries } from '../services/clusterSummaries';

/**
 * `aiml:list-clusters`: the configured clusters, their accelerator capacity and access
 * rules, as `GET /clusters` answers any signed-in caller (never credentials).
 */
export function registerClustersAction(
  registry: ActionsRegistryService,
  summaries: ClusterSummaries,
) {
  registry.register({
    name: 'list-clusters',
    title: 'EKS clusters and accelerator capacity',
    description: `The EKS clusters the portal manages: region, Kubernetes version and status, how access is granted (the longest grant, and the longest one a person may take for their own team without a lead's approval), and the accelerator capacity of each node group or Karpenter NodePool (instance type, on-demand or spot, accelerator type, how many accelerators and instances the pool allows; null when unbounded). Entries of one pool share its bound: they are alternatives, not a sum. Use a cluster's name in request-access.`,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          clusters: z.array(
            z.object({
              name: z.string(),
              region: z.string(),
              kubernetesVersion: z.string().optional(),
              status: z.string().optional(),
              access: z.object({
                strategy: z.string(),
                maxTtlSeconds: z.number(),
                selfServiceMaxTtlSeconds: z
                  .number()
                  .optional()
                  .describe(
                    "Longer grants for one's own team need the team leads' approval",
                  ),
              }),
              scheduling: z
                .string()
                .optional()
                .describe('kueue (shared queues) or quota'),
              capacity: z.array(
                z.object({
                  pool: z.string(),
                  instanceType: z.string(),
                  capacityType: z.string(),
                  acceleratorType: z.string(),
                  units: z.number().nullable(),
                  instances: z.number().nullable(),
                }),
              ),
              error: z
                .string()
                .optional()
                .describe('Set when EKS or the cluster did not answer'),
            }),
          ),
        }),
    },
    action: async () => {
      const items = await summaries.list();
      return {
        output: {
          clusters: items.map(c => ({
            name: c.name,
            region: c.region,
            kubernetesVersion: c.kubernetesVersion,
            status: c.status,
            access: c.access,
            scheduling: c.scheduling?.mode,
            capacity: c.capacity.map(p => ({
              pool: p.pool,
              instanceType: p.instanceType,
              capacityType: p.capacityType,
              acceleratorType: p.acceleratorType,
              units: p.units ?? null,
              instances: p.instances ?? null,
            })),
            error: c.error,
          })),
        },
      };
    },
  });
}
