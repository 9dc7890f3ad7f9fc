import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Row } from './stats';

const APP = path.resolve(__dirname, '../../packages/app');
/** Modules of the frontend plugin and of the common library it bundles. */
const PLUGIN_MODULE = /plugins\/aiml(-common)?\/src\//;

interface StatsModule {
  name?: string;
  size: number;
  modules?: StatsModule[];
}
interface StatsChunk {
  id: string | number;
  initial: boolean;
  files: string[];
  modules?: StatsModule[];
}

/** Bytes of all modules and of the plugin's modules in a chunk (concatenations unfolded). */
function moduleBytes(modules: StatsModule[] = []) {
  let total = 0;
  let plugin = 0;
  for (const m of modules) {
    if (m.modules) {
      const inner = moduleBytes(m.modules);
      total += inner.total;
      plugin += inner.plugin;
      continue;
    }
    total += m.size;
    if (PLUGIN_MODULE.test(m.name ?? '')) plugin += m.size;
  }
  return { total, plugin };
}

const gzipBytes = (file: string) =>
  zlib.gzipSync(fs.readFileSync(path.join(APP, 'dist', file)), { level: 9 })
    .length;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * What the frontend plugin adds to the production app: its share of the initial
 * chunks and its own lazy chunks, gzip. Builds the app with bundle stats (a few
 * minutes); the plugin's share of a shared chunk is estimated from its modules'
 * share of that chunk's bytes before minification.
 */
export async function benchBundle(): Promise<Row[]> {
  execFileSync('yarn', ['backstage-cli', 'package', 'build', '--stats'], {
    cwd: APP,
    stdio: 'ignore',
  });
  const statsFile = path.join(APP, 'dist/bundle-stats.json');
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as {
    chunks: StatsChunk[];
  };
  fs.rmSync(statsFile);
  let initialGzip = 0;
  let pluginInitialGzip = 0;
  let lazyGzip = 0;
  const lazy: string[] = [];
  for (const chunk of stats.chunks) {
    const js = chunk.files.filter(f => f.endsWith('.js'));
    const gz = js.reduce((s, f) => s + gzipBytes(f), 0);
    const { total, plugin } = moduleBytes(chunk.modules);
    if (chunk.initial) {
      initialGzip += gz;
      if (total > 0) pluginInitialGzip += (gz * plugin) / total;
    } else if (total > 0 && plugin / total >= 0.5) {
      lazyGzip += gz;
      lazy.push(`${path.basename(js[0] ?? String(chunk.id))} ${kib(gz)}`);
    }
  }
  return [
    {
      measure: "the app's initial chunks (JS loaded before first render)",
      gzip: kib(initialGzip),
    },
    {
      measure:
        'of which the aiml plugin (estimated from its share of module bytes)',
      gzip: `${kib(pluginInitialGzip)} (${(
        (100 * pluginInitialGzip) /
        initialGzip
      ).toFixed(1)}%)`,
    },
    {
      measure: `the plugin's own lazy chunks (${lazy.length})`,
      gzip: `${kib(lazyGzip)}: ${lazy.join(', ')}`,
    },
  ];
}
