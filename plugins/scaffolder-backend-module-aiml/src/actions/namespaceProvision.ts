import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AimlClusterRegistry,
  kueueSettingsOf,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { ObjectClient } from '../kubernetes/objectClient';
import { checkComponentName } from '../manifests/names';
import { buildTeamNamespace } from '../namespaces/namespaceObjects';
import { checkNamespaceOwnership } from '../namespaces/ownership';
import { provisionNamespace } from '../namespaces/provisionNamespace';
import { namespaceQuota } from '../namespaces/quota';
import {
  buildTeamQueue,
  provisionTeamQueue,
  queueCeilingEntitlement,
} from '../namespaces/teamQueue';
import { teamNamespace, WORKLOAD_TYPES } from '../namespaces/teamNamespace';
import { examples } from './namespaceProvision.examples';
import { appliedObjectsOutput, clusterInput, teamInput } from './schemaFields';
import { requireTeamMember } from './requireTeamMember';

/**
 * `aiml:namespace:provision`: server-side applies a team's
 * `<team>-<workload-type>` namespace with its labels, Pod Security level,
 * accelerator quota (from the team's entitlement, never from input), LimitRange,
 * the portal reader's RoleBinding (the namespace's only binding: the product's
 * view ClusterRole for `aiml-access/aiml-portal-reader`), and optionally a
 * default-deny NetworkPolicy. On a cluster with `scheduling: kueue` also the
 * cluster's ResourceFlavors, the team's ClusterQueue in the cohort (nominal quota
 * per flavor from the team's entitlement) and the namespace's LocalQueue; the
 * ResourceQuota of a training namespace is then nominal + borrowing limit. It binds no User, Group or deployer: people get
 * access through broker grants, and the projects' pods run as their workload
 * ServiceAccounts, which hold no RBAC. A re-run removes the `<component>-deployer`
 * ServiceAccounts and `edit` bindings earlier versions made. Idempotent; refuses
 * system namespaces and namespaces that are not the team's before any write.
 *
 * @public
 */
export function createNamespaceProvisionAction(options: {
  registry: AimlClusterRegistry;
  teams: TeamDirectory;
}) {
  const { registry, teams } = options;
  return createTemplateAction({
    id: 'aiml:namespace:provision',
    description:
      "Provisions the team's <team>-<workload-type> namespace on a configured EKS cluster by server-side apply: labels, Pod Security, accelerator ResourceQuota from the team's entitlement, LimitRange, the portal's read-only RoleBinding (ClusterRole aiml-view for ServiceAccount aiml-access/aiml-portal-reader), optional default-deny NetworkPolicy; on a cluster with scheduling kueue also the Kueue ResourceFlavors, the team's ClusterQueue in the cohort and the namespace's LocalQueue. Binds no User, Group or deployer ServiceAccount, and removes the <component>-deployer edit bindings earlier versions made. Safe to re-run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: clusterInput,
        team: teamInput('the namespace is for'),
        workloadType: z =>
          z
            .enum(WORKLOAD_TYPES)
            .describe(
              'training or inference: the namespace is <team>-<workloadType>',
            ),
        component: z =>
          z
            .string()
            .min(1)
            .describe(
              'The project (Component name) the namespace is provisioned for; it must be able to name Kubernetes objects',
            ),
        podSecurity: z =>
          z
            .enum(['restricted', 'baseline'])
            .optional()
            .describe(
              'Pod Security Standards level the namespace enforces (audit and warn stay restricted); restricted by default',
            ),
        defaultDenyIngress: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Add a NetworkPolicy refusing ingress from other namespaces; false by default',
            ),
      },
      output: {
        namespace: z =>
          z.string().describe('The namespace, <team>-<workloadType>'),
        cluster: z => z.string().describe('The cluster it is on'),
        costCenter: z =>
          z
            .string()
            .describe(
              "The team's cost center (Group annotation aiml.eks.aws/cost-center), or none",
            ),
        quota: z =>
          z
            .object({
              gpu: z.number().describe('GPUs (requests.nvidia.com/gpu)'),
              neuronCores: z
                .number()
                .describe('NeuronCores (requests.aws.amazon.com/neuroncore)'),
              neuronDevices: z
                .number()
                .describe(
                  'Neuron devices (requests.aws.amazon.com/neuron): NeuronCores / 2, rounded down',
                ),
              cpu: z.number().describe('requests.cpu, in cores'),
              memory: z.string().describe('requests.memory, e.g. 2112Gi'),
            })
            .describe(
              "The namespace's ResourceQuota, from the team's entitlement",
            ),
        objects: appliedObjectsOutput({
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          namespace: 'Its namespace (none for the Namespace)',
        }),
      },
    },
    async handler(ctx) {
      const { team, workloadType, component } = ctx.input;
      await requireTeamMember(teams, ctx.user, team);
      const cluster = registry.getCluster(ctx.input.cluster);
      checkComponentName(component);
      const namespace = teamNamespace(team, workloadType);
      // A system namespace is refused on its name, before any request.
      checkNamespaceOwnership({ name: namespace, team });
      const info = await teams.getTeam(team);
      const kueue = kueueSettingsOf(cluster);
      // With Kueue, training jobs may run on borrowed quota: the namespace's
      // ResourceQuota is the most Kueue can admit for the team, not its nominal quota.
      const quota = namespaceQuota(
        kueue && workloadType === 'training'
          ? queueCeilingEntitlement(info.quota, kueue)
          : info.quota,
      );
      const objects = buildTeamNamespace({
        namespace,
        team,
        workloadType,
        costCenter: info.costCenter,
        quota,
        podSecurity: ctx.input.podSecurity ?? 'restricted',
        defaultDenyIngress: ctx.input.defaultDenyIngress ?? false,
        localQueue: kueue !== undefined,
      });
      const queueObjects = kueue
        ? buildTeamQueue({
            team,
            entitlement: info.quota,
            fairSharingWeight:
              info.fairSharingWeight ?? kueue.fairSharingWeight,
            settings: kueue,
          })
        : [];
      const provision = async (dryRun: boolean) => {
        const client = ObjectClient.forCluster(
          cluster.name,
          await registry.getBackendKubeConfig(cluster.name),
        );
        // The team's ClusterQueue first: the namespace's LocalQueue points at it.
        const queue = await provisionTeamQueue({
          client,
          team,
          objects: queueObjects,
          dryRun,
        });
        return [
          ...queue,
          ...(await provisionNamespace({ client, team, objects, dryRun })),
        ];
      };
      const results = ctx.isDryRun
        ? await provision(true)
        : await ctx.checkpoint({
            key: `aiml-namespace-provision-${cluster.name}-${namespace}-${component}`,
            fn: () => provision(false),
          });
      for (const r of results) {
        ctx.logger.info(
          `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${
            r.result
          }`,
        );
      }
      ctx.output('namespace', namespace);
      ctx.output('cluster', cluster.name);
      ctx.output('costCenter', info.costCenter ?? 'none');
      ctx.output('quota', quota);
      ctx.output('objects', results);
    },
  });
}
