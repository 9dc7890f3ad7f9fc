import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sandbox } from '@eks-aiml/sandbox';
import {
  PortalBackend,
  startPortalBackend,
  uniqueDatabasePrefix,
} from './portalBackend';
import { dropDatabases } from './postgres';

/** A portal backend on PostgreSQL, and how to be rid of it and its databases. */
export interface PostgresBackend {
  backend: PortalBackend;
  /** The prefix of its databases (the broker's is `${prefix}aiml`). */
  prefix: string;
  /** Stops the backend, drops its databases and removes the attach directory. */
  stop(): Promise<void>;
}

/**
 * Starts the portal backend on PostgreSQL, with databases of its own, attached to a
 * sandbox running in this process (so the caller can fault it, move its clock and
 * look at its clusters).
 */
export async function startPostgresBackend(
  sandbox: Sandbox,
  port: number,
  env: Record<string, string> = {},
  more: {
    /** The production build (see ensureBuiltBackend), and node flags for it. */
    built?: { dir: string; nodeArgs?: string[] };
    /** Config files on top of the PostgreSQL one, relative to the repository. */
    configs?: string[];
  } = {},
): Promise<PostgresBackend> {
  const { built } = more;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
  sandbox.writeOut(dir);
  const prefix = uniqueDatabasePrefix();
  const backend = await startPortalBackend({
    port,
    builtDir: built?.dir,
    nodeArgs: built?.nodeArgs,
    configs: ['app-config.postgres.yaml', ...(more.configs ?? [])],
    env: {
      APP_CONFIG_backend_database_prefix: prefix,
      APP_CONFIG_aiml_sandbox_enabled: 'false',
      APP_CONFIG_aiml_sandbox_attach: dir,
      ...env,
    },
  });
  return {
    backend,
    prefix,
    stop: async () => {
      await backend.stop();
      await dropDatabases(prefix);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
