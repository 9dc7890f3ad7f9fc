import path from 'node:path';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * `portal:catalog:register-local` (sandbox mode only): registers the catalog-info.yaml
 * of a local repository as a `file` location — only inside the local repositories directory.
 */
export function createRegisterLocalAction(options: {
  root: string;
  catalog: CatalogService;
  /** How long to wait for the catalog to serve the new entity; 30 s by default. */
  waitMs?: number;
}) {
  return createTemplateAction({
    id: 'portal:catalog:register-local',
    description:
      'Sandbox mode: registers the catalog-info.yaml of a local repository in the catalog.',
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              'The repository directory (output of portal:publish:local)',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the descriptor in it; /catalog-info.yaml by default',
            ),
      },
      output: {
        entityRef: z => z.string().describe('The registered entity'),
        catalogInfoUrl: z => z.string().describe('The location registered'),
      },
    },
    async handler(ctx) {
      const target = path.resolve(
        ctx.input.repoContentsUrl,
        `.${ctx.input.catalogInfoPath ?? '/catalog-info.yaml'}`,
      );
      if (!target.startsWith(`${path.resolve(options.root)}${path.sep}`)) {
        throw new InputError(
          `Only descriptors inside ${options.root} can be registered`,
        );
      }
      ctx.output('catalogInfoUrl', `file:${target}`);
      if (ctx.isDryRun) {
        ctx.output('entityRef', 'component:default/dry-run');
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const location = { type: 'file', target };
      await ctx.checkpoint({
        key: `register-local-${target}`,
        fn: async () => {
          await options.catalog.addLocation(location, { credentials });
        },
      });
      // The catalog reads a new location later and answers no entities: a dry run
      // of the same location says which they are (as catalog:register does).
      const preview = await options.catalog.addLocation(
        { ...location, dryRun: true },
        { credentials },
      );
      const result = preview.entities.map(e => stringifyEntityRef(e));
      const component =
        result.find(ref => ref.startsWith('component:')) ?? result[0];
      if (!component) throw new InputError(`${target} holds no entity`);
      ctx.output('entityRef', component);
      // The task page links to the entity: wait (bounded) until the catalog serves it,
      // so the link does not open on "Entity not found".
      const deadline = Date.now() + (options.waitMs ?? 30_000);
      while (
        !(await options.catalog.getEntityByRef(component, { credentials }))
      ) {
        if (Date.now() > deadline) {
          ctx.logger.warn(
            `${component} is registered; the catalog has not processed it yet and will show it shortly`,
          );
          return;
        }
        await new Promise(resolve => setTimeout(resolve, 500));
      }
    },
  });
}
