import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';
import { makeKubernetesApi } from '@eks-aiml/plugin-aiml-node';
import { median, Row, table, throughput } from './stats';

/**
 * The sandbox: start-up time, and requests per second through the real EKS and
 * Kubernetes clients, against a bare loopback HTTP server as the baseline. The
 * Kubernetes client's default transport opens a TLS connection per call; the
 * product's (makeKubernetesApi) keeps them alive: the two rows side by side are the
 * before and after of that change.
 */
export async function benchSandbox(options: {
  durationMs: number;
  runs: number;
}): Promise<Row[]> {
  const starts: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const t0 = performance.now();
    const s = await Sandbox.start();
    starts.push(performance.now() - t0);
    await s.stop();
  }

  const sandbox = await Sandbox.start();
  const conn = sandbox.connection();
  const eks = new EKSClient({
    region: conn.region,
    endpoint: conn.awsEndpoint,
    credentials: conn.credentials,
  });
  const cluster = conn.clusters[0];
  const kc = new KubeConfig();
  kc.loadFromString(sandbox.kubeconfig());
  kc.setCurrentContext(cluster.name);
  const core = kc.makeApiClient(CoreV1Api);
  // The product's client: the same calls over kept-alive connections (one agent per TLS identity).
  const productCore = makeKubernetesApi(kc, CoreV1Api);

  const baseline = http.createServer((_req, res) => res.end('{}'));
  await new Promise<void>(resolve => baseline.listen(0, '127.0.0.1', resolve));
  const baselineUrl = `http://127.0.0.1:${
    (baseline.address() as AddressInfo).port
  }/`;

  const run = { concurrency: 8, durationMs: options.durationMs };
  const results = {
    'loopback HTTP (baseline, fetch)': await throughput(
      () => fetch(baselineUrl).then(r => r.text()),
      run,
    ),
    'EKS ListClusters (SigV4)': await throughput(
      () => eks.send(new ListClustersCommand({})),
      run,
    ),
    'EKS DescribeCluster (SigV4)': await throughput(
      () => eks.send(new DescribeClusterCommand({ name: cluster.name })),
      run,
    ),
    'Kubernetes list pods, all namespaces (TLS)': await throughput(
      () => core.listPodForAllNamespaces(),
      run,
    ),
    'Kubernetes get namespace (TLS)': await throughput(
      () => core.readNamespace({ name: 'ml-research-training' }),
      run,
    ),
    "Kubernetes get namespace (TLS), the product's client (keep-alive)":
      await throughput(
        () => productCore.readNamespace({ name: 'ml-research-training' }),
        run,
      ),
  };
  eks.destroy();
  baseline.close();
  await sandbox.stop();

  const baselineRps = results['loopback HTTP (baseline, fetch)'].rps;
  return [
    {
      measure: `sandbox start-up (median of ${options.runs}), ms`,
      value: median(starts),
      ratio: '',
    },
    ...Object.entries(results).map(([name, r]) => ({
      measure: `${name}: requests/s (p50 ${r.p50.toFixed(
        1,
      )} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors)`,
      value: r.rps,
      ratio: `${(r.rps / baselineRps).toFixed(3)} × baseline`,
    })),
  ];
}

if (require.main === module) {
  benchSandbox({ durationMs: 3000, runs: 5 }).then(rows => table(rows));
}
