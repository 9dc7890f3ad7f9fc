import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { publishToLocalRepository, repositoryPath } from './localRepositories';

/**
 * `portal:publish:local` (sandbox mode only): publishes the workspace to a local git
 * repository, so golden paths complete end to end without GitHub.
 */
export function createPublishLocalAction(options: { root: string }) {
  return createTemplateAction({
    id: 'portal:publish:local',
    description:
      'Sandbox mode: publishes the workspace to a local git repository (no GitHub needed).',
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string().describe('Name of the repository (the project name)'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Subdirectory of the workspace to publish; all of it by default',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe('file:// URL of the repository'),
        repoContentsUrl: z =>
          z.string().describe('The directory holding the files'),
        commitHash: z => z.string().describe('The commit'),
      },
    },
    async handler(ctx) {
      const source = path.resolve(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      if (!source.startsWith(path.resolve(ctx.workspacePath))) {
        throw new InputError('"sourcePath" must stay inside the workspace');
      }
      if (ctx.isDryRun) {
        const dir = repositoryPath(options.root, ctx.input.repoName);
        ctx.output('remoteUrl', `file://${dir}`);
        ctx.output('repoContentsUrl', dir);
        ctx.output('commitHash', '0000000000000000000000000000000000000000');
        return;
      }
      const { dir, commit } = await ctx.checkpoint({
        key: `publish-local-${ctx.input.repoName}`,
        fn: () =>
          publishToLocalRepository({
            root: options.root,
            name: ctx.input.repoName,
            source,
            taskId: ctx.task.id,
          }),
      });
      ctx.output('remoteUrl', `file://${dir}`);
      ctx.output('repoContentsUrl', dir);
      ctx.output('commitHash', commit);
      ctx.logger.info(`Published to ${dir} (${commit.slice(0, 8)})`);
    },
  });
}
