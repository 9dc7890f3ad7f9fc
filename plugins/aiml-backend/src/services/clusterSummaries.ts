import { AimlCluster } from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterConfig,
  AimlClusterRegistry,
  kueueSettingsOf,
} from '@eks-aiml/plugin-aiml-node';
import { describeError } from './access/describeError';

/** What the API tells of a cluster (never credentials): the contract's model. */
export type ClusterSummary = AimlCluster;

/** How the cluster shares accelerators, as the form's estimate needs it. */
function schedulingOf(
  cluster: AimlClusterConfig,
): ClusterSummary['scheduling'] {
  const kueue = kueueSettingsOf(cluster);
  return kueue
    ? {
        mode: 'kueue',
        cohort: kueue.cohort,
        borrowingLimitPercent: kueue.borrowingLimitPercent,
      }
    : { mode: 'quota' };
}

/** Summarizes one configured cluster; a cluster that does not answer is reported, not fatal. */
export async function summarizeCluster(
  registry: AimlClusterRegistry,
  cluster: AimlClusterConfig,
): Promise<ClusterSummary> {
  const base: ClusterSummary = {
    name: cluster.name,
    region: cluster.region,
    accountId: cluster.accountId,
    access: {
      strategy: cluster.access.strategy,
      maxTtlSeconds: cluster.access.maxTtlMs / 1000,
      selfServiceMaxTtlSeconds: cluster.access.selfServiceMaxTtlMs / 1000,
    },
    capacity: [],
    scheduling: schedulingOf(cluster),
  };
  try {
    const [described, capacity] = await Promise.all([
      registry.describeCluster(cluster.name),
      registry.getCapacity(cluster.name),
    ]);
    return {
      ...base,
      kubernetesVersion: described.version,
      status: described.status,
      capacity,
    };
  } catch (error) {
    return {
      ...base,
      error: describeError(error),
    };
  }
}

/** How long a cluster's summary (EKS description and capacity) is reused. */
export const CLUSTER_SUMMARY_TTL_MS = 60_000;

/**
 * Cluster summaries for `GET /clusters`, each reused for {@link CLUSTER_SUMMARY_TTL_MS}:
 * capacity reads every node group and NodePool of the cluster, too much to redo on every
 * page view. Concurrent requests share one read (single flight). A summary whose
 * cluster did not answer is not kept, so the next request asks again.
 */
export class ClusterSummaries {
  private readonly entries = new Map<
    string,
    { at: number; promise: Promise<ClusterSummary> }
  >();

  constructor(
    private readonly registry: AimlClusterRegistry,
    private readonly options: {
      ttlMs?: number;
      now?: () => number;
      summarize?: typeof summarizeCluster;
    } = {},
  ) {}

  /** The summary of one configured cluster. */
  get(cluster: AimlClusterConfig): Promise<ClusterSummary> {
    const now = this.options.now ? this.options.now() : Date.now();
    const ttl = this.options.ttlMs ?? CLUSTER_SUMMARY_TTL_MS;
    const hit = this.entries.get(cluster.name);
    if (hit && now - hit.at < ttl) return hit.promise;
    const summarize = this.options.summarize ?? summarizeCluster;
    const promise = summarize(this.registry, cluster);
    const entry = { at: now, promise };
    this.entries.set(cluster.name, entry);
    const forget = () => {
      if (this.entries.get(cluster.name) === entry) {
        this.entries.delete(cluster.name);
      }
    };
    promise.then(s => s.error !== undefined && forget(), forget);
    return promise;
  }

  /** Every configured cluster's summary, in configuration order. */
  list(): Promise<ClusterSummary[]> {
    return Promise.all(this.registry.listClusters().map(c => this.get(c)));
  }
}
