import type { RangeSeries } from '@eks-aiml/plugin-aiml-node';

/** Joins the parts of a map key: Kubernetes names cannot hold it, so keys cannot collide. */
export const SEP = '\u0000';

/**
 * The `namespace` and `pod` of dcgm-exporter's labels as one key, preferring
 * `exported_namespace`/`exported_pod` (what a scrape that keeps its own labels renames
 * them to).
 *
 * @public
 */
export function dcgmPodKey(labels: Record<string, string>): string | undefined {
  const namespace = labels.exported_namespace || labels.namespace;
  const pod = labels.exported_pod || labels.pod;
  return namespace && pod ? namespace + SEP + pod : undefined;
}

/**
 * dcgm-exporter's host label: `Hostname` in older releases, `hostname` in newer.
 *
 * @public
 */
export function dcgmHost(labels: Record<string, string>): string | undefined {
  return labels.Hostname || labels.hostname || undefined;
}

/** kube-state-metrics' `namespace` and `pod` as one key, as {@link dcgmPodKey}. */
export const podKey = (labels: Record<string, string>) =>
  labels.namespace && labels.pod
    ? labels.namespace + SEP + labels.pod
    : undefined;

/** The most frequent non-empty value of a label across series (ties: the latest series). */
export function labelOf(series: RangeSeries[] | undefined, label: string) {
  let best: string | undefined;
  let bestCount = -1;
  for (const s of series ?? []) {
    const v = s.labels[label];
    if (!v) continue;
    let count = 0;
    for (const x of s.values) if (!Number.isNaN(x)) count++;
    if (count >= bestCount) {
      best = v;
      bestCount = count;
    }
  }
  return best;
}
