import type { AimlCluster } from '../../../api';
import { formatUnits } from '../../../lib/format';

/** Accelerator units of a cluster, of one resource or of all. */
export function totalUnits(cluster: AimlCluster, resource?: string): number {
  return cluster.capacity
    .filter(c => !resource || c.resource === resource)
    .reduce((sum, c) => sum + c.units, 0);
}

/** A short summary of a cluster's accelerator capacity, e.g. `16 GPUs g5.12xlarge spot`. */
export function capacitySummary(cluster: AimlCluster): string {
  if (!cluster.capacity.length) return 'no accelerator capacity';
  return cluster.capacity
    .map(
      c =>
        `${formatUnits(c.units, c.resource)} ${c.instanceType} ${
          c.capacityType
        }`,
    )
    .join(', ');
}
