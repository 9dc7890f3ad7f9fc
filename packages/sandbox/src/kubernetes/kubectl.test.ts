/**
 * The real kubectl (1.33, from scripts/fetch-kubectl.sh) against the sandbox,
 * where a person would type it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { startTestCluster, TestCluster } from './__testUtils__/testCluster';

const run = promisify(execFile);

/** The kubectl binary, fetched once (synchronously, before any server runs). */
function fetchKubectl(): string | undefined {
  const script = path.resolve(
    __dirname,
    '../../../../scripts/fetch-kubectl.sh',
  );
  try {
    return execFileSync('bash', [script], {
      encoding: 'utf8',
      timeout: 180_000,
    })
      .trim()
      .split('\n')
      .pop();
  } catch (e) {
    // npm test installs it first: a missing kubectl is a broken setup, not a skip.
    throw new Error(
      `scripts/fetch-kubectl.sh could not install kubectl: ${
        String(e).split('\n')[0]
      }`,
    );
  }
}

const kubectl = fetchKubectl();

let cluster: TestCluster;
let dir: string;

beforeEach(async () => {
  cluster = await startTestCluster(['team-a']);
  dir = mkdtempSync(path.join(tmpdir(), 'sandbox-kubectl-'));
});

afterEach(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A token kubeconfig file, as the broker hands out. */
function kubeconfigFile(token: string): string {
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'sandbox',
          cluster: {
            server: cluster.url,
            'certificate-authority-data': Buffer.from(cluster.ca.cert).toString(
              'base64',
            ),
          },
        },
      ],
      users: [{ name: 'grantee', user: { token } }],
      contexts: [
        {
          name: 'sandbox',
          context: { cluster: 'sandbox', user: 'grantee', namespace: 'team-a' },
        },
      ],
      'current-context': 'sandbox',
    }),
    { mode: 0o600 },
  );
  return file;
}

describe('kubectl against the sandbox', () => {
  it('auth can-i --list shows what RBAC grants in the namespace', async () => {
    const core = cluster.kubeConfig().makeApiClient(CoreV1Api);
    const rbac = cluster.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespacedServiceAccount({
      namespace: 'team-a',
      body: { metadata: { name: 'grant-1' } },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: 'team-a',
      body: {
        metadata: { name: 'grant-1' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'view',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'grant-1', namespace: 'team-a' },
        ],
      },
    });
    const token = (
      await core.createNamespacedServiceAccountToken({
        name: 'grant-1',
        namespace: 'team-a',
        body: { spec: { audiences: [], expirationSeconds: 3600 } },
      })
    ).status!.token;
    const { stdout } = await run(
      kubectl!,
      [
        '--kubeconfig',
        kubeconfigFile(token),
        'auth',
        'can-i',
        '--list',
        '-n',
        'team-a',
      ],
      { timeout: 60_000 },
    );
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/,
    );
    // From `view` through the RoleBinding.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]/),
        expect.stringMatching(
          /^selfsubjectrulesreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/,
        ),
      ]),
    );
    expect(stdout).not.toMatch(/^secrets\s/m);
    const other = await run(
      kubectl!,
      [
        '--kubeconfig',
        kubeconfigFile(token),
        'auth',
        'can-i',
        'delete',
        'pods',
        '-n',
        'team-a',
      ],
      { timeout: 60_000 },
    ).catch(e => e as { stdout: string; code: number });
    expect(other.stdout.trim()).toBe('no');
  }, 120_000);
});
