import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { readManifests, workspacePath, writeManifests } from './workspaceFiles';

describe('workspace files', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  it.each(['/etc', '../x', 'a/../../x', 'manifests/../../etc'])(
    'refuses the path %s',
    p => {
      expect(() => workspacePath(dir.path, p, 'targetPath')).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining(
            'must be a path inside the workspace',
          ),
        }),
      );
    },
  );

  it('refuses a symlink out of the workspace', async () => {
    fs.symlinkSync(path.resolve(dir.path, '..'), path.join(dir.path, 'out'));
    expect(() => workspacePath(dir.path, 'out/x', 'targetPath')).toThrow(
      expect.objectContaining({ name: 'NotAllowedError' }),
    );
  });

  it('writes one file per object and reads them back', async () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
    ];
    const files = await writeManifests({
      workspace: dir.path,
      targetPath: 'deploy/k8s',
      objects,
    });
    expect(files).toEqual([
      'deploy/k8s/service-a.yaml',
      'deploy/k8s/deployment-a.yaml',
    ]);
    const docs = await readManifests({
      workspace: dir.path,
      paths: ['deploy'],
    });
    expect(docs).toEqual([
      { source: 'deploy/k8s/deployment-a.yaml#1', object: objects[1] },
      { source: 'deploy/k8s/service-a.yaml#1', object: objects[0] },
    ]);
  });

  it('reads every document of a file, and names a file that is not YAML', async () => {
    dir.setContent({
      'm/all.yml': 'a: 1\n---\n---\nb: 2\n',
      'bad.yaml': 'a: [1,\n',
      'notes.txt': 'ignored',
    });
    expect(await readManifests({ workspace: dir.path, paths: ['m'] })).toEqual([
      { source: 'm/all.yml#1', object: { a: 1 } },
      { source: 'm/all.yml#3', object: { b: 2 } },
    ]);
    await expect(
      readManifests({ workspace: dir.path, paths: ['bad.yaml'] }),
    ).rejects.toThrow(/bad.yaml \(document 1\) is not valid YAML/);
    await expect(
      readManifests({ workspace: dir.path, paths: ['nope'] }),
    ).rejects.toThrow(/"nope" does not exist in the workspace/);
    dir.setContent({ empty: {} });
    await expect(
      readManifests({ workspace: dir.path, paths: ['empty'] }),
    ).rejects.toThrow(/hold no .yaml or .yml file/);
  });
});
