import type { AimlCluster, AimlClusterCapacity } from '../../../api';
import {
  capacityBasisText,
  formatCapacity,
  unitsOf,
} from '../../../lib/capacity';

/**
 * The entries of each pool (of one resource or of all). A pool's entries are
 * alternatives sharing its bound (a node group's size, a NodePool's limits).
 */
function byPool(
  cluster: AimlCluster,
  resource?: string,
): Map<string, AimlClusterCapacity[]> {
  const pools = new Map<string, AimlClusterCapacity[]>();
  for (const c of cluster.capacity) {
    if (resource && c.resource !== resource) continue;
    const key = `${c.source}/${c.pool}/${c.resource}`;
    pools.set(key, [...(pools.get(key) ?? []), c]);
  }
  return pools;
}

/**
 * Accelerator units a cluster allows, of one resource or of all: each pool counted
 * once, at the most its bound allows; `Infinity` when a pool has no bound.
 */
export function totalUnits(cluster: AimlCluster, resource?: string): number {
  let total = 0;
  for (const entries of byPool(cluster, resource).values()) {
    total += Math.max(...entries.map(unitsOf));
  }
  return total;
}

/**
 * A short summary of a cluster's accelerator capacity, one part per pool, e.g.
 * `16 GPUs g5.12xlarge spot (node group gpu-a10g-spot, maximum size 4)`.
 */
export function capacitySummary(cluster: AimlCluster): string {
  if (!cluster.capacity.length) return 'no accelerator capacity';
  return [...byPool(cluster).values()]
    .map(entries => {
      const most = entries.reduce((a, b) => (unitsOf(b) > unitsOf(a) ? b : a));
      const types = [...new Set(entries.map(c => c.instanceType))];
      const kinds = [...new Set(entries.map(c => c.capacityType))];
      const what =
        types.length === 1 ? types[0] : `${types.length} instance types`;
      return `${types.length === 1 ? '' : 'up to '}${formatCapacity(
        unitsOf(most),
        most.resource,
      )} ${what} ${kinds.join('/')} (${capacityBasisText(most)})`;
    })
    .join(', ');
}
