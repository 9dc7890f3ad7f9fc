/**
 * ClusterQueues and their cohorts as Kueue's scheduler cache models them
 * (`pkg/cache/scheduler/resource_node.go`): per flavor and resource, each
 * ClusterQueue's nominal quota, borrowing and lending limits and usage; a
 * cohort pools what its ClusterQueues lend (their nominal quota above what
 * the lending limit keeps back) plus a Cohort object's own quota. Cohorts are
 * flat: a Cohort's `parentName` is not followed.
 */
import { parseQuantity } from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../../types';
import { listAt, objectAt } from './kueueApi';

/** A flavor-resource pair, the unit of quota: `<flavor>|<resource>`. */
export type FlavorResource = string;

export function frKey(flavor: string, resource: string): FlavorResource {
  return `${flavor}|${resource}`;
}

export function splitFr(fr: FlavorResource): {
  flavor: string;
  resource: string;
} {
  const bar = fr.indexOf('|');
  return { flavor: fr.slice(0, bar), resource: fr.slice(bar + 1) };
}

/** One resource's quota in one flavor. */
export interface ResourceQuota {
  nominal: number;
  borrowingLimit?: number;
  lendingLimit?: number;
}

/** A resource group: resources that take their flavor together, and the flavors in order. */
export interface ResourceGroup {
  coveredResources: string[];
  flavors: string[];
}

/** A ClusterQueue with its quota and what its admitted Workloads use. */
export interface ClusterQueueNode {
  name: string;
  object: KubeObject;
  cohort?: string;
  resourceGroups: ResourceGroup[];
  quotas: Map<FlavorResource, ResourceQuota>;
  usage: Map<FlavorResource, number>;
}

function amount(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return parseQuantity(String(value)) ?? 0;
}

/** The quotas of a ClusterQueue's or Cohort's `spec.resourceGroups`. */
export function quotasOf(spec: Record<string, unknown>): {
  resourceGroups: ResourceGroup[];
  quotas: Map<FlavorResource, ResourceQuota>;
} {
  const quotas = new Map<FlavorResource, ResourceQuota>();
  const resourceGroups = listAt(spec, 'resourceGroups').map(rg => {
    const flavors = listAt(rg, 'flavors');
    for (const f of flavors) {
      for (const r of listAt(f, 'resources')) {
        quotas.set(frKey(String(f.name), String(r.name)), {
          nominal: amount(r.nominalQuota) ?? 0,
          borrowingLimit: amount(r.borrowingLimit),
          lendingLimit: amount(r.lendingLimit),
        });
      }
    }
    return {
      coveredResources: (Array.isArray(rg.coveredResources)
        ? rg.coveredResources
        : []
      ).map(String),
      flavors: flavors.map(f => String(f.name)),
    };
  });
  return { resourceGroups, quotas };
}

/** The quota state of every ClusterQueue and cohort of a cluster. */
export class QuotaTree {
  readonly queues = new Map<string, ClusterQueueNode>();
  /** Cohort objects' own quota, by cohort name. */
  private readonly cohortQuotas = new Map<
    string,
    Map<FlavorResource, ResourceQuota>
  >();

  constructor(clusterQueues: KubeObject[], cohorts: KubeObject[]) {
    for (const cq of clusterQueues) {
      const spec = objectAt(cq, 'spec');
      const cohort =
        typeof spec.cohortName === 'string' && spec.cohortName
          ? spec.cohortName
          : undefined;
      this.queues.set(cq.metadata.name, {
        name: cq.metadata.name,
        object: cq,
        cohort,
        ...quotasOf(spec),
        usage: new Map(),
      });
    }
    for (const c of cohorts) {
      this.cohortQuotas.set(
        c.metadata.name,
        quotasOf(objectAt(c, 'spec')).quotas,
      );
    }
  }

  /** The ClusterQueues of a cohort. */
  members(cohort: string): ClusterQueueNode[] {
    return [...this.queues.values()].filter(q => q.cohort === cohort);
  }

  quota(cq: ClusterQueueNode, fr: FlavorResource): ResourceQuota {
    return cq.quotas.get(fr) ?? { nominal: 0 };
  }

  usage(cq: ClusterQueueNode, fr: FlavorResource): number {
    return cq.usage.get(fr) ?? 0;
  }

  /** What the lending limit keeps back for the ClusterQueue alone (`localQuota`). */
  guaranteed(cq: ClusterQueueNode, fr: FlavorResource): number {
    const q = this.quota(cq, fr);
    return q.lendingLimit === undefined
      ? 0
      : Math.max(0, q.nominal - q.lendingLimit);
  }

  /** A cohort's pool: its own quota and what its members lend. */
  cohortQuota(cohort: string, fr: FlavorResource): number {
    const own = this.cohortQuotas.get(cohort)?.get(fr)?.nominal ?? 0;
    return this.members(cohort).reduce(
      (sum, cq) => sum + this.quota(cq, fr).nominal - this.guaranteed(cq, fr),
      own,
    );
  }

  /** What a cohort's members use of its pool (beyond what each keeps back). */
  cohortUsage(cohort: string, fr: FlavorResource): number {
    return this.members(cohort).reduce(
      (sum, cq) =>
        sum + Math.max(0, this.usage(cq, fr) - this.guaranteed(cq, fr)),
      0,
    );
  }

  /** What the ClusterQueue may still take now (`available`). */
  available(cq: ClusterQueueNode, fr: FlavorResource): number {
    const q = this.quota(cq, fr);
    if (!cq.cohort) return q.nominal - this.usage(cq, fr);
    const local = this.guaranteed(cq, fr);
    let fromCohort =
      this.cohortQuota(cq.cohort, fr) - this.cohortUsage(cq.cohort, fr);
    if (q.borrowingLimit !== undefined) {
      const storedInCohort = q.nominal - local;
      const usedInCohort = Math.max(0, this.usage(cq, fr) - local);
      fromCohort = Math.min(
        storedInCohort - usedInCohort + q.borrowingLimit,
        fromCohort,
      );
    }
    return Math.max(0, local - this.usage(cq, fr)) + fromCohort;
  }

  /** What the ClusterQueue could take with nothing else admitted (`potentialAvailable`). */
  potentialAvailable(cq: ClusterQueueNode, fr: FlavorResource): number {
    const q = this.quota(cq, fr);
    if (!cq.cohort) return q.nominal;
    const all = this.guaranteed(cq, fr) + this.cohortQuota(cq.cohort, fr);
    return q.borrowingLimit === undefined
      ? all
      : Math.min(q.nominal + q.borrowingLimit, all);
  }

  /** What the ClusterQueue uses beyond its nominal quota. */
  borrowed(cq: ClusterQueueNode, fr: FlavorResource): number {
    return Math.max(0, this.usage(cq, fr) - this.quota(cq, fr).nominal);
  }

  /** Adds (or with -1, removes) a Workload's usage. */
  addUsage(
    cq: ClusterQueueNode,
    usage: Map<FlavorResource, number>,
    sign: 1 | -1 = 1,
  ): void {
    for (const [fr, v] of usage) {
      cq.usage.set(fr, this.usage(cq, fr) + sign * v);
    }
  }
}
