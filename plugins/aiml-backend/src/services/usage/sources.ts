import {
  AcceleratorMetricsSource,
  AimlClusterConfig,
  AimlClusterRegistry,
  AimlSandboxService,
  PrometheusClient,
  PrometheusMetricsSource,
  prometheusAuth,
  readNodeLabels,
  SandboxMetricsSource,
} from '@eks-aiml/plugin-aiml-node';

/** How a cluster's usage is read, or why it cannot be. */
export type ClusterSource =
  | {
      cluster: string;
      type: 'sandbox' | 'prometheus';
      source: AcceleratorMetricsSource;
    }
  | {
      cluster: string;
      type: 'sandbox' | 'prometheus' | 'none';
      problem: string;
    };

/**
 * The Prometheus (or Amazon Managed Prometheus) source of a cluster: its URL and
 * authentication, SigV4 with the cluster's AWS credentials (the default chain, or its
 * `assumeRole`), node labels from its Kubernetes API where kube-state-metrics has none.
 */
function prometheusSource(
  cluster: AimlClusterConfig,
  registry: AimlClusterRegistry,
): AcceleratorMetricsSource {
  const metrics = cluster.metrics!;
  return new PrometheusMetricsSource({
    client: new PrometheusClient({
      url: metrics.url!,
      auth: prometheusAuth(metrics.auth, () =>
        registry.aws().credentialsFor(cluster),
      ),
    }),
    timeoutMs: metrics.timeoutMs,
    clusterLabel: metrics.clusterLabel,
    nodeLabels: name => readNodeLabels(registry, name),
  });
}

/**
 * The metrics source of each configured cluster, from `aiml.clusters[].metrics`:
 * `prometheus` queries the cluster's Prometheus; `sandbox` reads the sandbox's generator
 * in-process (sandbox mode only). A cluster without a source is reported, not fatal.
 */
export function metricsSources(
  registry: AimlClusterRegistry,
  sandbox: AimlSandboxService,
): ClusterSource[] {
  let shared: SandboxMetricsSource | undefined;
  return registry.listClusters().map((c, i): ClusterSource => {
    const key = `aiml.clusters[${i}].metrics`;
    if (!c.metrics) {
      return {
        cluster: c.name,
        type: 'none',
        problem: `no metrics source is configured (${key})`,
      };
    }
    if (c.metrics.type === 'prometheus') {
      return {
        cluster: c.name,
        type: 'prometheus',
        source: prometheusSource(c, registry),
      };
    }
    if (!sandbox.connection) {
      return {
        cluster: c.name,
        type: 'sandbox',
        problem: `${key}.type is sandbox, but the backend does not run on the sandbox (aiml.sandbox)`,
      };
    }
    shared ??= new SandboxMetricsSource({ clock: sandbox.clock });
    return { cluster: c.name, type: 'sandbox', source: shared };
  });
}
