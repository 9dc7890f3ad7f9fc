import type { AimlClusterCapacity } from '../api';
import { formatUnits, unitOf } from './format';

/** Units of capacity, `Infinity` standing for a pool nothing bounds. */
export function unitsOf(c: AimlClusterCapacity): number {
  return c.units ?? Infinity;
}

/** A capacity figure, e.g. `16 GPUs`, or `unbounded GPUs` for a pool without limits. */
export function formatCapacity(units: number, resource?: string | null) {
  return Number.isFinite(units)
    ? formatUnits(units, resource)
    : `unbounded ${unitOf(resource)}s`;
}

/**
 * Where one capacity figure comes from, e.g. `node group gpu-l4-spot, maximum size 4`
 * or `NodePool gpu, cpu limit 1000 (20 instances)`.
 */
export function capacityBasisText(c: AimlClusterCapacity): string {
  const instances = `${c.instances} instance${c.instances === 1 ? '' : 's'}`;
  switch (c.basis) {
    case 'nodegroup-max':
      return `node group ${c.pool}, maximum size ${c.instances}`;
    case 'nodegroup-desired':
      return `node group ${c.pool}, desired size ${c.instances}`;
    case 'nodepool-replicas':
      return `NodePool ${c.pool}, ${c.instances} replicas`;
    case 'nodepool-unlimited':
      return `NodePool ${c.pool}, no limits`;
    default:
      return `NodePool ${c.pool}, ${c.limit?.resource ?? 'resource'} limit ${
        c.limit?.value ?? '?'
      } (${instances})`;
  }
}

/** The node selector a pod needs to land on the capacity, as `key=value` pairs. */
export function nodeSelectorText(c: AimlClusterCapacity): string {
  return Object.entries(c.nodeSelector)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
