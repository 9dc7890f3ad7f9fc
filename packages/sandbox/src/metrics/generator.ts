import { CatalogFixture, readCatalogFixture } from '../world/catalogFixture';
import { ClusterSpec, SANDBOX_CLUSTERS } from '../world/clusters';
import { clusterSeries } from './exporters';
import { plantedKueueSeries } from './kueueSeries';
import {
  GeneratedSeries,
  matchesAll,
  sampleAt,
  sampleRange,
  SeriesMatcher,
} from './series';
import { clusterTopology, ClusterTopology } from './topology';

/** The seed of the sandbox's metrics unless one is given. */
export const DEFAULT_METRICS_SEED = 'eks-aiml-sandbox';

/** A window sampled at a fixed step: `[startMs, endMs)`. */
export interface MetricsRange {
  startMs: number;
  endMs: number;
  stepSeconds: number;
}

/** Options of {@link SandboxMetrics}. */
export interface SandboxMetricsOptions {
  /** Every sample is a pure function of this seed, the series and the time. */
  seed?: string;
  /** The clusters (default: the sandbox's world). */
  clusters?: ClusterSpec[];
  /** The example organization (default: read from /catalog). */
  fixture?: CatalogFixture;
  /**
   * dcgm-exporter's host label per cluster: `Hostname` in older releases, `hostname`
   * in newer ones. Default: `hostname` on ml-sandbox-usw2, `Hostname` elsewhere.
   */
  hostLabels?: Record<string, 'Hostname' | 'hostname'>;
}

/**
 * The sandbox's synthetic metrics: DCGM, Neuron monitor and kube-state-metrics series
 * for the nodes and pods of the sandbox's clusters. Stateless: a sample is a pure function
 * of (seed, series, time), so any window up to 180 days is cheap to read, and every
 * process with the same seed (an attached backend, a test) reads the same numbers.
 * Native samples are one minute apart.
 */
export class SandboxMetrics {
  readonly seed: string;
  private readonly specs: ClusterSpec[];
  private readonly hostLabels: Record<string, 'Hostname' | 'hostname'>;
  private fixture?: CatalogFixture;
  private readonly cache = new Map<
    string,
    { topology: ClusterTopology; series: GeneratedSeries[] }
  >();

  constructor(options: SandboxMetricsOptions = {}) {
    this.seed = options.seed ?? DEFAULT_METRICS_SEED;
    this.specs = options.clusters ?? SANDBOX_CLUSTERS;
    this.fixture = options.fixture;
    this.hostLabels = options.hostLabels ?? { 'ml-sandbox-usw2': 'hostname' };
  }

  /** The clusters the generator covers. */
  clusterNames(): string[] {
    return this.specs.map(s => s.name);
  }

  /** The nodes, pods and namespaces behind a cluster's series. */
  topology(cluster: string): ClusterTopology {
    return this.load(cluster).topology;
  }

  /** Every series of a cluster. */
  series(cluster: string): ReadonlyArray<GeneratedSeries> {
    return this.load(cluster).series;
  }

  /** The series of one metric matching the label matchers (PromQL semantics). */
  select(
    cluster: string,
    metric: string,
    matchers: ReadonlyArray<SeriesMatcher> = [],
  ): GeneratedSeries[] {
    return this.load(cluster).series.filter(
      s => s.name === metric && matchesAll(s.labels, matchers),
    );
  }

  /** What a scrape at `tMs` reads. */
  sampleAt(series: GeneratedSeries, tMs: number): number | undefined {
    return sampleAt(series, tMs);
  }

  /**
   * One value per step, each the mean of the native samples inside the step
   * (`avg_over_time`), NaN where there is none; nothing at or after `untilMs`.
   */
  sampleRange(
    series: GeneratedSeries,
    range: MetricsRange,
    untilMs?: number,
  ): Float64Array {
    return sampleRange(
      series,
      {
        startMs: range.startMs,
        stepSeconds: range.stepSeconds,
        steps: stepsOf(range),
      },
      untilMs,
    );
  }

  private load(cluster: string) {
    let entry = this.cache.get(cluster);
    if (!entry) {
      const spec = this.specs.find(s => s.name === cluster);
      if (!spec) {
        throw new Error(
          `the sandbox has no cluster "${cluster}"; it has ${this.clusterNames().join(
            ', ',
          )}`,
        );
      }
      this.fixture ??= readCatalogFixture();
      const topology = clusterTopology(spec, this.fixture);
      entry = {
        topology,
        series: [
          ...clusterSeries(topology, {
            seed: this.seed,
            hostLabel: this.hostLabels[cluster] ?? 'Hostname',
          }),
          ...plantedKueueSeries(cluster),
        ],
      };
      this.cache.set(cluster, entry);
    }
    return entry;
  }
}

/** Steps of a range; the range must hold a whole number of steps. */
export function stepsOf(range: MetricsRange): number {
  const stepMs = range.stepSeconds * 1000;
  const steps = (range.endMs - range.startMs) / stepMs;
  if (!(stepMs > 0) || !Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `[${range.startMs}, ${range.endMs}) is not a whole number of ${range.stepSeconds}-second steps`,
    );
  }
  return steps;
}
