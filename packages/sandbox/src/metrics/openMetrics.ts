import { METRIC_HELP } from './exporters';
import { KUEUE_METRIC_HELP } from './kueueSeries';
import { MetricsRange, SandboxMetrics, stepsOf } from './generator';
import { GeneratedSeries, sampleAt } from './series';

/** Options of {@link toOpenMetrics}. */
export interface OpenMetricsOptions {
  /** The generator (default: a new one with the default seed). */
  metrics?: SandboxMetrics;
  /** Clusters to export (default: all). */
  clusters?: string[];
  /**
   * A label naming the cluster on every series, so one Prometheus can hold several
   * clusters (default `cluster`; `null` leaves it out, as a per-cluster Prometheus has it).
   */
  clusterLabel?: string | null;
  /**
   * Rewrites a series' labels before export, as a scrape's relabelling would (e.g.
   * dcgm-exporter's `pod` renamed to `exported_pod`, node labels dropped by a
   * kube-state-metrics without an allow-list); `undefined` leaves the series out.
   */
  relabel?: (
    name: string,
    labels: Readonly<Record<string, string>>,
  ) => Record<string, string> | undefined;
}

const escapeValue = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels)
    .sort()
    .filter(k => labels[k] !== '')
    .map(k => `${k}="${escapeValue(labels[k])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * The generator's series over `[startMs, endMs)` as OpenMetrics text, one sample per step per
 * series (what a scrape every `stepSeconds` would have stored), timestamps in seconds,
 * metric families grouped, ending with `# EOF`: the input of
 * `promtool tsdb create-blocks-from openmetrics`. Yields the text in chunks (one per
 * series) so large windows can be streamed to a file.
 */
export function* openMetricsChunks(
  window: { startMs: number; endMs: number },
  stepSeconds: number,
  options: OpenMetricsOptions = {},
): Generator<string> {
  const range: MetricsRange = { ...window, stepSeconds };
  const metrics = options.metrics ?? new SandboxMetrics();
  const clusters = options.clusters ?? metrics.clusterNames();
  const clusterLabel =
    options.clusterLabel === undefined ? 'cluster' : options.clusterLabel;
  const steps = stepsOf(range);
  const stepMs = range.stepSeconds * 1000;
  const relabel = options.relabel ?? ((_name, labels) => labels);
  const families = new Map<
    string,
    Array<{
      cluster: string;
      series: GeneratedSeries;
      labels: Record<string, string>;
    }>
  >();
  for (const cluster of clusters) {
    for (const series of metrics.series(cluster)) {
      const labels = relabel(series.name, series.labels);
      if (!labels) continue;
      const list = families.get(series.name) ?? [];
      list.push({ cluster, series, labels });
      families.set(series.name, list);
    }
  }
  for (const [name, members] of families) {
    // A family without a sample in the window (Kueue's outside its week) is left out.
    let header: string | undefined = `# TYPE ${name} gauge\n# HELP ${name} ${
      METRIC_HELP[name] ?? KUEUE_METRIC_HELP[name] ?? name
    }\n`;
    for (const { cluster, series, labels: exported } of members) {
      const labels = labelText(
        clusterLabel ? { ...exported, [clusterLabel]: cluster } : exported,
      );
      const lines: string[] = [];
      for (let i = 0; i < steps; i++) {
        const t = range.startMs + i * stepMs;
        const v = sampleAt(series, t);
        if (v === undefined) continue;
        lines.push(`${name}${labels} ${v} ${t / 1000}\n`);
      }
      if (!lines.length) continue;
      if (header) yield header;
      header = undefined;
      yield lines.join('');
    }
  }
  yield '# EOF\n';
}

/**
 * The generator's series over a range as one OpenMetrics text (see
 * {@link openMetricsChunks}, which streams large windows).
 */
export function toOpenMetrics(
  window: { startMs: number; endMs: number },
  stepSeconds: number,
  options: OpenMetricsOptions = {},
): string {
  return [...openMetricsChunks(window, stepSeconds, options)].join('');
}
