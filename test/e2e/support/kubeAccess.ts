import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The HTTP status a real Kubernetes client gets with a kubeconfig file: listing the
 * pods of a namespace, or the nodes (cluster-scoped) for `--nodes`.
 */
export function kubeRead(kubeconfigFile: string, target: string): string {
  const out = execFileSync(
    process.execPath,
    [path.join(__dirname, 'kubeAccess.mjs'), kubeconfigFile, target],
    { encoding: 'utf8' },
  );
  // The last line is the status; Node may print warnings before it.
  return out
    .trim()
    .split('\n')
    .pop()!
    .replace(/[^0-9A-Za-z]/g, '');
}
