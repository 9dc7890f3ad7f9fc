import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';
import { BURST_LIMITS, startPortalBackend } from '../support/portalBackend';
import {
  ensureBuiltBackend,
  repoCatalogLocations,
} from '../support/builtBackend';
import { signIn, waitForMembership } from '../support/personas';
import { median, Row, table, throughput } from './stats';

/**
 * Grant latency and throughput through the broker (HTTP, auth, permission policy,
 * database, cluster calls) next to the raw Kubernetes calls a grant makes
 * (list namespaces, create a ServiceAccount, two RoleBindings), same concurrency.
 */
export async function benchAccess(options: {
  durationMs: number;
  runs: number;
  concurrency: number;
}): Promise<Row[]> {
  const sandbox = await Sandbox.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-bench-'));
  sandbox.writeOut(dir);
  const backend = await startPortalBackend({
    port: 7141,
    // The production build (AIML_BENCH_SKIP_BUILD=1 reuses the last one).
    builtDir: ensureBuiltBackend({
      build: process.env.AIML_BENCH_SKIP_BUILD !== '1',
    }),
    env: {
      APP_CONFIG_catalog_locations: repoCatalogLocations(),
      APP_CONFIG_aiml_sandbox_enabled: 'false',
      APP_CONFIG_aiml_sandbox_attach: dir,
      // The broker's throughput for one person firing distinct requests: the caps aside.
      ...BURST_LIMITS,
    },
  });
  try {
    // Tokens carry the memberships the catalog knew at sign-in: wait for them first.
    // lee (ml-research): the guest, maya, signs in in development mode only.
    await waitForMembership(backend, 'lee', 'ml-research');
    const token = await signIn(backend, 'lee');
    // Identical requests are deduplicated into one grant: make each one distinct.
    let requestNumber = 0;
    const grant = () =>
      fetch(`${backend.baseUrl}/api/aiml/access/grants`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          cluster: 'ml-sandbox-use1',
          team: 'ml-research',
          level: 'view',
          ttl: 'PT1H',
          reason: `bench ${++requestNumber}`,
        }),
      }).then(r => {
        if (r.status !== 201) throw new Error(`grant answered ${r.status}`);
        return r.text();
      });
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext('ml-sandbox-use1');
    const core = kc.makeApiClient(CoreV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const raw = async () => {
      const name = `bench-${randomBytes(6).toString('hex')}`;
      await core.listNamespace({
        labelSelector: 'team=ml-research,app.kubernetes.io/managed-by=eks-aiml',
      });
      await core.createNamespacedServiceAccount({
        namespace: 'ml-research-inference',
        body: { metadata: { name } },
      });
      for (const namespace of [
        'ml-research-inference',
        'ml-research-training',
      ]) {
        await rbac.createNamespacedRoleBinding({
          namespace,
          body: {
            metadata: { name },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: 'view',
            },
            subjects: [
              {
                kind: 'ServiceAccount',
                name,
                namespace: 'ml-research-inference',
              },
            ],
          },
        });
      }
    };

    const run = {
      concurrency: options.concurrency,
      durationMs: options.durationMs,
    };
    const brokerRuns: Array<Awaited<ReturnType<typeof throughput>>> = [];
    const rawRuns: typeof brokerRuns = [];
    for (let i = 0; i < options.runs; i++) {
      brokerRuns.push(await throughput(grant, run));
      rawRuns.push(await throughput(raw, run));
    }
    const summary = (runs: typeof brokerRuns) => ({
      rps: median(runs.map(r => r.rps)),
      p50: median(runs.map(r => r.p50)),
      p99: median(runs.map(r => r.p99)),
      errors: runs.reduce((n, r) => n + r.errors, 0),
    });
    const b = summary(brokerRuns);
    const r = summary(rawRuns);
    return [
      {
        measure: `grant via broker, ${options.concurrency} concurrent: grants/s`,
        value: b.rps,
        ratio: `${(b.rps / r.rps).toFixed(3)} × raw`,
      },
      {
        measure: 'grant via broker: p50 ms',
        value: b.p50,
        ratio: `${(b.p50 / r.p50).toFixed(2)} × raw`,
      },
      {
        measure: 'grant via broker: p99 ms',
        value: b.p99,
        ratio: `${(b.p99 / r.p99).toFixed(2)} × raw`,
      },
      { measure: 'grant via broker: errors', value: b.errors, ratio: '' },
      {
        measure: `raw Kubernetes calls of a grant, ${options.concurrency} concurrent: sets/s`,
        value: r.rps,
        ratio: '1',
      },
      { measure: 'raw Kubernetes calls: p50 ms', value: r.p50, ratio: '' },
      { measure: 'raw Kubernetes calls: p99 ms', value: r.p99, ratio: '' },
    ];
  } finally {
    await backend.stop();
    await sandbox.stop();
  }
}

if (require.main === module) {
  benchAccess({ durationMs: 5000, runs: 3, concurrency: 50 }).then(rows =>
    table(rows),
  );
}
