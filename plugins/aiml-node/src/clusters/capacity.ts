import {
  acceleratorUnitsPerInstance,
  AimlClusterCapacity,
  findAcceleratorInstanceType,
} from '@eks-aiml/plugin-aiml-common';

/**
 * Accelerator capacity of one pool (an EKS node group or a Karpenter NodePool): the
 * contract's model, as `GET /clusters` sends it.
 *
 * @public
 */
export type AcceleratorCapacity = AimlClusterCapacity;

/**
 * The parts of an EKS DescribeNodegroup answer that capacity needs.
 *
 * @public
 */
export interface NodegroupLike {
  nodegroupName?: string;
  instanceTypes?: string[];
  capacityType?: string;
  scalingConfig?: { desiredSize?: number; maxSize?: number };
}

/**
 * The parts of a Karpenter NodePool that capacity needs.
 *
 * @public
 */
export interface NodePoolLike {
  metadata?: { name?: string };
  spec?: {
    limits?: Record<string, string | number>;
    template?: {
      spec?: {
        requirements?: Array<{
          key: string;
          operator: string;
          values?: string[];
        }>;
      };
    };
  };
}

/**
 * Capacity of managed node groups: desired size × accelerators of the (first) instance type.
 *
 * @public
 */
export function nodegroupCapacity(
  nodegroups: NodegroupLike[],
): AcceleratorCapacity[] {
  return nodegroups.flatMap(ng => {
    const instanceType = ng.instanceTypes?.[0];
    const t = instanceType
      ? findAcceleratorInstanceType(instanceType)
      : undefined;
    if (!t || !instanceType) return [];
    return [
      {
        pool: ng.nodegroupName ?? '',
        source: 'nodegroup' as const,
        instanceType,
        capacityType:
          ng.capacityType === 'SPOT'
            ? ('spot' as const)
            : ('on-demand' as const),
        acceleratorType: t.accelerator.type,
        resource: t.accelerator.resource,
        units:
          acceleratorUnitsPerInstance(t) * (ng.scalingConfig?.desiredSize ?? 0),
      },
    ];
  });
}

/**
 * Capacity of Karpenter NodePools: the pool's limit on the accelerator resource,
 * for pools pinned to one accelerated instance type. Pools that allow several
 * capacity types count as on-demand, never silently as spot.
 *
 * @public
 */
export function nodePoolCapacity(
  nodePools: NodePoolLike[],
): AcceleratorCapacity[] {
  return nodePools.flatMap(pool => {
    const reqs = pool.spec?.template?.spec?.requirements ?? [];
    const types =
      reqs.find(
        r =>
          r.key === 'node.kubernetes.io/instance-type' && r.operator === 'In',
      )?.values ?? [];
    const capacityTypes =
      reqs.find(
        r => r.key === 'karpenter.sh/capacity-type' && r.operator === 'In',
      )?.values ?? [];
    if (types.length !== 1) return [];
    const t = findAcceleratorInstanceType(types[0]);
    if (!t) return [];
    const limit = Number(pool.spec?.limits?.[t.accelerator.resource] ?? 0);
    return [
      {
        pool: pool.metadata?.name ?? '',
        source: 'nodepool' as const,
        instanceType: types[0],
        capacityType:
          capacityTypes.length === 1 && capacityTypes[0] === 'spot'
            ? ('spot' as const)
            : ('on-demand' as const),
        acceleratorType: t.accelerator.type,
        resource: t.accelerator.resource,
        units: Number.isFinite(limit) ? limit : 0,
      },
    ];
  });
}
