import { AimlClusterCapacity } from '@eks-aiml/plugin-aiml-common';

/**
 * Accelerator capacity of one instance type and capacity type in one pool (an EKS
 * managed node group or a Karpenter NodePool): the contract's model, as
 * `GET /clusters` sends it.
 *
 * @public
 */
export type AcceleratorCapacity = AimlClusterCapacity;

/**
 * A taint of a pool's nodes, as a pod must tolerate it.
 *
 * @public
 */
export type PoolTaint = AcceleratorCapacity['taints'][number];

/**
 * The parts of an EKS DescribeNodegroup answer that capacity needs.
 *
 * @public
 */
export interface NodegroupLike {
  nodegroupName?: string;
  instanceTypes?: string[];
  capacityType?: string;
  scalingConfig?: { minSize?: number; desiredSize?: number; maxSize?: number };
  taints?: Array<{ key?: string; value?: string; effect?: string }>;
}

/**
 * One requirement of a NodePool's node template (a node selector requirement;
 * Karpenter adds the `Gte` and `Lte` operators and `minValues`).
 *
 * @public
 */
export interface NodePoolRequirement {
  key: string;
  operator: string;
  values?: string[];
  minValues?: number;
}

/**
 * The parts of a Karpenter NodePool that capacity needs.
 *
 * @public
 */
export interface NodePoolLike {
  metadata?: { name?: string };
  spec?: {
    /** Static NodePools keep this many nodes (only `limits.nodes` applies then). */
    replicas?: number;
    limits?: Record<string, string | number>;
    template?: {
      spec?: {
        requirements?: NodePoolRequirement[];
        taints?: Array<{ key: string; value?: string; effect: string }>;
      };
    };
  };
}
