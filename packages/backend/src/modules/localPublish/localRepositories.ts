import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';

const run = promisify(execFile);
const REPO_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Where sandbox-mode templates publish: `aiml.sandbox.localRepositories`, or a folder under the OS temp dir. */
export function localRepositoriesDir(config: Config): string {
  return path.resolve(
    config.getOptionalString('aiml.sandbox.localRepositories') ??
      path.join(os.tmpdir(), 'eks-aiml-repositories'),
  );
}

/** Whether the portal runs on the sandbox (the only mode where local publishing exists). */
export function isSandboxMode(config: Config): boolean {
  return (
    process.env.NODE_ENV !== 'production' &&
    (config.getOptionalBoolean('aiml.sandbox.enabled') === true ||
      config.has('aiml.sandbox.attach'))
  );
}

/** The path of a local repository, refusing names that could leave the directory. */
export function repositoryPath(root: string, name: string): string {
  if (!REPO_NAME.test(name)) {
    throw new InputError(
      `"${name}" is not a valid repository name: lowercase letters, digits and dashes`,
    );
  }
  return path.join(root, name);
}

/**
 * Copies the workspace into a new git repository. Re-running the same task is safe
 * (it finds its own commit); another project's repository is never overwritten.
 */
export async function publishToLocalRepository(options: {
  root: string;
  name: string;
  source: string;
  taskId: string;
}): Promise<{ dir: string; commit: string }> {
  const dir = repositoryPath(options.root, options.name);
  const marker = path.join(dir, '.git', 'eks-aiml-task');
  const existing = await fs.readFile(marker, 'utf8').catch(() => undefined);
  if (existing !== undefined && existing !== options.taskId) {
    throw new ConflictError(
      `A repository named "${options.name}" already exists; choose another project name`,
    );
  }
  const git = (...args: string[]) =>
    run('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'EKS AI/ML portal',
        GIT_AUTHOR_EMAIL: 'portal@localhost',
        GIT_COMMITTER_NAME: 'EKS AI/ML portal',
        GIT_COMMITTER_EMAIL: 'portal@localhost',
      },
    });
  if (existing === undefined) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    await fs.cp(options.source, dir, { recursive: true });
    await git('init', '-q', '-b', 'main');
    await fs.writeFile(marker, options.taskId);
    await git('add', '-A');
    await git('commit', '-q', '-m', 'Initial commit from the golden path');
  }
  const { stdout } = await git('rev-parse', 'HEAD');
  return { dir, commit: stdout.trim() };
}
