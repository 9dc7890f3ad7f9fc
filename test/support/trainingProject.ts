import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * A generated project's training code run for real with Debian's Python,
 * PyTorch (1.13, CPU) and boto3: what the project's image runs, on CPU
 * processes instead of GPUs.
 */

/** Debian's interpreter: the python3 on PATH may be another, without torch. */
export const PYTHON = '/usr/bin/python3';

/** Throws, naming what to install, unless Debian's torch and boto3 import. */
export function requireDebianTorch(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, boto3'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import torch and boto3: apt-get install python3-torch python3-boto3 ` +
        `(scripts/system-deps.sh does it as root)\n${
          probe.stderr ?? probe.error
        }`,
    );
  }
}

/** The files of a scaffolder dry run's answer, by path. */
export function filesOfDryRun(body: {
  directoryContents: { path: string; base64Content: string }[];
}): Record<string, string> {
  return Object.fromEntries(
    body.directoryContents.map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString(),
    ]),
  );
}

/** Every Kubernetes object the project keeps under k8s/. */
export function manifestsIn(files: Record<string, string>): any[] {
  return Object.entries(files)
    .filter(([p]) => p.startsWith('k8s/'))
    .flatMap(([, text]) =>
      text
        .split(/^---$/m)
        .map(doc => parse(doc))
        .filter(Boolean),
    );
}

/** Writes the files into a new directory: the generated repository. */
export function writeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-training-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** One test as `python -m unittest -v` reported it: "ok", "FAIL", "ERROR", "skipped '<why>'"... */
export interface UnittestOutcome {
  module: string;
  test: string;
  outcome: string;
}

/** Runs every test of the project (tests/test_*.py) with Debian's Python, in one process. */
export function runUnittests(project: string): {
  outcomes: UnittestOutcome[];
  output: string;
} {
  const run = spawnSync(
    PYTHON,
    ['-m', 'unittest', 'discover', '-v', '-s', 'tests', '-t', '.'],
    { cwd: project, encoding: 'utf8', timeout: 120_000 },
  );
  // unittest -v reports on stderr, a line a test: "name (tests.module.Class.name) ... ok".
  // A module that does not import shows as unittest.loader._FailedTest.<module> ... ERROR.
  const output = `${run.stdout}${run.stderr}`;
  const outcomes = [
    ...output.matchAll(/^(\w+) \(([\w.]+)\) \.\.\. (.*)$/gm),
  ].map(([, test, id, outcome]) => ({
    module: id.startsWith('unittest.loader.')
      ? id.split('.').pop()!
      : id.split('.')[1],
    test,
    outcome,
  }));
  return { outcomes, output };
}

/** Calls a function of the project's code with JSON in and out: `module.function(argument)`. */
export function callPython(
  project: string,
  module: string,
  fn: string,
  argument: unknown,
): any {
  const script = `import json, sys\nfrom ${module} import ${fn}\nprint(json.dumps(${fn}(json.load(sys.stdin))))`;
  const run = spawnSync(PYTHON, ['-c', script], {
    cwd: project,
    input: JSON.stringify(argument),
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`${module}.${fn} failed:\n${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

/** A training run in progress: its output as it comes, and its end. */
export interface TrainingProcess {
  pid: number;
  output(): string;
  /** Resolves once the output matches, or rejects when the process ends first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: string | null; at: number }>;
  /** Kills what is left of the run (its process group), e.g. after a failed test. */
  kill(): void;
}

/** Starts `python <args>` in the project with the environment given (and PATH). */
export function startPython(
  project: string,
  args: string[],
  env: Record<string, string>,
): TrainingProcess {
  // Its own process group, so that torchrun's workers can be cleaned up with it.
  const child = spawn(PYTHON, args, {
    cwd: project,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const listeners = new Set<() => void>();
  const append = (data: Buffer) => {
    log += data.toString();
    listeners.forEach(listener => listener());
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{
    code: number | null;
    signal: string | null;
    at: number;
  }>(resolve =>
    child.once('close', (code, signal) => {
      resolve({ code, signal, at: Date.now() });
      listeners.forEach(listener => listener());
    }),
  );
  return {
    pid: child.pid!,
    output: () => log,
    exited,
    kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${log}`));
        }, timeoutMs);
        function check() {
          const found = pattern.exec(log);
          if (found || child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            listeners.delete(check);
            if (found) resolve(found);
            else reject(new Error(`ended before ${pattern}:\n${log}`));
          }
        }
        listeners.add(check);
        check();
      });
    },
  };
}

/** The newest complete checkpoint's step in a directory (the skeleton's step-<9 digits>.ckpt). */
export function newestCheckpoint(directory: string): number | undefined {
  const steps = fs
    .readdirSync(directory)
    .map(name => /^step-(\d{9})\.ckpt$/.exec(name)?.[1])
    .filter((step): step is string => step !== undefined)
    .map(Number);
  return steps.length ? Math.max(...steps) : undefined;
}
