import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

/** Where the production build of the portal backend is unpacked and installed. */
export const BUILT_BACKEND_DIR = path.join(
  repoRoot,
  'node_modules/.cache/built-backend',
);

const sha256 = (file: string) =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function run(command: string, args: string[], cwd: string) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * The portal backend as people deploy it (Backstage's "host build" for a Docker
 * image): `backstage-cli package build` of packages/backend, its skeleton and bundle
 * unpacked, production dependencies installed with `yarn workspaces focus --all
 * --production`. The install is redone only when the lock file changes; the bundle's
 * built packages replace the previous ones every time. The catalog files and
 * templates the config names (relative to packages/backend) are copied beside it, as
 * an image would copy them. Returns the directory.
 */
export function ensureBuiltBackend(options: { build?: boolean } = {}): string {
  const dist = path.join(repoRoot, 'packages/backend/dist');
  if (options.build ?? true) {
    run('yarn', ['workspace', 'backend', 'build'], repoRoot);
  }
  const dir = BUILT_BACKEND_DIR;
  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-built-'));
  try {
    // The skeleton holds the packages' manifests, the bundle the root's and the lock.
    run('tar', ['xzf', path.join(dist, 'skeleton.tar.gz')], staging);
    const bundleTar = path.join(dist, 'bundle.tar.gz');
    run('tar', ['xzf', bundleTar, 'package.json', 'yarn.lock'], staging);
    const lock = path.join(staging, 'yarn.lock');
    const marker = path.join(dir, '.installed-lock');
    if (
      !fs.existsSync(marker) ||
      fs.readFileSync(marker, 'utf8') !== sha256(lock)
    ) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.cpSync(staging, dir, { recursive: true });
      fs.copyFileSync(
        path.join(repoRoot, '.yarnrc.yml'),
        path.join(dir, '.yarnrc.yml'),
      );
      fs.cpSync(
        path.join(repoRoot, '.yarn/releases'),
        path.join(dir, '.yarn/releases'),
        {
          recursive: true,
        },
      );
      // Without its own root manifest yarn would climb to the repository and strip
      // its dev dependencies.
      if (!fs.existsSync(path.join(dir, 'package.json'))) {
        throw new Error(`${dir} has no package.json: the bundle is incomplete`);
      }
      run('yarn', ['workspaces', 'focus', '--all', '--production'], dir);
      fs.writeFileSync(marker, sha256(lock));
    }
    // The built packages: each package's dist and manifest, over the installed tree.
    const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-bundle-'));
    try {
      run('tar', ['xzf', bundleTar], bundle);
      for (const group of ['packages', 'plugins']) {
        for (const name of fs.readdirSync(path.join(bundle, group))) {
          const from = path.join(bundle, group, name);
          const to = path.join(dir, group, name);
          fs.mkdirSync(to, { recursive: true });
          for (const entry of fs.readdirSync(from)) {
            fs.rmSync(path.join(to, entry), { recursive: true, force: true });
            fs.cpSync(path.join(from, entry), path.join(to, entry), {
              recursive: true,
            });
          }
        }
      }
    } finally {
      fs.rmSync(bundle, { recursive: true, force: true });
    }
    for (const data of ['catalog', 'templates']) {
      fs.rmSync(path.join(dir, data), { recursive: true, force: true });
      fs.cpSync(path.join(repoRoot, data), path.join(dir, data), {
        recursive: true,
      });
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/**
 * The catalog locations of app-config.yaml as absolute paths (`APP_CONFIG_catalog_locations`),
 * plus `more`: the production build runs from its own directory.
 */
export function repoCatalogLocations(more: object[] = []): string {
  return JSON.stringify([
    {
      type: 'file',
      target: path.join(repoRoot, 'catalog/org.yaml'),
      rules: [{ allow: ['User', 'Group'] }],
    },
    { type: 'file', target: path.join(repoRoot, 'catalog/components.yaml') },
    {
      type: 'file',
      target: path.join(repoRoot, 'templates/all.yaml'),
      rules: [{ allow: ['Location', 'Template'] }],
    },
    ...more,
  ]);
}

/**
 * Node's flags for a benchmark's built backend, from AIML_BENCH_BACKEND_NODE_ARGS
 * (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" profiles it and its worker threads).
 */
export function benchBackendNodeArgs(): string[] | undefined {
  return process.env.AIML_BENCH_BACKEND_NODE_ARGS?.split(' ');
}
