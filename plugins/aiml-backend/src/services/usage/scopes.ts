import type {
  ClusterKueueMetrics,
  CostReport,
  NamespaceLabels,
  NodeSeries,
  PodSeries,
  TeamQueueCostRow,
} from '@eks-aiml/plugin-aiml-common';
import type { ManagedNamespace } from './metrics';

/**
 * What a report covers:
 * - `fleet`: every node and pod (for callers who may see every team);
 * - `teams`: the pods of some teams, with fleet-level figures left out;
 * - `project`: the pods of one project (pod label) in its team's namespaces, likewise;
 * - `cluster`: every node and pod of one cluster.
 */
export type UsageScope =
  | { kind: 'fleet' }
  | { kind: 'teams'; teams: string[] }
  | { kind: 'project'; team: string; project: string }
  | { kind: 'cluster'; cluster: string };

/** A stable key of a scope, for caches. */
export function scopeKey(scope: UsageScope): string {
  switch (scope.kind) {
    case 'fleet':
      return 'fleet';
    case 'teams':
      return `teams:${[...scope.teams].sort().join(',')}`;
    case 'project':
      return `project:${scope.team}:${scope.project}`;
    case 'cluster':
    default:
      return `cluster:${scope.cluster}`;
  }
}

/** One cluster's series and managed namespaces over a window. */
export interface ClusterUsageInput {
  cluster: string;
  nodes: NodeSeries[];
  pods: PodSeries[];
  /** Namespace → owning team and labels (managed namespaces only). */
  namespaces: Record<string, ManagedNamespace>;
  /** Kueue's metrics, on a cluster with `scheduling: kueue`. */
  kueue?: ClusterKueueMetrics;
}

/** The cost model's nodes, pods, namespace owners and labels for a scope. */
export function scopeInput(
  clusters: ClusterUsageInput[],
  scope: UsageScope,
): {
  nodes: NodeSeries[];
  pods: PodSeries[];
  namespaceOwners: Record<string, string>;
  namespaceLabels: Record<string, NamespaceLabels>;
} {
  const namespaceOwners: Record<string, string> = {};
  const namespaceLabels: Record<string, NamespaceLabels> = {};
  for (const c of clusters) {
    for (const [ns, { team, ...labels }] of Object.entries(c.namespaces)) {
      namespaceOwners[`${c.cluster}/${ns}`] = team;
      namespaceLabels[`${c.cluster}/${ns}`] = labels;
    }
  }
  const ownerOf = (p: PodSeries) =>
    namespaceOwners[`${p.cluster}/${p.namespace}`];
  let inScope = clusters;
  if (scope.kind === 'cluster') {
    inScope = clusters.filter(c => c.cluster === scope.cluster);
  }
  const nodes = inScope.flatMap(c => c.nodes);
  let pods = inScope.flatMap(c => c.pods);
  if (scope.kind === 'teams') {
    const teams = new Set(scope.teams);
    pods = pods.filter(p => teams.has(ownerOf(p)));
  } else if (scope.kind === 'project') {
    pods = pods.filter(
      p => ownerOf(p) === scope.team && p.project === scope.project,
    );
  }
  return { nodes, pods, namespaceOwners, namespaceLabels };
}

/**
 * The team queue rows a scope shows: every team's (fleet), one cluster's, the scope's
 * teams'; none for a project (a queue is a team's, not a project's).
 */
export function scopeQueueRows(
  rows: TeamQueueCostRow[],
  scope: UsageScope,
): TeamQueueCostRow[] {
  switch (scope.kind) {
    case 'fleet':
      return rows;
    case 'cluster':
      return rows.filter(r => r.cluster === scope.cluster);
    case 'teams':
      return rows.filter(r => scope.teams.includes(r.team));
    case 'project':
    default:
      return [];
  }
}

/** Whether a scope's report keeps fleet-level figures (capacity, unallocated, unattributed). */
export function showsFleet(scope: UsageScope): boolean {
  return scope.kind === 'fleet' || scope.kind === 'cluster';
}

const NODE_TOTALS = {
  capacityHours: 0,
  unpricedCapacityHours: 0,
  nodeCost: 0,
  unallocatedHours: 0,
  unallocatedCost: 0,
  unattributedSpend: 0,
};

/**
 * Leaves out what a team or project view must not show: the capacity, cost and
 * unallocated hours of the nodes (other teams' share could be read from them), and
 * unattributed usage. Unpriced rows keep their pods' hours only.
 */
export function withoutFleet(report: CostReport): CostReport {
  return {
    ...report,
    totals: { ...report.totals, ...NODE_TOTALS },
    daily: {
      ...report.daily,
      overall: report.daily.overall.map(d => ({ ...d, ...NODE_TOTALS })),
    },
    unallocated: [],
    unattributed: [],
    unpriced: report.unpriced
      .filter(u => u.pods > 0 && u.allocatedHours > 0)
      .map(u => ({ ...u, capacityHours: 0 })),
    warnings: report.warnings.filter(w => w.pod !== undefined),
  };
}
