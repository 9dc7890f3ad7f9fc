import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/portalBackend';

/**
 * The arrows of docs/architecture.md, as the packages' runtime dependencies: each
 * package may depend (dependencies or peerDependencies) on the workspace packages
 * listed here and on no other. devDependencies are free (tests may use the sandbox).
 */
const ALLOWED: Record<string, string[]> = {
  '@eks-aiml/plugin-aiml-common': [],
  '@eks-aiml/plugin-aiml-node': ['@eks-aiml/plugin-aiml-common'],
  '@eks-aiml/plugin-aiml-backend': [
    '@eks-aiml/plugin-aiml-common',
    '@eks-aiml/plugin-aiml-node',
  ],
  '@eks-aiml/plugin-scaffolder-backend-module-aiml': [
    '@eks-aiml/plugin-aiml-common',
    '@eks-aiml/plugin-aiml-node',
  ],
  '@eks-aiml/plugin-kubernetes-backend-module-aiml': [
    '@eks-aiml/plugin-aiml-common',
    '@eks-aiml/plugin-aiml-node',
  ],
  '@eks-aiml/plugin-aiml': ['@eks-aiml/plugin-aiml-common'],
  '@eks-aiml/plugin-aiml-backend-module-sandbox': [
    '@eks-aiml/plugin-aiml-common',
    '@eks-aiml/plugin-aiml-node',
    '@eks-aiml/sandbox',
  ],
  '@eks-aiml/sandbox': ['@eks-aiml/plugin-aiml-common'],
};

/** The packages an adopter installs: everything published but the emulator and its module. */
const PRODUCT = Object.keys(ALLOWED).filter(
  name =>
    name !== '@eks-aiml/sandbox' &&
    name !== '@eks-aiml/plugin-aiml-backend-module-sandbox',
);

type Manifest = {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

function workspacePackages(): Map<string, Manifest> {
  const found = new Map<string, Manifest>();
  for (const dir of ['plugins', 'packages']) {
    for (const entry of fs.readdirSync(path.join(repoRoot, dir))) {
      const file = path.join(repoRoot, dir, entry, 'package.json');
      if (!fs.existsSync(file)) continue;
      const manifest: Manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      found.set(manifest.name, manifest);
    }
  }
  return found;
}

const runtimeWorkspaceDeps = (m: Manifest, names: Set<string>) =>
  [
    ...Object.keys(m.dependencies ?? {}),
    ...Object.keys(m.peerDependencies ?? {}),
  ].filter(d => names.has(d));

describe('the architecture (docs/architecture.md)', () => {
  const packages = workspacePackages();
  const names = new Set(packages.keys());

  it('knows every published workspace package', () => {
    const published = [...packages.values()]
      .filter(m => !m.private)
      .map(m => m.name)
      .sort();
    expect(published).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(Object.keys(ALLOWED))(
    '%s depends only on what the architecture allows',
    name => {
      const manifest = packages.get(name)!;
      const extra = runtimeWorkspaceDeps(manifest, names).filter(
        d => !ALLOWED[name].includes(d),
      );
      expect(extra).toEqual([]);
    },
  );

  it.each(PRODUCT)(
    'installing %s never installs the emulator (its whole workspace dependency tree)',
    name => {
      const seen = new Set<string>();
      const visit = (n: string) => {
        if (seen.has(n)) return;
        seen.add(n);
        runtimeWorkspaceDeps(packages.get(n)!, names).forEach(visit);
      };
      visit(name);
      expect([...seen]).not.toContain('@eks-aiml/sandbox');
      expect([...seen]).not.toContain(
        '@eks-aiml/plugin-aiml-backend-module-sandbox',
      );
    },
  );
});
