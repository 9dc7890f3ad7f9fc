import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root, whatever the test's working directory. */
export const repoRoot = path.resolve(__dirname, '../..');

/** A static token the test config lets external callers use. */
export const TEST_TOKEN = 'aiml-test-static-token';

/**
 * Limits out of the way, for tests of other things that fire bursts of grants (faults,
 * restarts, paging); the caps themselves are tested with their defaults
 * (portalAuthorization, brokerLeastPrivilege).
 */
export const BURST_LIMITS = {
  APP_CONFIG_aiml_access_requestsPerMinute: '100000',
  APP_CONFIG_aiml_access_maxLiveGrantsPerUser: '100000',
};

export interface PortalBackend {
  baseUrl: string;
  /** Id of the process started (backstage-cli); the backend runs in its process group, which has the same id. */
  pid: number;
  /** The log the backend wrote so far (for failure messages). */
  output(): string;
  /** Whether the backend's process has exited. */
  exited(): boolean;
  stop(): Promise<void>;
  /** Kills the backend at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

export interface StartOptions {
  port: number;
  /** Extra config files, relative to the repository root. */
  configs?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Run the production build unpacked here (see ensureBuiltBackend), not `backstage-cli package start`. */
  builtDir?: string;
  /** Node's own flags for the production build, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** The CPUs the production build may run on (taskset's list, e.g. "1"); any by default. */
  cpus?: string;
}

/**
 * Starts the portal's real backend (packages/backend) as its own process, the way
 * `yarn start` does (or its production build), and waits until its readiness probe
 * answers 200.
 */
export async function startPortalBackend(
  options: StartOptions,
): Promise<PortalBackend> {
  const baseUrl = `http://localhost:${options.port}`;
  const configs = ['app-config.yaml', 'test/app-config.test.yaml']
    .concat(options.configs ?? [])
    .flatMap(file => ['--config', path.join(repoRoot, file)]);
  // The production build runs as its image would (`node packages/backend`), with
  // NODE_ENV=test: the sandbox module refuses NODE_ENV=production by design.
  const [command, args, cwd, nodeEnv] = options.builtDir
    ? [
        process.execPath,
        [...(options.nodeArgs ?? []), 'packages/backend', ...configs],
        options.builtDir,
        'test',
      ]
    : [
        path.join(repoRoot, 'node_modules/.bin/backstage-cli'),
        ['package', 'start', ...configs],
        path.join(repoRoot, 'packages/backend'),
        'development',
      ];
  // taskset execs the backend in its own process: the pid stays the backend's.
  const child = spawn(
    options.cpus ? 'taskset' : command,
    options.cpus ? ['-c', options.cpus, command, ...args] : args,
    {
      cwd,
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: nodeEnv,
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_backend_listen_port: String(options.port),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout!.on('data', d => (log += d.toString()));
  child.stderr!.on('data', d => (log += d.toString()));

  const backend: PortalBackend = {
    baseUrl,
    pid: child.pid!,
    output: () => log,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => stopProcessGroup(child),
    kill: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.status === 200) return backend;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await backend.stop();
  throw new Error(`backend not ready within the time limit:\n${log}`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const killed = await Promise.race([
    exited,
    sleep(10_000, 'timeout', { ref: false }),
  ]);
  if (killed === 'timeout') process.kill(-child.pid, 'SIGKILL');
}

/**
 * fetch against a backend; a request that gets no answer at all (refused, reset)
 * fails with its cause, whether the backend's process is still running and the end of
 * its log, so a failure in CI says what happened to the backend.
 */
export async function backendFetch(
  backend: PortalBackend,
  urlPath: string,
  init?: RequestInit,
): Promise<Response> {
  try {
    return await fetch(`${backend.baseUrl}${urlPath}`, init);
  } catch (e: any) {
    throw new Error(
      `${init?.method ?? 'GET'} ${urlPath} got no answer: ${e} (cause: ${
        e?.cause ?? 'none'
      }); the backend's process ${
        backend.exited() ? 'had exited' : 'was running'
      }; the end of its log:\n${backend.output().slice(-4000)}`,
    );
  }
}

/** A database prefix unique to one test run, so runs never share state. */
export function uniqueDatabasePrefix(): string {
  return `aiml_test_${randomBytes(4).toString('hex')}_`;
}

/** Calls the backend with the test's static token. */
export async function getJson(backend: PortalBackend, urlPath: string) {
  const res = await fetch(`${backend.baseUrl}${urlPath}`, {
    headers: { Authorization: `Bearer ${TEST_TOKEN}` },
  });
  if (!res.ok) {
    throw new Error(
      `GET ${urlPath} answered ${res.status}: ${await res.text()}`,
    );
  }
  return res.json();
}
