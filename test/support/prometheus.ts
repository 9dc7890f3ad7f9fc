import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  openMetricsChunks,
  OpenMetricsOptions,
  SandboxMetrics,
} from '@eks-aiml/sandbox';

/**
 * The real Prometheus of the Debian package `prometheus` (scripts/system-deps.sh
 * installs it), started by the tests that need it.
 */
export interface PrometheusServer {
  url: string;
  /** The server's process id (for its CPU time). */
  pid: number;
  /** Freezes the process (SIGSTOP): it accepts connections and answers nothing. */
  pause(): void;
  /** Lets a paused process run again. */
  resume(): void;
  /** Kills the process (SIGKILL), keeping its data: start it again on the same directory. */
  kill(): Promise<void>;
  /** Stops the process and deletes its data. */
  stop(): Promise<void>;
}

/** The series the usage source reads (what a real deployment would keep, too). */
const READ_BY_USAGE = new Set([
  'kube_node_status_capacity',
  'kube_node_labels',
  'kube_node_info',
  'kube_pod_container_resource_requests',
  'kube_pod_status_phase',
  'kube_pod_info',
  'kube_pod_labels',
  'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  'DCGM_FI_DEV_GPU_UTIL',
  'neuroncore_utilization_ratio',
]);

/** Leaves out the series the usage source never reads: they only cost backfill time. */
export function usageSeriesOnly(
  name: string,
  labels: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  if (!READ_BY_USAGE.has(name)) return undefined;
  if (name === 'kube_pod_status_phase' && labels.phase !== 'Running') {
    return undefined;
  }
  return { ...labels };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', d => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} exited with ${code}: ${stderr}`)),
    );
  });
}

const DAY = 86_400_000;

/**
 * Writes the sandbox generator's series over a window into a Prometheus data directory
 * with `promtool tsdb create-blocks-from openmetrics`: one sample per series every
 * `stepSeconds` (what a scrape at that interval stores). promtool reads its whole input
 * into memory, so the window goes in pieces of `pieceDays`; the next piece is written
 * while promtool reads the last.
 */
export async function backfillSandbox(options: {
  dataDir: string;
  window: { startMs: number; endMs: number };
  stepSeconds: number;
  relabel?: OpenMetricsOptions['relabel'];
  metrics?: SandboxMetrics;
  pieceDays?: number;
}): Promise<void> {
  const { dataDir, window, stepSeconds } = options;
  const metrics = options.metrics ?? new SandboxMetrics();
  const pieceMs = (options.pieceDays ?? 1) * DAY;
  fs.mkdirSync(dataDir, { recursive: true });
  let reading: Promise<void> = Promise.resolve();
  for (let start = window.startMs; start < window.endMs; start += pieceMs) {
    const file = path.join(dataDir, `backfill-${start}.om`);
    const fd = fs.openSync(file, 'w');
    try {
      for (const chunk of openMetricsChunks(
        { startMs: start, endMs: Math.min(start + pieceMs, window.endMs) },
        stepSeconds,
        { metrics, relabel: options.relabel },
      )) {
        fs.writeSync(fd, chunk);
      }
    } finally {
      fs.closeSync(fd);
    }
    await reading;
    // 486 h is promtool's largest block below 1,458 h: one block per piece, one pass.
    reading = run('promtool', [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '--max-block-duration=486h',
      file,
      dataDir,
    ]).finally(() => fs.rmSync(file, { force: true }));
  }
  await reading;
}

/**
 * Starts Prometheus on loopback over a data directory (no scrape targets, retention long
 * enough to keep backfilled blocks) and waits until it is ready.
 */
export async function startPrometheus(options: {
  dataDir: string;
  port: number;
  /** The CPUs it may run on (taskset's list, e.g. "0"); any by default. */
  cpus?: string;
  timeoutMs?: number;
}): Promise<PrometheusServer> {
  const { dataDir, port } = options;
  const configFile = path.join(dataDir, 'prometheus.yml');
  fs.writeFileSync(configFile, 'scrape_configs: []\n');
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    '--storage.tsdb.retention.time=3650d',
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  // taskset execs Prometheus in its own process: the pid stays Prometheus'.
  const child: ChildProcess = options.cpus
    ? spawn('taskset', ['-c', options.cpus, 'prometheus', ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn('prometheus', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', d => (log += d.toString()));
  const exited = new Promise(resolve => child.once('exit', resolve));
  const server: PrometheusServer = {
    url,
    pid: child.pid!,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      res => res.ok,
      () => false,
    );
    if (ready) return server;
    await sleep(200);
  }
  await server.stop();
  throw new Error(`prometheus was not ready in time:\n${log}`);
}
