import {
  ACCELERATOR_INSTANCE_TYPES,
  AcceleratorInstanceType,
  acceleratorUnitsPerInstance,
  AimlCapacityBasis,
  parseQuantity,
} from '@eks-aiml/plugin-aiml-common';
import {
  AcceleratorCapacity,
  NodePoolLike,
  NodePoolRequirement,
} from './capacity';
import { allowsInstanceType, satisfies } from './karpenterLabels';

const CAPACITY_TYPE_KEY = 'karpenter.sh/capacity-type';
const CAPACITY_TYPES = ['on-demand', 'spot'] as const;

/**
 * The capacity types a NodePool may launch. Without a requirement on
 * `karpenter.sh/capacity-type` Karpenter launches on-demand only; `reserved`
 * (capacity reservations) is not offered as either.
 */
function capacityTypesOf(requirements: NodePoolRequirement[]) {
  const on = requirements.filter(r => r.key === CAPACITY_TYPE_KEY);
  if (on.length === 0) return ['on-demand' as const];
  return CAPACITY_TYPES.filter(c => on.every(r => satisfies(c, r)));
}

/** How much of a limited resource one instance of a type takes from a NodePool's limits. */
function perInstance(
  resource: string,
  t: AcceleratorInstanceType,
): number | undefined {
  const nvidia = t.accelerator.vendor === 'nvidia';
  switch (resource) {
    case 'cpu':
      return t.vcpus;
    case 'memory':
      return t.memoryGiB * 2 ** 30;
    case 'nodes':
      return 1;
    case 'nvidia.com/gpu':
      return nvidia ? t.devices : 0;
    case 'aws.amazon.com/neuron':
    case 'aws.amazon.com/neurondevice':
      return nvidia ? 0 : t.devices;
    case 'aws.amazon.com/neuroncore':
      return nvidia ? 0 : acceleratorUnitsPerInstance(t);
    default:
      // Other resources (ephemeral storage, EFA, …) never bind an accelerated type first.
      return undefined;
  }
}

function basisOf(resource: string): AimlCapacityBasis {
  if (resource === 'cpu') return 'nodepool-limit-cpu';
  if (resource === 'memory') return 'nodepool-limit-memory';
  if (resource === 'nodes') return 'nodepool-limit-nodes';
  return 'nodepool-limit-accelerator';
}

interface Bound {
  instances: number | null;
  basis: AimlCapacityBasis;
  limit?: { resource: string; value: string };
}

/**
 * The instances of a type a NodePool allows: a static pool's replicas, else the
 * tightest of its limits as whole instances (the floor of limit ÷ what one instance
 * takes), else no bound. Limits count instance memory, not the smaller allocatable
 * memory Karpenter counts, so a memory bound is never overstated.
 */
function boundOf(pool: NodePoolLike, t: AcceleratorInstanceType): Bound {
  const limits = pool.spec?.limits ?? {};
  let bound: Bound = { instances: null, basis: 'nodepool-unlimited' };
  if (pool.spec?.replicas !== undefined) {
    bound = { instances: pool.spec.replicas, basis: 'nodepool-replicas' };
  }
  for (const [resource, raw] of Object.entries(limits)) {
    const per = perInstance(resource, t);
    const limit = parseQuantity(raw);
    if (!per || limit === undefined) continue;
    const instances = Math.max(0, Math.floor(limit / per));
    if (bound.instances === null || instances < bound.instances) {
      bound = {
        instances,
        basis: basisOf(resource),
        limit: { resource, value: String(raw) },
      };
    }
  }
  return bound;
}

/**
 * Capacity of Karpenter NodePools: every catalog instance type the pool's
 * requirements allow (instance types, families, sizes, categories, generations, CPU,
 * memory, GPU or accelerator names and counts), in every capacity type it allows,
 * bounded by its limits converted to instances. Entries of one pool share the limit.
 *
 * @public
 */
export function nodePoolCapacity(
  nodePools: NodePoolLike[],
): AcceleratorCapacity[] {
  return nodePools.flatMap(pool => {
    const template = pool.spec?.template?.spec;
    const requirements = template?.requirements ?? [];
    const taints = (template?.taints ?? []).map(t => ({
      key: t.key,
      ...(t.value !== undefined ? { value: t.value } : {}),
      effect: t.effect as AcceleratorCapacity['taints'][number]['effect'],
    }));
    const capacityTypes = capacityTypesOf(requirements);
    return ACCELERATOR_INSTANCE_TYPES.filter(t =>
      allowsInstanceType(requirements, t),
    ).flatMap(t => {
      const { instances, basis, limit } = boundOf(pool, t);
      return capacityTypes.map(capacityType => ({
        pool: pool.metadata?.name ?? '',
        source: 'nodepool' as const,
        instanceType: t.instanceType,
        capacityType,
        acceleratorType: t.accelerator.type,
        resource: t.accelerator.resource,
        units:
          instances === null
            ? null
            : instances * acceleratorUnitsPerInstance(t),
        instances,
        basis,
        ...(limit ? { limit } : {}),
        nodeSelector: {
          'node.kubernetes.io/instance-type': t.instanceType,
          [CAPACITY_TYPE_KEY]: capacityType,
        },
        taints,
      }));
    });
  });
}
