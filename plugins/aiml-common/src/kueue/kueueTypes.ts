/**
 * Kueue's objects (kueue.x-k8s.io/v1beta2) as far as the product reads them: the
 * fields of the official CRDs of Kueue v0.19 that queue states come from.
 */

/**
 * A condition of a Kueue object.
 *
 * @public
 */
export interface KueueCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * A Workload: what Kueue queues and admits for one job.
 *
 * @public
 */
export interface KueueWorkload {
  metadata: {
    name: string;
    namespace?: string;
    creationTimestamp?: string;
    ownerReferences?: Array<{
      apiVersion?: string;
      kind: string;
      name: string;
      uid?: string;
    }>;
  };
  spec?: {
    queueName?: string;
    priority?: number;
    active?: boolean;
    podSets?: Array<{ name: string; count: number }>;
  };
  status?: {
    conditions?: KueueCondition[];
    admission?: {
      clusterQueue: string;
      podSetAssignments?: Array<{
        name: string;
        flavors?: Record<string, string>;
        resourceUsage?: Record<string, string | number>;
        count?: number;
      }>;
    };
  };
}

/**
 * A LocalQueue: a namespace's door to a ClusterQueue.
 *
 * @public
 */
export interface KueueLocalQueue {
  metadata: { name: string; namespace?: string };
  spec: { clusterQueue: string };
  status?: {
    pendingWorkloads?: number;
    admittedWorkloads?: number;
    reservingWorkloads?: number;
  };
}

/**
 * A quota of one resource of one flavor (`spec.resourceGroups[].flavors[].resources[]`).
 *
 * @public
 */
export interface KueueResourceQuota {
  name: string;
  nominalQuota: string | number;
  borrowingLimit?: string | number;
  lendingLimit?: string | number;
}

/**
 * A ClusterQueue: a team's quota per flavor, in a cohort.
 *
 * @public
 */
export interface KueueClusterQueue {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    cohortName?: string;
    fairSharing?: { weight?: string | number };
    resourceGroups?: Array<{
      coveredResources: string[];
      flavors: Array<{ name: string; resources: KueueResourceQuota[] }>;
    }>;
  };
  status?: {
    flavorsUsage?: Array<{
      name: string;
      resources: Array<{
        name: string;
        total?: string | number;
        borrowed?: string | number;
      }>;
    }>;
    pendingWorkloads?: number;
    admittedWorkloads?: number;
    reservingWorkloads?: number;
  };
}
