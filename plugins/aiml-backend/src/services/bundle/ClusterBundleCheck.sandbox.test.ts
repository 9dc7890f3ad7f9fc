import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { clusterBootstrapBundle } from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';
import { Sandbox } from '@eks-aiml/sandbox';
import { ClusterBundleCheck } from './ClusterBundleCheck';

const repoRoot = path.resolve(__dirname, '../../../../..');

/** kubectl 1.33 as scripts/fetch-kubectl.sh installs it (npm test runs it first), asynchronously: the sandbox runs in this process. */
function kubectl(kubeconfig: string) {
  const binary = path.join(repoRoot, 'node_modules/.cache/kubectl-v33/kubectl');
  if (!fs.existsSync(binary)) {
    throw new Error(
      `no kubectl at ${binary}: run bash scripts/fetch-kubectl.sh`,
    );
  }
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-')),
    'kubeconfig',
  );
  fs.writeFileSync(file, kubeconfig, { mode: 0o600 });
  return (...args: string[]) =>
    new Promise<{ code: number; out: string }>(resolve =>
      execFile(
        binary,
        ['--kubeconfig', file, ...args],
        { timeout: 30_000 },
        (error: any, stdout, stderr) =>
          resolve({
            code: error ? error.code ?? 1 : 0,
            out: `${stdout}${stderr}`,
          }),
      ),
    );
}

jest.setTimeout(120_000);

const CLUSTER = 'ml-sandbox-use1';

/**
 * The bundle as a platform team installs it: `kubectl apply -k deploy/cluster-bootstrap`
 * (kubectl 1.33) against a bare sandbox cluster, then checked by the backend's own
 * read-only check, which must find it whole, and a tampered copy not.
 */
describe('deploy/cluster-bootstrap', () => {
  let sandbox: Sandbox;
  let check: ClusterBundleCheck;
  let run: ReturnType<typeof kubectl>;

  beforeAll(async () => {
    sandbox = await Sandbox.start({ bootstrap: false });
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(CLUSTER);
    run = kubectl(kc.exportConfig());
    const registry = {
      listClusters: () => [{ name: CLUSTER }],
      getBackendKubeConfig: async () => kc,
    } as unknown as AimlClusterRegistry;
    check = new ClusterBundleCheck({
      registry,
      logger: { warn: () => {} } as any,
      nowMs: () => Date.now(),
    });
  });

  afterAll(() => sandbox?.stop());

  it('is missing on a bare cluster, whole after kubectl apply -k, and named when tampered with', async () => {
    const bare = await check.check(CLUSTER);
    expect(bare.ok).toBe(false);
    expect(bare.differences).toHaveLength(clusterBootstrapBundle().length);
    expect(bare.differences).toContain('Namespace aiml-access is missing');

    const applied = await run(
      'apply',
      '-k',
      path.join(repoRoot, 'deploy/cluster-bootstrap'),
    );
    expect(applied.out).toContain(
      'clusterrole.rbac.authorization.k8s.io/aiml-edit created',
    );
    expect(applied.code).toBe(0);
    expect(await check.check(CLUSTER)).toMatchObject({
      ok: true,
      differences: [],
    });

    const patched = await run(
      'patch',
      'validatingadmissionpolicy',
      'aiml-workload-service-accounts',
      '--type=merge',
      '-p',
      JSON.stringify({
        spec: {
          matchConditions: [
            {
              name: 'not-me',
              expression: "request.userInfo.username != 'mallory'",
            },
          ],
        },
      }),
    );
    expect(patched.code).toBe(0);
    expect((await check.check(CLUSTER)).differences).toEqual([
      'ValidatingAdmissionPolicy aiml-workload-service-accounts: spec differs from the bundle',
    ]);
    const core = makeKubernetesApi(
      (await (check as any).deps.registry.getBackendKubeConfig(
        CLUSTER,
      )) as KubeConfig,
      CoreV1Api,
    );
    expect(
      (await core.readNamespace({ name: 'aiml-access' })).metadata?.name,
    ).toBe('aiml-access');
  });
});
