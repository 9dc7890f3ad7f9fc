import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { examples } from './clusterDescribe.examples';
import { clusterInput, teamInput } from './schemaFields';
import { requireTeamMember } from './requireTeamMember';

/**
 * `aiml:cluster:describe`: a summary of a configured cluster for later steps —
 * Kubernetes version, region, accelerator capacity — and never credentials.
 *
 * @public
 */
export function createClusterDescribeAction(options: {
  registry: AimlClusterRegistry;
  teams: TeamDirectory;
}) {
  const { registry, teams } = options;
  return createTemplateAction({
    id: 'aiml:cluster:describe',
    description:
      'Describes a configured EKS cluster: Kubernetes version, region and accelerator capacity by type and capacity type. Never returns credentials.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: clusterInput,
        team: teamInput('the project belongs to'),
      },
      output: {
        name: z => z.string().describe('The cluster name'),
        region: z => z.string().describe('The AWS region of the cluster'),
        kubernetesVersion: z =>
          z.string().describe('The Kubernetes version, e.g. 1.31'),
        accessStrategy: z =>
          z.string().describe('How people get access: token or access-entry'),
        capacity: z =>
          z
            .array(
              z.object({
                acceleratorType: z
                  .string()
                  .describe('e.g. nvidia-a10g, aws-trainium'),
                resource: z
                  .string()
                  .describe('nvidia.com/gpu or aws.amazon.com/neuroncore'),
                capacityType: z.string().describe('on-demand or spot'),
                instanceType: z.string().describe('The EC2 instance type'),
                units: z
                  .number()
                  .nullable()
                  .describe(
                    'GPUs (devices) or NeuronCores the pool allows; null when nothing bounds it',
                  ),
                pool: z.string().describe('The node group or NodePool'),
                basis: z
                  .string()
                  .describe(
                    'Where the figure comes from, e.g. nodegroup-max or nodepool-limit-cpu',
                  ),
                nodeSelector: z
                  .record(z.string(), z.string())
                  .describe('The node labels a pod must select to land on it'),
              }),
            )
            .describe(
              'Accelerator capacity by pool (node groups and Karpenter NodePools)',
            ),
      },
    },
    async handler(ctx) {
      await requireTeamMember(teams, ctx.user, ctx.input.team);
      const cluster = registry.getCluster(ctx.input.cluster);
      const summary = await ctx.checkpoint({
        key: `aiml-cluster-describe-${cluster.name}`,
        fn: async () => {
          const [described, capacity] = await Promise.all([
            registry.describeCluster(cluster.name),
            registry.getCapacity(cluster.name),
          ]);
          return {
            version: described.version,
            capacity: capacity.map(c => ({
              acceleratorType: c.acceleratorType,
              resource: c.resource,
              capacityType: c.capacityType,
              instanceType: c.instanceType,
              units: c.units,
              pool: c.pool,
              basis: c.basis,
              nodeSelector: c.nodeSelector,
            })),
          };
        },
      });
      ctx.output('name', cluster.name);
      ctx.output('region', cluster.region);
      ctx.output('kubernetesVersion', summary.version);
      ctx.output('accessStrategy', cluster.access.strategy);
      ctx.output('capacity', summary.capacity);
      ctx.logger.info(
        `Cluster ${cluster.name} (${cluster.region}, Kubernetes ${summary.version}): ${summary.capacity.length} accelerator pool(s)`,
      );
    },
  });
}
