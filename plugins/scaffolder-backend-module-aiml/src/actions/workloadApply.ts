import { NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AimlClusterRegistry,
  TeamDirectory,
  WorkloadRoleName,
} from '@eks-aiml/plugin-aiml-node';
import { applyObjects } from '../kubernetes/applyObjects';
import { ObjectClient } from '../kubernetes/objectClient';
import { APPLY_ALLOWLIST, checkManifests } from '../manifests/applyPolicy';
import { checkComponentName } from '../manifests/names';
import { readManifests } from '../manifests/workspaceFiles';
import { teamNamespace, WORKLOAD_TYPES } from '../namespaces/teamNamespace';
import { examples } from './workloadApply.examples';
import { appliedObjectsOutput, clusterInput, teamInput } from './schemaFields';
import { requireTeamMember } from './requireTeamMember';

/**
 * Whether a dry run reaches this step before the run's aiml:namespace:provision
 * would have made the namespace: one of the team's namespace names, not on the
 * cluster yet. Its objects would all be created.
 */
async function aheadOfProvisioning(
  client: ObjectClient,
  team: string,
  namespace: string,
): Promise<boolean> {
  return (
    WORKLOAD_TYPES.some(t => teamNamespace(team, t) === namespace) &&
    !(await client.get({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    }))
  );
}

/**
 * `aiml:workload:apply`: server-side applies manifests from the workspace into
 * one of the team's managed namespaces, for teams without GitOps. Only
 * allowlisted, namespaced kinds; pods run only as the project's
 * `<component>-workload` ServiceAccount (a Ray head with KubeRay's autoscaler as
 * `<component>-ray-autoscaler`); RBAC objects, Secrets, cluster-scoped kinds,
 * other ServiceAccounts, privileged and host-access pods, other namespaces and
 * ACK objects acting beyond the team (adoption, other accounts, other roles)
 * are refused — all checked before anything is applied.
 *
 * @public
 */
export function createWorkloadApplyAction(options: {
  registry: AimlClusterRegistry;
  teams: TeamDirectory;
  /** The IAM role of a team's workloads (`readWorkloadRoleName(config)`). */
  workloadRole: WorkloadRoleName;
}) {
  const { registry, teams, workloadRole } = options;
  return createTemplateAction({
    id: 'aiml:workload:apply',
    description: `Server-side applies YAML manifests from the workspace into one of the team's managed namespaces (for teams without GitOps). Applies only ${Object.values(
      APPLY_ALLOWLIST,
    )
      .flat()
      .join(
        ', ',
      )}; pods must run as the project's <component>-workload ServiceAccount (serviceAccountName or its alias serviceAccount; a Ray head with in-tree autoscaling as <component>-ray-autoscaler); refuses RBAC objects, Secrets, cluster-scoped kinds, other ServiceAccounts, privileged or host-access pods, other namespaces and ACK objects acting beyond the team before applying anything.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: clusterInput,
        team: teamInput('whose namespace receives the objects'),
        namespace: z =>
          z
            .string()
            .min(1)
            .describe(
              'A namespace of the team on the cluster (labelled for it and managed by eks-aiml); objects naming another namespace are refused',
            ),
        component: z =>
          z
            .string()
            .min(1)
            .describe(
              'The project (Component name): every pod must run as its ServiceAccount <component>-workload (a Ray head with in-tree autoscaling as <component>-ray-autoscaler), and the Pod Identity association may name only <component>-workload',
            ),
        paths: z =>
          z
            .array(z.string().min(1))
            .min(1)
            .describe(
              'Files or directories of the workspace (relative) holding the YAML, e.g. the files output of aiml:workload:render',
            ),
      },
      output: {
        namespace: z => z.string().describe('The namespace applied to'),
        objects: appliedObjectsOutput({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'Its namespace',
        }),
      },
    },
    async handler(ctx) {
      const { team, namespace, paths, component } = ctx.input;
      await requireTeamMember(teams, ctx.user, team);
      const cluster = registry.getCluster(ctx.input.cluster);
      checkComponentName(component);
      const documents = await readManifests({
        workspace: ctx.workspacePath,
        paths,
      });
      const { objects } = checkManifests(documents, {
        namespace,
        cluster: cluster.name,
        team,
        component,
        accountId: cluster.accountId,
        workloadRoleName: workloadRole(team),
      });
      const client = async () =>
        ObjectClient.forCluster(
          cluster.name,
          await registry.getBackendKubeConfig(cluster.name),
        );
      const managed = await teams.managedNamespaces(cluster.name, team);
      const ahead =
        ctx.isDryRun &&
        !managed.includes(namespace) &&
        (await aheadOfProvisioning(await client(), team, namespace));
      if (!managed.includes(namespace) && !ahead) {
        throw new NotAllowedError(
          `"${namespace}" is not a namespace of team "${team}" on cluster "${
            cluster.name
          }" (its namespaces there: ${
            managed.join(', ') || 'none'
          }); provision it first with aiml:namespace:provision`,
        );
      }
      if (ahead) {
        ctx.logger.info(
          `${namespace} does not exist yet on ${cluster.name}: a real run provisions it (aiml:namespace:provision) before this step`,
        );
      }
      const apply = async (dryRun: boolean) =>
        applyObjects({
          client: await client(),
          objects,
          dryRun,
          // Fields another manager owns (GitOps, kubectl) are a conflict to resolve, not to take over.
          force: false,
        });
      const results = ctx.isDryRun
        ? await apply(true)
        : await ctx.checkpoint({
            key: `aiml-workload-apply-${cluster.name}-${namespace}`,
            fn: () => apply(false),
          });
      for (const r of results) {
        ctx.logger.info(`${r.kind} ${r.namespace}/${r.name}: ${r.result}`);
      }
      ctx.output('namespace', namespace);
      ctx.output('objects', results);
    },
  });
}
