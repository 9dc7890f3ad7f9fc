import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  aimlProjectRetirePermission,
  ANNOTATION_CLUSTER,
  ANNOTATION_TEAM_LEADS,
  LABEL_KUBERNETES_ID,
} from '@eks-aiml/plugin-aiml-common';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { ObjectClient } from '../kubernetes/objectClient';
import { checkComponentName } from '../manifests/names';
import { findProjectObjects } from '../retire/projectObjects';
import { leftAlone, retireObjects } from '../retire/retireObjects';
import { retirePlan } from '../retire/retirePlan';
import { unregisterEntity } from '../retire/unregisterEntity';
import { examples } from './projectRetire.examples';
import { requireTeamPermission } from './requireTeamPermission';

/** What retiring needs to know of a project, read from its catalog entity. */
type Project = {
  entity: Entity;
  ref: string;
  team: string;
  cluster: string;
  /** Its objects' `backstage.io/kubernetes-id`. */
  component: string;
};

/** The project of a catalog entity, or InputError saying why it is not one the golden paths made. */
function projectOf(entity: Entity): Project {
  const ref = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const cluster = annotations[ANNOTATION_CLUSTER];
  if (entity.kind.toLocaleLowerCase('en-US') !== 'component' || !cluster) {
    throw new InputError(
      `${ref} is not a project of the golden paths: they make Components annotated ${ANNOTATION_CLUSTER}`,
    );
  }
  const owner = parseEntityRef(String(entity.spec?.owner ?? ''), {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  if (
    owner.kind.toLocaleLowerCase('en-US') !== 'group' ||
    owner.namespace !== 'default'
  ) {
    throw new InputError(
      `${ref} is owned by ${stringifyEntityRef(
        owner,
      )}, not a team (a Group of namespace default)`,
    );
  }
  const component = annotations[LABEL_KUBERNETES_ID] ?? entity.metadata.name;
  checkComponentName(component);
  return { entity, ref, team: owner.name, cluster, component };
}

/**
 * `aiml:project:retire`: tears a golden-path project down. Only its owning
 * team's leads and platform admins may (`aiml.project.retire`, decided by the
 * portal's policy, in a dry run too). In the team's managed namespaces on the
 * project's cluster, and nowhere else, it finds the objects labelled
 * `backstage.io/kubernetes-id=<component>` and
 * `app.kubernetes.io/managed-by=eks-aiml`, then deletes them in order:
 * autoscalers, workloads (RayJob, RayService, PyTorchJob and Jobs suspended,
 * Deployments scaled to 0, first), Services and PodMonitors, the ACK objects
 * (the S3 bucket retained or deleted as chosen, by ACK's deletion-policy
 * annotation set before the delete; the ECR repository and the Pod Identity
 * association deleted) and the ServiceAccounts; last, it unregisters the
 * entity as the user. Every object and what happened to it goes to the task
 * log. Objects already gone are fine: a second run finishes what a failed one
 * left. With `dryRun` (the default) it only lists what would go.
 *
 * @public
 */
export function createProjectRetireAction(options: {
  registry: AimlClusterRegistry;
  teams: TeamDirectory;
  catalog: CatalogService;
  permissions: PermissionsService;
}) {
  const { registry, teams, catalog, permissions } = options;
  return createTemplateAction({
    id: 'aiml:project:retire',
    description:
      "Retires a golden-path project: deletes its workloads (suspended or scaled to 0 first), Services, PodMonitors, KEDA ScaledObjects, ServiceAccounts and ACK objects (the S3 bucket retained or deleted as chosen; the ECR repository and the Pod Identity association deleted) from its team's managed namespaces, then unregisters its catalog entity. Only the owning team's leads and platform admins; lists what would go in a dry run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        project: z =>
          z
            .string()
            .min(1)
            .describe(
              'The project: its Component entity ref, e.g. component:default/llama-finetune (annotated aiml.eks.aws/cluster by the golden paths)',
            ),
        dryRun: z =>
          z
            .boolean()
            .default(true)
            .describe(
              'Only list what would go, and change nothing; true by default',
            ),
        bucket: z =>
          z
            .enum(['retain', 'delete'])
            .default('retain')
            .describe(
              "The project's S3 bucket: retain (AWS keeps it and its data; ACK's deletion policy retain) or delete (ACK deletes it once it is empty); retain by default",
            ),
      },
      output: {
        entityRef: z => z.string().describe('The project retired'),
        team: z => z.string().describe('Its owning team'),
        cluster: z => z.string().describe('Its cluster'),
        namespaces: z =>
          z
            .array(z.string())
            .describe("The team's managed namespaces searched"),
        objects: z =>
          z
            .array(
              z.object({
                apiVersion: z.string().describe('e.g. apps/v1'),
                kind: z.string().describe('e.g. Deployment'),
                name: z.string().describe('The object name'),
                namespace: z.string().optional().describe('Its namespace'),
                result: z
                  .string()
                  .describe(
                    'What happened: e.g. "scaled to 0; deleted", "deletion-policy retain: AWS keeps the S3 bucket …; deleted", "already gone", "left alone: …"; "would be …" in a dry run',
                  ),
              }),
            )
            .describe(
              'Every object of the project found, in order, with what happened to it',
            ),
        catalog: z =>
          z
            .string()
            .describe(
              'What happened in the catalog, e.g. "removed location url:… and with it component:default/…"',
            ),
      },
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun || ctx.input.dryRun !== false;
      const credentials = await ctx.getInitiatorCredentials();
      const wanted = parseEntityRef(ctx.input.project, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      // Kept across a retry of the task: the entity is gone once unregistered.
      const read = async () => {
        const entity = await catalog.getEntityByRef(wanted, { credentials });
        if (!entity) {
          throw new NotFoundError(
            `${stringifyEntityRef(
              wanted,
            )} is not in the catalog (already retired?)`,
          );
        }
        return entity;
      };
      const entity = dryRun
        ? await read()
        : await ctx.checkpoint({
            key: `aiml-project-retire-entity-${stringifyEntityRef(wanted)}`,
            fn: async () => JSON.parse(JSON.stringify(await read())),
          });
      const project = projectOf(entity as Entity);
      await requireTeamPermission({
        permissions,
        credentials,
        permission: aimlProjectRetirePermission,
        team: project.team,
        user: ctx.user?.ref ?? 'this task’s user',
        doing: 'retire projects of',
        whoMay: `only its leads (the Group's ${ANNOTATION_TEAM_LEADS} annotation) and platform admins`,
      });
      const cluster = registry.getCluster(project.cluster);
      const namespaces = await teams.managedNamespaces(
        cluster.name,
        project.team,
      );
      const client = ObjectClient.forCluster(
        cluster.name,
        await registry.getBackendKubeConfig(cluster.name),
      );
      const found = await findProjectObjects(
        client,
        namespaces,
        project.component,
      );
      ctx.logger.info(
        `${dryRun ? 'Dry run: nothing is changed. ' : ''}Retiring ${
          project.ref
        } of team "${project.team}" on ${cluster.name}: ${
          found.ours.length
        } object(s) labelled for it in ${
          namespaces.join(', ') || 'no namespace'
        }; the S3 bucket is ${
          ctx.input.bucket === 'delete' ? 'deleted' : 'retained'
        }`,
      );
      const report = (line: string) => ctx.logger.info(line);
      const others = leftAlone(found.others, report);
      const objects = await retireObjects({
        client,
        steps: retirePlan(found.ours, ctx.input.bucket ?? 'retain'),
        dryRun,
        report,
      });
      const unregistered = await unregisterEntity({
        catalog,
        entity: project.entity,
        credentials,
        dryRun,
      });
      ctx.logger.info(`Catalog: ${unregistered}`);
      ctx.output('entityRef', project.ref);
      ctx.output('team', project.team);
      ctx.output('cluster', cluster.name);
      ctx.output('namespaces', namespaces);
      ctx.output('objects', [...objects, ...others]);
      ctx.output('catalog', unregistered);
    },
  });
}
