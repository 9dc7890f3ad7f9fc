import type { AcceleratorResource } from '../accelerators';
import type { CapacityType } from '../pricing';
import {
  addFigureSums,
  emptyFigureSums,
  emptyTotalSums,
  FigureSums,
  ratio,
  SOURCE_SLOTS,
  sumTotals,
  toFigures,
  toTotals,
  TotalSums,
} from './figures';
import type { NodeIntegral, PodIntegral } from './integrate';
import type {
  CostDaySpan,
  CostFigures,
  CostReport,
  CostWarning,
  CostWindow,
  UnallocatedCapacityRow,
  UnpricedRow,
} from './types';

/**
 * Where a pod's usage belongs in the breakdowns, and its rate.
 *
 * @internal
 */
export interface PodPlacement {
  cluster: string;
  namespace: string;
  project: string | null;
  /** The pod's owner, or its own name when unknown. */
  workload: { kind: string | null; name: string };
  /** The owning team, or undefined when the namespace is unattributed. */
  team: string | undefined;
  /** The managed namespace's `cost-center` label, or null. */
  costCenter: string | null;
  /** The managed namespace's `workload-type` label, or null. */
  workloadType: string | null;
  resource: AcceleratorResource;
  acceleratorType: string | null;
  instanceType: string | null;
  capacityType: CapacityType | null;
  /** Whether the pod's node was priced (its integral then carries spend). */
  priced: boolean;
}

/**
 * Where a node's capacity belongs, and its rate.
 *
 * @internal
 */
export interface NodePlacement {
  cluster: string;
  resource: AcceleratorResource;
  acceleratorType: string;
  /** Whether the node was priced (its integral then carries costs). */
  priced: boolean;
}

const SEP = '\u0000';

/** Code-unit order: deterministic, unlike locale collation. */
function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

const bySpend = <T extends CostFigures & { id: string }>(a: T, b: T) =>
  b.spend - a.spend ||
  b.allocatedHours - a.allocatedHours ||
  compareStrings(a.id, b.id);

/** Figure sums grouped by a key. */
class Breakdown<K extends object> {
  private readonly groups = new Map<string, { key: K; sums: FigureSums }>();

  add(id: string, key: K, sums: FigureSums): void {
    let g = this.groups.get(id);
    if (!g) {
      g = { key, sums: emptyFigureSums() };
      this.groups.set(id, g);
    }
    addFigureSums(g.sums, sums);
  }

  rows(): Array<K & CostFigures> {
    return [...this.groups.entries()]
      .map(([id, g]) => ({ id, ...g.key, ...toFigures(g.sums) }))
      .sort(bySpend)
      .map(({ id: _id, ...row }) => row as unknown as K & CostFigures);
  }
}

/** Daily figure sums grouped by a key; series in key order. */
class DailyBreakdown<K extends object> {
  private readonly groups = new Map<string, { key: K; days: FigureSums[] }>();

  constructor(private readonly dayCount: number) {}

  /** The day sums of a group, created empty on first use. */
  daysOf(id: string, key: K): FigureSums[] {
    let g = this.groups.get(id);
    if (!g) {
      g = {
        key,
        days: Array.from({ length: this.dayCount }, emptyFigureSums),
      };
      this.groups.set(id, g);
    }
    return g.days;
  }

  series(
    span: (d: number) => CostDaySpan,
  ): Array<K & { days: Array<CostDaySpan & CostFigures> }> {
    return [...this.groups.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([, g]) => ({
        ...g.key,
        days: g.days.map((s, d) => ({ ...span(d), ...toFigures(s) })),
      }));
  }
}

type UnallocatedSums = Omit<UnallocatedCapacityRow, 'utilization'>;

/**
 * Collects pod and node integrals into the report's totals, breakdowns and daily series.
 *
 * @internal
 */
export class CostAggregator {
  private readonly days: TotalSums[];
  private readonly teamDays = new Map<string, FigureSums[]>();
  private readonly typeDays = new Map<
    string,
    {
      resource: AcceleratorResource;
      acceleratorType: string | null;
      days: FigureSums[];
    }
  >();
  private readonly byTeam = new Breakdown<{ team: string }>();
  private readonly byProject = new Breakdown<{
    team: string;
    project: string | null;
  }>();
  private readonly byWorkload = new Breakdown<{
    cluster: string;
    namespace: string;
    team: string | null;
    project: string | null;
    kind: string | null;
    workload: string;
  }>();
  private readonly byAcceleratorType = new Breakdown<{
    resource: AcceleratorResource;
    acceleratorType: string | null;
  }>();
  private readonly byInstanceType = new Breakdown<{
    instanceType: string | null;
  }>();
  private readonly byCapacityType = new Breakdown<{
    capacityType: CapacityType | null;
  }>();
  private readonly byCluster = new Breakdown<{ cluster: string }>();
  private readonly byCostCenter = new Breakdown<{
    costCenter: string | null;
  }>();
  private readonly byWorkloadType = new Breakdown<{
    workloadType: string | null;
  }>();
  private readonly chargeback = new Breakdown<{
    costCenter: string | null;
    cluster: string;
    resource: AcceleratorResource;
    acceleratorType: string | null;
  }>();
  private readonly costCenterDays: DailyBreakdown<{
    costCenter: string | null;
  }>;
  private readonly workloadTypeDays: DailyBreakdown<{
    workloadType: string | null;
  }>;
  private readonly unattributed = new Breakdown<{
    cluster: string;
    namespace: string;
  }>();
  private readonly unallocated = new Map<string, UnallocatedSums>();
  private readonly unpriced: UnpricedRow[] = [];

  constructor(private readonly spans: ReadonlyArray<CostDaySpan>) {
    this.days = spans.map(() => emptyTotalSums());
    this.costCenterDays = new DailyBreakdown(spans.length);
    this.workloadTypeDays = new DailyBreakdown(spans.length);
  }

  /** Adds a pod's usage everywhere it belongs; returns its sums over the window. */
  addPod(place: PodPlacement, integral: PodIntegral): FigureSums {
    const total = emptyFigureSums();
    const teamDays =
      place.team === undefined ? undefined : this.teamDaysOf(place.team);
    const typeDays = this.typeDaysOf(place.resource, place.acceleratorType);
    const { costCenter, workloadType } = place;
    const costCenterDays = this.costCenterDays.daysOf(costCenter ?? '', {
      costCenter,
    });
    const workloadTypeDays = this.workloadTypeDays.daysOf(workloadType ?? '', {
      workloadType,
    });
    for (let d = 0; d < this.days.length; d++) {
      const day = podDaySums(place.priced, integral, d);
      addFigureSums(total, day);
      addFigureSums(this.days[d], day);
      addFigureSums(typeDays[d], day);
      addFigureSums(costCenterDays[d], day);
      addFigureSums(workloadTypeDays[d], day);
      if (teamDays) addFigureSums(teamDays[d], day);
      else this.days[d].unattributedSpend += day.spend;
    }
    const { cluster, namespace, team, project, resource, workload } = place;
    this.byWorkload.add(
      [cluster, namespace, workload.kind ?? '', workload.name].join(SEP),
      {
        cluster,
        namespace,
        team: team ?? null,
        project,
        kind: workload.kind,
        workload: workload.name,
      },
      total,
    );
    if (team === undefined) {
      this.unattributed.add(
        cluster + SEP + namespace,
        { cluster, namespace },
        total,
      );
    } else {
      this.byTeam.add(team, { team }, total);
      this.byProject.add(
        team + SEP + (project ?? ''),
        { team, project },
        total,
      );
    }
    const { acceleratorType, instanceType, capacityType } = place;
    this.byAcceleratorType.add(
      `${resource}${SEP}${acceleratorType ?? ''}`,
      { resource, acceleratorType },
      total,
    );
    this.byInstanceType.add(instanceType ?? '', { instanceType }, total);
    this.byCapacityType.add(capacityType ?? '', { capacityType }, total);
    this.byCluster.add(cluster, { cluster }, total);
    this.byCostCenter.add(costCenter ?? '', { costCenter }, total);
    this.byWorkloadType.add(workloadType ?? '', { workloadType }, total);
    this.chargeback.add(
      [costCenter ?? '', cluster, resource, acceleratorType ?? ''].join(SEP),
      { costCenter, cluster, resource, acceleratorType },
      total,
    );
    return total;
  }

  /** Adds a node's capacity; `pods` are the sums of the pods that ran on it. */
  addNode(place: NodePlacement, integral: NodeIntegral, pods: FigureSums) {
    const { cluster, resource, acceleratorType, priced } = place;
    const id = cluster + SEP + resource + SEP + acceleratorType;
    let row = this.unallocated.get(id);
    if (!row) {
      row = {
        cluster,
        resource,
        acceleratorType,
        capacityHours: 0,
        allocatedHours: 0,
        busyHours: 0,
        unallocatedHours: 0,
        nodeCost: 0,
        unallocatedCost: 0,
        unpricedCapacityHours: 0,
      };
      this.unallocated.set(id, row);
    }
    row.allocatedHours += pods.allocatedHours;
    row.busyHours += pods.busyHours;
    for (let d = 0; d < this.days.length; d++) {
      const day = this.days[d];
      const capacity = integral.capacity[d];
      const unallocated = integral.unallocated[d];
      day.capacityHours += capacity;
      day.unallocatedHours += unallocated;
      row.capacityHours += capacity;
      row.unallocatedHours += unallocated;
      if (!priced) {
        day.unpricedCapacityHours += capacity;
        row.unpricedCapacityHours += capacity;
      } else {
        const nodeCost = integral.cost[d];
        const unallocatedCost = integral.unallocatedCost[d];
        day.nodeCost += nodeCost;
        day.unallocatedCost += unallocatedCost;
        row.nodeCost += nodeCost;
        row.unallocatedCost += unallocatedCost;
      }
    }
  }

  /** Records usage that could not be priced. */
  addUnpriced(row: UnpricedRow): void {
    this.unpriced.push(row);
  }

  /** The report. */
  build(
    window: CostWindow,
    currency: string,
    warnings: CostWarning[],
  ): CostReport {
    const span = (d: number) => ({
      date: this.spans[d].date,
      startMs: this.spans[d].startMs,
      endMs: this.spans[d].endMs,
    });
    return {
      window,
      currency,
      totals: toTotals(sumTotals(this.days)),
      byTeam: this.byTeam.rows(),
      byProject: this.byProject.rows(),
      byWorkload: this.byWorkload.rows(),
      byAcceleratorType: this.byAcceleratorType.rows(),
      byInstanceType: this.byInstanceType.rows(),
      byCapacityType: this.byCapacityType.rows(),
      byCluster: this.byCluster.rows(),
      byCostCenter: this.byCostCenter.rows(),
      byWorkloadType: this.byWorkloadType.rows(),
      chargeback: this.chargeback.rows(),
      daily: {
        overall: this.days.map((s, d) => ({ ...span(d), ...toTotals(s) })),
        byTeam: [...this.teamDays.entries()]
          .sort(([a], [b]) => compareStrings(a, b))
          .map(([team, days]) => ({
            team,
            days: days.map((s, d) => ({ ...span(d), ...toFigures(s) })),
          })),
        byAcceleratorType: [...this.typeDays.values()]
          .map(({ resource, acceleratorType, days }) => ({
            resource,
            acceleratorType,
            days: days.map((s, d) => ({ ...span(d), ...toFigures(s) })),
          }))
          .sort(
            (a, b) =>
              compareStrings(a.resource, b.resource) ||
              compareStrings(a.acceleratorType ?? '', b.acceleratorType ?? ''),
          ),
        byCostCenter: this.costCenterDays.series(span),
        byWorkloadType: this.workloadTypeDays.series(span),
      },
      unallocated: [...this.unallocated.values()]
        .map(r => ({ ...r, utilization: ratio(r.busyHours, r.capacityHours) }))
        .sort(
          (a, b) =>
            b.unallocatedCost - a.unallocatedCost ||
            b.unallocatedHours - a.unallocatedHours,
        ),
      unattributed: this.unattributed.rows(),
      unpriced: [...this.unpriced].sort(
        (a, b) =>
          b.allocatedHours +
          b.capacityHours -
          (a.allocatedHours + a.capacityHours),
      ),
      warnings,
    };
  }

  private teamDaysOf(team: string): FigureSums[] {
    let days = this.teamDays.get(team);
    if (!days) {
      days = this.days.map(() => emptyFigureSums());
      this.teamDays.set(team, days);
    }
    return days;
  }

  private typeDaysOf(
    resource: AcceleratorResource,
    acceleratorType: string | null,
  ): FigureSums[] {
    const id = resource + SEP + (acceleratorType ?? '');
    let series = this.typeDays.get(id);
    if (!series) {
      series = {
        resource,
        acceleratorType,
        days: this.days.map(() => emptyFigureSums()),
      };
      this.typeDays.set(id, series);
    }
    return series.days;
  }
}

function podDaySums(
  priced: boolean,
  integral: PodIntegral,
  d: number,
): FigureSums {
  const allocatedHours = integral.allocated[d];
  const busyHours = integral.busy[d];
  if (!priced) {
    return {
      ...emptyFigureSums(),
      allocatedHours,
      busyHours,
      unpricedAllocatedHours: allocatedHours,
    };
  }
  return {
    allocatedHours,
    busyHours,
    spend: integral.spend[d],
    idleSpend: integral.idleSpend[d],
    unpricedAllocatedHours: 0,
    sources: integral.sources.slice(d * SOURCE_SLOTS, (d + 1) * SOURCE_SLOTS),
  };
}
