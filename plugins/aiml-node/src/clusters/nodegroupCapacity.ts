import {
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from '@eks-aiml/plugin-aiml-common';
import { AcceleratorCapacity, NodegroupLike, PoolTaint } from './capacity';

/** EKS writes taint effects in its own spelling; nodes carry Kubernetes'. */
const TAINT_EFFECTS: Record<string, PoolTaint['effect']> = {
  NO_SCHEDULE: 'NoSchedule',
  NO_EXECUTE: 'NoExecute',
  PREFER_NO_SCHEDULE: 'PreferNoSchedule',
};

function taintsOf(ng: NodegroupLike): PoolTaint[] {
  return (ng.taints ?? []).flatMap(t =>
    t.key && t.effect && TAINT_EFFECTS[t.effect]
      ? [
          {
            key: t.key,
            ...(t.value !== undefined ? { value: t.value } : {}),
            effect: TAINT_EFFECTS[t.effect],
          },
        ]
      : [],
  );
}

/**
 * Capacity of managed node groups: what the group may scale to (its `maxSize`, so a
 * group scaled to zero still offers its capacity) × the accelerators of each of its
 * accelerated instance types. Nodes of a managed node group carry
 * `eks.amazonaws.com/capacityType` (`ON_DEMAND` or `SPOT`), not Karpenter's
 * `karpenter.sh/capacity-type`: the node selector names the label that lands there.
 *
 * @public
 */
export function nodegroupCapacity(
  nodegroups: NodegroupLike[],
): AcceleratorCapacity[] {
  return nodegroups.flatMap(ng => {
    // EKS labels the nodes with the group's capacity type: ON_DEMAND, SPOT or CAPACITY_BLOCK.
    const label = ng.capacityType ?? 'ON_DEMAND';
    const spot = label === 'SPOT';
    const max = ng.scalingConfig?.maxSize;
    const instances = max ?? ng.scalingConfig?.desiredSize ?? 0;
    return (ng.instanceTypes ?? []).flatMap(instanceType => {
      const t = findAcceleratorInstanceType(instanceType);
      if (!t) return [];
      return [
        {
          pool: ng.nodegroupName ?? '',
          source: 'nodegroup' as const,
          instanceType,
          capacityType: spot ? ('spot' as const) : ('on-demand' as const),
          acceleratorType: t.accelerator.type,
          resource: t.accelerator.resource,
          units: acceleratorUnitsPerInstance(t) * instances,
          instances,
          basis:
            max !== undefined
              ? ('nodegroup-max' as const)
              : ('nodegroup-desired' as const),
          nodeSelector: {
            'node.kubernetes.io/instance-type': instanceType,
            'eks.amazonaws.com/capacityType': label,
          },
          taints: taintsOf(ng),
        },
      ];
    });
  });
}
