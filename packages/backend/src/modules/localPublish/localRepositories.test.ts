import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { publishToLocalRepository, repositoryPath } from './localRepositories';

describe('local repositories (sandbox mode)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repos-'));
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));
  fs.writeFileSync(path.join(source, 'catalog-info.yaml'), 'kind: Component\n');

  it('publishes the workspace as a git repository with one commit', async () => {
    const { dir, commit } = await publishToLocalRepository({
      root,
      name: 'demo',
      source,
      taskId: 't1',
    });
    expect(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8')).toBe(
      'kind: Component\n',
    );
    expect(
      execFileSync('git', ['log', '--format=%H'], {
        cwd: dir,
        encoding: 'utf8',
      }).trim(),
    ).toBe(commit);
  });

  it('is safe to re-run for the same task, and never overwrites another project', async () => {
    const again = await publishToLocalRepository({
      root,
      name: 'demo',
      source,
      taskId: 't1',
    });
    expect(
      execFileSync('git', ['rev-list', '--count', 'HEAD'], {
        cwd: again.dir,
        encoding: 'utf8',
      }).trim(),
    ).toBe('1');
    await expect(
      publishToLocalRepository({ root, name: 'demo', source, taskId: 't2' }),
    ).rejects.toThrow('A repository named "demo" already exists');
  });

  it('refuses names that could leave the directory', () => {
    expect(() => repositoryPath(root, '../etc')).toThrow(
      'is not a valid repository name',
    );
    expect(() => repositoryPath(root, 'UPPER')).toThrow(
      'is not a valid repository name',
    );
  });
});
