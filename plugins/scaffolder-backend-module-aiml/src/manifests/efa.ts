import { V1PodAffinity } from '@kubernetes/client-node';
import { acceleratorUnitsPerInstance } from '@eks-aiml/plugin-aiml-common';
import { Placement } from './fit';

/** The extended resource the EFA device plugin advertises (EKS, "Manage EFA devices"). */
export const EFA_RESOURCE = 'vpc.amazonaws.com/efa';
/** The well-known node label of the availability zone. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * EFA devices a pod of a multi-node job requests: its share of the instance's
 * interfaces by accelerators taken, like its CPU and memory (all of them for a
 * whole instance, so a p5.48xlarge pod of 8 GPUs gets 32); 0 on instance types
 * without EFA. Karpenter launches nodes for such pods with every interface as
 * EFA (EKS, "Manage EFA devices").
 */
export function efaDevicesPerPod(placement: Placement): number {
  const interfaces = placement.instance.efaInterfaces ?? 0;
  return Math.floor(
    (interfaces * placement.count) /
      acceleratorUnitsPerInstance(placement.instance),
  );
}

/**
 * Keeps a job's pods in one availability zone: EFA traffic does not cross zones
 * (AWS ParallelCluster, "Elastic Fabric Adapter"). A required pod affinity on the
 * zone label to the job's other pods (the shape of ai-on-eks' "Inter AZ Network
 * Optimization", required rather than preferred); the first pod matches its own
 * term, so it picks the zone and the others follow (Karpenter, "Pod
 * affinity/anti-affinity").
 */
export function sameZoneAffinity(
  component: string,
  roles: string[],
): V1PodAffinity {
  return {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: {
          matchLabels: { 'app.kubernetes.io/name': component },
          matchExpressions: [
            {
              key: 'app.kubernetes.io/component',
              operator: 'In',
              values: roles,
            },
          ],
        },
        topologyKey: ZONE_LABEL,
      },
    ],
  };
}
