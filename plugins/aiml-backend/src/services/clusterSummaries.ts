import {
  AimlClusterConfig,
  AimlClusterRegistry,
  AcceleratorCapacity,
} from '@eks-aiml/plugin-aiml-node';

/** What the API tells of a cluster: never credentials. */
export interface ClusterSummary {
  name: string;
  region: string;
  accountId?: string;
  kubernetesVersion?: string;
  status?: string;
  access: { strategy: 'token' | 'access-entry'; maxTtlSeconds: number };
  capacity: AcceleratorCapacity[];
  /** Set when EKS or the cluster could not be reached; the other fields are then partial. */
  error?: string;
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
    },
    capacity: [],
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
  } catch (error: any) {
    return {
      ...base,
      error: `${error?.name ?? 'Error'}: ${error?.message ?? error}`,
    };
  }
}
