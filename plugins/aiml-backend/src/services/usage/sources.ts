import {
  AcceleratorMetricsSource,
  AimlClusterConfig,
  AimlClusterRegistry,
  AimlMetricsSourceFactory,
  AimlMetricsSourceFactoryResult,
  ClusterMetricsConfig,
} from '@eks-aiml/plugin-aiml-node';
import {
  PrometheusClient,
  PrometheusMetricsSource,
  prometheusAuth,
  rangeReaderMetricsSource,
  readNodeLabels,
  SeriesAssembler,
} from './metrics';

/** How a cluster's usage is read, or why it cannot be. */
export type ClusterSource =
  | {
      cluster: string;
      type: ClusterMetricsConfig['type'];
      source: AcceleratorMetricsSource;
    }
  | {
      cluster: string;
      type: ClusterMetricsConfig['type'] | 'none';
      problem: string;
    };

/** Why a type has no source: the module that would add it is not installed. */
const MISSING_SOURCE: Record<string, string> = {
  sandbox: 'the backend does not run on the sandbox (aiml.sandbox)',
};

/**
 * The Prometheus (or Amazon Managed Prometheus) source of a cluster: its URL and
 * authentication, SigV4 with the cluster's AWS credentials (the default chain, or its
 * `assumeRole`), node labels from its Kubernetes API where kube-state-metrics has none.
 */
function prometheusSource(
  cluster: AimlClusterConfig,
  registry: AimlClusterRegistry,
  assemble?: SeriesAssembler,
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
    assemble,
  });
}

/**
 * A factory's source as the usage service runs it: a source with `load` as it is; a
 * range reader (`{ reader }`) with the joins of every source (loadAcceleratorSeries).
 */
function toMetricsSource(
  made: AimlMetricsSourceFactoryResult,
  assemble?: SeriesAssembler,
): AcceleratorMetricsSource {
  return 'load' in made
    ? made
    : rangeReaderMetricsSource(made.reader, { assemble });
}

/**
 * The metrics source of each configured cluster, from `aiml.clusters[].metrics`:
 * `prometheus` queries the cluster's Prometheus; another type is read by the source a
 * module added for it (`aimlMetricsSourceExtensionPoint`; the sandbox module adds
 * `sandbox`, which reads the sandbox's generator in-process). A cluster without a
 * source is reported, not fatal.
 */
export function metricsSources(
  registry: AimlClusterRegistry,
  added: ReadonlyMap<string, AimlMetricsSourceFactory>,
  /** Where the joins run: the usage workers (default: this thread). */
  assemble?: SeriesAssembler,
): ClusterSource[] {
  const factories = new Map(added);
  factories.set('prometheus', ({ cluster }) =>
    prometheusSource(cluster, registry, assemble),
  );
  return registry.listClusters().map((c, i): ClusterSource => {
    const key = `aiml.clusters[${i}].metrics`;
    if (!c.metrics) {
      return {
        cluster: c.name,
        type: 'none',
        problem: `no metrics source is configured (${key})`,
      };
    }
    const { type } = c.metrics;
    const factory = factories.get(type);
    if (!factory) {
      return {
        cluster: c.name,
        type,
        problem: `${key}.type is ${type}, but ${
          MISSING_SOURCE[type] ?? 'no installed backend module adds that source'
        }`,
      };
    }
    return {
      cluster: c.name,
      type,
      source: toMetricsSource(
        factory({ cluster: c, configKey: key }),
        assemble,
      ),
    };
  });
}
