import type { ClusterKueueMetrics } from '@eks-aiml/plugin-aiml-common';
import {
  AcceleratorMetricsSource,
  AimlClusterConfig,
  AimlClusterRegistry,
  AimlMetricsSourceFactory,
  AimlMetricsSourceFactoryResult,
  ClusterMetricsConfig,
  kueueSettingsOf,
  MetricsWindow,
  RangeReader,
} from '@eks-aiml/plugin-aiml-node';
import {
  PrometheusClient,
  PrometheusMetricsSource,
  PrometheusRangeReader,
  prometheusAuth,
  rangeReaderMetricsSource,
  readNodeLabels,
  SeriesAssembler,
} from './metrics';
import { loadKueueSeries } from './metrics/kueueSeries';

/** Kueue's metrics of a cluster with `scheduling: kueue`, with a reader's warnings. */
export interface KueueSource {
  load(
    window: MetricsWindow,
  ): Promise<{ metrics: ClusterKueueMetrics; warnings: string[] }>;
}

/** How a cluster's usage is read, or why it cannot be. */
export type ClusterSource =
  | {
      cluster: string;
      type: ClusterMetricsConfig['type'];
      source: AcceleratorMetricsSource;
      /** Kueue's metrics, on a cluster with `scheduling: kueue` whose source can read them. */
      kueue?: KueueSource;
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
): { source: AcceleratorMetricsSource; readerFor(): RangeReader } {
  const metrics = cluster.metrics!;
  const client = new PrometheusClient({
    url: metrics.url!,
    auth: prometheusAuth(metrics.auth, () =>
      registry.aws().credentialsFor(cluster),
    ),
  });
  const { clusterLabel, timeoutMs } = metrics;
  return {
    source: new PrometheusMetricsSource({
      client,
      timeoutMs,
      clusterLabel,
      nodeLabels: name => readNodeLabels(registry, name),
      assemble,
    }),
    // A reader per load: its queries share the load's deadline and warnings.
    readerFor: () =>
      new PrometheusRangeReader(client, {
        signal: AbortSignal.timeout(timeoutMs),
        matchers: clusterLabel
          ? c => [{ label: clusterLabel, op: '=', value: c }]
          : undefined,
      }),
  };
}

/** Kueue's metrics of a Kueue cluster through a reader (one per load). */
function kueueSource(
  cluster: AimlClusterConfig,
  readerFor: () => RangeReader,
): KueueSource | undefined {
  const settings = kueueSettingsOf(cluster);
  if (!settings) return undefined;
  const flavors = settings.instanceTypes.flatMap(instanceType =>
    settings.capacityTypes.map(capacityType => ({
      instanceType,
      capacityType,
    })),
  );
  return {
    async load(window) {
      const reader = readerFor();
      const series = await loadKueueSeries(reader, cluster.name, window);
      const warnings =
        reader instanceof PrometheusRangeReader ? [...reader.warnings] : [];
      return {
        metrics: { cluster: cluster.name, flavors, ...series },
        warnings,
      };
    },
  };
}

/**
 * A factory's source as the usage service runs it: a source with `load` as it is; a
 * range reader (`{ reader }`) with the joins of every source (loadAcceleratorSeries).
 */
function toMetricsSource(
  cluster: AimlClusterConfig,
  made: AimlMetricsSourceFactoryResult,
  assemble?: SeriesAssembler,
): { source: AcceleratorMetricsSource; kueue?: KueueSource } {
  if ('load' in made) return { source: made };
  return {
    source: rangeReaderMetricsSource(made.reader, { assemble }),
    kueue: kueueSource(cluster, () => made.reader),
  };
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
    if (type === 'prometheus') {
      const { source, readerFor } = prometheusSource(c, registry, assemble);
      return {
        cluster: c.name,
        type,
        source,
        kueue: kueueSource(c, readerFor),
      };
    }
    const factory = added.get(type);
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
      ...toMetricsSource(c, factory({ cluster: c, configKey: key }), assemble),
    };
  });
}
