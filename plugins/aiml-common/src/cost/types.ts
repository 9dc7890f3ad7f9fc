import type { AcceleratorResource } from '../accelerators';
import type { CapacityType, PriceBook, PriceSource } from '../pricing';

/**
 * One accelerated node's capacity over the window, sampled at the model's step.
 *
 * A node is identified by `cluster`, `node` and `resource`; pods join to it on the same three.
 *
 * @public
 */
export interface NodeSeries {
  /** The EKS cluster name, as configured in `aiml.clusters`. */
  cluster: string;
  /** The Kubernetes node name. */
  node: string;
  /** EC2 instance type (`node.kubernetes.io/instance-type`); undefined when unknown, which leaves the node unpriced. */
  instanceType?: string;
  /** The availability zone (`topology.kubernetes.io/zone`), which prices spot by its history. */
  zone?: string;
  /**
   * `on-demand` or `spot` (`karpenter.sh/capacity-type`). Undefined means unknown: the node and
   * the pods on it are reported as unpriced, never priced as on-demand.
   */
  capacityType?: CapacityType;
  /**
   * The accelerator resource, which fixes the unit: GPUs (a MIG device of the `mixed`
   * strategy or a time-sliced replica counted as its share of a GPU) or NeuronCores.
   */
  resource: AcceleratorResource;
  /** The accelerator model key, e.g. `nvidia-a100-40gb` (see `ACCELERATOR_MODELS`). */
  acceleratorType: string;
  /**
   * Accelerator units the node exposes at each step (index i covers
   * `[startMs + i·step, startMs + (i+1)·step)`); 0 when the node is absent. Units may be
   * fractions of a GPU: a MIG device of profile `<g>g.<mem>gb` (the device plugin's
   * `mixed` strategy) is g/7 of one, a time-sliced replica 1/replicas of one. MIG's
   * `single` strategy and time-slicing of unknown replicas expose more units than the
   * instance has devices. Either way the series states what the node exposes, and the
   * instance's price is spread over it: each unit costs rate × catalog units / exposed.
   */
  capacityUnits: ArrayLike<number>;
}

/**
 * One pod's accelerator requests and utilization over the window, sampled at the model's step.
 *
 * @public
 */
export interface PodSeries {
  /** The EKS cluster name. */
  cluster: string;
  /** The pod's namespace; the team is found through `CostModelInput.namespaceOwners`. */
  namespace: string;
  /** The pod name. */
  pod: string;
  /** The project: the pod's `backstage.io/kubernetes-id` label, when it has one. */
  project?: string;
  /** The node the pod ran on; a pod without a known node is reported as unpriced. */
  node?: string;
  /** The workload that owns the pod (Deployment, Job, RayJob, …), when known. */
  workload?: PodWorkload;
  /** The extended resource requested; must match the node's. */
  resource: AcceleratorResource;
  /**
   * Units requested at each step, in the node's units (`NodeSeries.capacityUnits`: a MIG
   * device or a time-sliced replica as its share of a GPU), already 0 for steps in which
   * the pod was not Running (Neuron device requests already converted to NeuronCores).
   */
  requested: ArrayLike<number>;
  /**
   * Utilization at each step, a 0–1 ratio of what the pod requested (engine-active; on a
   * time-sliced device, the pod's share of the device's); values outside are clamped.
   */
  busy: ArrayLike<number>;
}

/**
 * The controller a pod belongs to.
 *
 * @public
 */
export interface PodWorkload {
  /** Its kind, e.g. `Deployment` or `Job`. */
  kind: string;
  /** Its name. */
  name: string;
}

/**
 * Everything the cost model needs: time-stepped samples at a fixed step, who owns which
 * namespace, and the price book.
 *
 * @public
 */
export interface CostModelInput {
  /** Start of the first step, epoch milliseconds (UTC). */
  startMs: number;
  /** The step between samples, in seconds (positive). */
  stepSeconds: number;
  /** Number of steps; the window is `[startMs, startMs + steps·stepSeconds·1000)`. */
  steps: number;
  /** Accelerated nodes. */
  nodes: ReadonlyArray<NodeSeries>;
  /** Pods requesting accelerators. */
  pods: ReadonlyArray<PodSeries>;
  /**
   * The team owning each namespace, keyed `${cluster}/${namespace}`. Pods in namespaces
   * missing here are unattributed.
   */
  namespaceOwners: Readonly<Record<string, string>>;
  /**
   * The `cost-center` and `workload-type` labels of each namespace, keyed like
   * `namespaceOwners`. Labels of a namespace missing from `namespaceOwners` are ignored:
   * only namespaces the product manages are trusted. Absent: every namespace unlabelled.
   */
  namespaceLabels?: Readonly<Record<string, NamespaceLabels>>;
  /** Prices per accelerator-hour. */
  priceBook: PriceBook;
}

/**
 * The labels of a managed namespace the breakdowns group by, as provisioning writes them
 * (`LABEL_COST_CENTER`, `LABEL_WORKLOAD_TYPE`).
 *
 * @public
 */
export interface NamespaceLabels {
  /** The `cost-center` label, when the namespace has one. */
  costCenter?: string;
  /** The `workload-type` label (`training`, `inference`), when the namespace has one. */
  workloadType?: string;
}

/**
 * The figures every breakdown row carries. Hours are in accelerator units (GPUs or
 * NeuronCores) and count everything, priced or not; money counts priced usage only.
 *
 * @public
 */
export interface CostFigures {
  /** Accelerator-hours requested by Running pods (time-weighted, clamped to node capacity). */
  allocatedHours: number;
  /** Allocated hours weighted by utilization. */
  busyHours: number;
  /** Allocated hours times the rate of the node the pod ran on (priced usage only). */
  spend: number;
  /** (allocated − busy) hours times the rate (priced usage only). */
  idleSpend: number;
  /** busyHours / allocatedHours; null when nothing was allocated. */
  efficiency: number | null;
  /** The part of `allocatedHours` that could not be priced (see `CostReport.unpriced`). */
  unpricedAllocatedHours: number;
  /**
   * Which prices the priced usage used: allocated hours and spend per price source, in
   * `PRICE_SOURCES` order, only those used. A row priced by one source has one entry;
   * hours and spend sum to the row's priced hours and spend.
   */
  priceSources: PriceSourceShare[];
}

/**
 * The part of a row's figures priced by one price source.
 *
 * @public
 */
export interface PriceSourceShare {
  /** Where the prices came from. */
  source: PriceSource;
  /** Allocated hours priced by it. */
  allocatedHours: number;
  /** Their spend. */
  spend: number;
}

/**
 * Totals of a report (or of one day). The identity
 * `spend + unallocatedCost = nodeCost` holds, where `spend` is the sum of team spend and
 * `unattributedSpend`.
 *
 * @public
 */
export interface CostTotals extends CostFigures {
  /** Accelerator-hours the nodes exposed. */
  capacityHours: number;
  /** The part of `capacityHours` on nodes that could not be priced. */
  unpricedCapacityHours: number;
  /** The accelerator cost of the priced nodes. */
  nodeCost: number;
  /** capacityHours − allocatedHours on the nodes, never negative per step. */
  unallocatedHours: number;
  /** Cost of the unallocated hours of priced nodes. */
  unallocatedCost: number;
  /** Spend of pods in namespaces without an owning team (part of `spend`). */
  unattributedSpend: number;
}

/**
 * Figures of one team.
 *
 * @public
 */
export interface TeamCostRow extends CostFigures {
  /** The team (catalog Group name). */
  team: string;
}

/**
 * Figures of one project of a team.
 *
 * @public
 */
export interface ProjectCostRow extends CostFigures {
  /** The owning team of the pods' namespace. */
  team: string;
  /** The project (`backstage.io/kubernetes-id`), or null for pods without one. */
  project: string | null;
}

/**
 * Figures of one workload (the controller owning the pods), attributed or not.
 *
 * @public
 */
export interface WorkloadCostRow extends CostFigures {
  /** The EKS cluster name. */
  cluster: string;
  /** The namespace. */
  namespace: string;
  /** The owning team of the namespace, or null when unattributed. */
  team: string | null;
  /** The project (`backstage.io/kubernetes-id`), or null for pods without one. */
  project: string | null;
  /** The workload kind, or null for pods without a known owner. */
  kind: string | null;
  /** The workload name (the pod's name for pods without a known owner). */
  workload: string;
}

/**
 * Figures of one accelerator type.
 *
 * @public
 */
export interface AcceleratorTypeCostRow extends CostFigures {
  /** The resource, which fixes the unit of the hours. */
  resource: AcceleratorResource;
  /** The accelerator model key, or null for pods whose node is unknown. */
  acceleratorType: string | null;
}

/**
 * Figures of one instance type.
 *
 * @public
 */
export interface InstanceTypeCostRow extends CostFigures {
  /** The instance type, or null when unknown. */
  instanceType: string | null;
}

/**
 * Figures of one capacity type.
 *
 * @public
 */
export interface CapacityTypeCostRow extends CostFigures {
  /** `on-demand`, `spot`, or null when unknown. */
  capacityType: CapacityType | null;
}

/**
 * Figures of one cluster.
 *
 * @public
 */
export interface ClusterCostRow extends CostFigures {
  /** The cluster name. */
  cluster: string;
}

/**
 * Figures of one cost center: the `cost-center` label of the pods' managed namespace.
 *
 * @public
 */
export interface CostCenterCostRow extends CostFigures {
  /** The cost center, or null for unattributed namespaces and managed ones without the label. */
  costCenter: string | null;
}

/**
 * Figures of one workload type: the `workload-type` label of the pods' managed namespace.
 *
 * @public
 */
export interface WorkloadTypeCostRow extends CostFigures {
  /** The workload type, or null for unattributed namespaces and managed ones without the label. */
  workloadType: string | null;
}

/**
 * Figures of one cost center on one cluster and accelerator type: a line of the
 * chargeback.
 *
 * @public
 */
export interface ChargebackCostRow extends CostFigures {
  /** The cost center, or null when unlabelled (see {@link CostCenterCostRow}). */
  costCenter: string | null;
  /** The cluster name. */
  cluster: string;
  /** The resource, which fixes the unit of the hours. */
  resource: AcceleratorResource;
  /** The accelerator model key, or null for pods whose node is unknown. */
  acceleratorType: string | null;
}

/**
 * A team's Kueue queue on one cluster over the window, from Kueue's own metrics
 * (docs/scheduling.md): what it borrowed from the cohort above its nominal quota and
 * what its workloads waited for admission. Borrowed hours are also in the team's
 * spend (its pods ran on them); this row says which part was borrowed.
 *
 * @public
 */
export interface TeamQueueCostRow {
  /** The team, from its ClusterQueue's name (`aiml-<team>`). */
  team: string;
  /** The cluster name. */
  cluster: string;
  /** The ClusterQueue. */
  clusterQueue: string;
  /**
   * Accelerator-hours used above the nominal quota (GPUs and NeuronCores, Neuron
   * devices as 2 NeuronCores): the time-integral of max(0, usage − nominal) per
   * flavor and resource of `kueue_cluster_queue_resource_usage` and
   * `kueue_cluster_queue_nominal_quota`.
   */
  borrowedHours: number;
  /** The borrowed hours priced at their flavor's instance type and capacity type. */
  borrowedSpend: number;
  /** Borrowed hours of flavors the cluster's Kueue settings do not name: not in the spend. */
  unpricedBorrowedHours: number;
  /** Workloads admitted in the window (`kueue_admission_wait_time_seconds_count`). */
  admissions: number;
  /** Their total wait from creation or requeue to admission (`…_sum`), seconds. */
  waitSeconds: number;
  /** `waitSeconds / admissions`; null without admissions. */
  meanWaitSeconds: number | null;
  /** Pending workloads integrated over time (`kueue_pending_workloads`), workload-hours. */
  pendingWorkloadHours: number;
}

/**
 * Figures of one namespace (used for unattributed usage).
 *
 * @public
 */
export interface NamespaceCostRow extends CostFigures {
  /** The cluster name. */
  cluster: string;
  /** The namespace. */
  namespace: string;
}

/**
 * The span of one UTC day inside the window.
 *
 * @public
 */
export interface CostDaySpan {
  /** The UTC date, `YYYY-MM-DD`. */
  date: string;
  /** Start of the day's part of the window, epoch ms (later than midnight on a partial first day). */
  startMs: number;
  /** End (exclusive) of the day's part of the window, epoch ms. */
  endMs: number;
}

/**
 * All totals of one UTC day.
 *
 * @public
 */
export interface CostDay extends CostDaySpan, CostTotals {}

/**
 * One team's figures of one UTC day.
 *
 * @public
 */
export interface TeamCostDay extends CostDaySpan, CostFigures {}

/**
 * A team's daily series.
 *
 * @public
 */
export interface TeamDailyCost {
  /** The team. */
  team: string;
  /** One entry per day of the window, in order. */
  days: TeamCostDay[];
}

/**
 * An accelerator type's daily series.
 *
 * @public
 */
export interface AcceleratorTypeDailyCost {
  /** The resource, which fixes the unit of the hours. */
  resource: AcceleratorResource;
  /** The accelerator model key, or null for pods whose node is unknown. */
  acceleratorType: string | null;
  /** One entry per day of the window, in order. */
  days: Array<CostDaySpan & CostFigures>;
}

/**
 * A cost center's daily series.
 *
 * @public
 */
export interface CostCenterDailyCost {
  /** The cost center, or null when unlabelled. */
  costCenter: string | null;
  /** One entry per day of the window, in order. */
  days: Array<CostDaySpan & CostFigures>;
}

/**
 * A workload type's daily series.
 *
 * @public
 */
export interface WorkloadTypeDailyCost {
  /** The workload type, or null when unlabelled. */
  workloadType: string | null;
  /** One entry per day of the window, in order. */
  days: Array<CostDaySpan & CostFigures>;
}

/**
 * Capacity and its use, per cluster and accelerator type.
 *
 * @public
 */
export interface UnallocatedCapacityRow {
  /** The cluster name. */
  cluster: string;
  /** The resource, which fixes the unit of the hours. */
  resource: AcceleratorResource;
  /** The accelerator model key. */
  acceleratorType: string;
  /** Accelerator-hours the nodes exposed. */
  capacityHours: number;
  /** Hours allocated to pods on these nodes (clamped to capacity). */
  allocatedHours: number;
  /** Busy hours of pods on these nodes. */
  busyHours: number;
  /** capacityHours − allocatedHours. */
  unallocatedHours: number;
  /** Accelerator cost of the priced nodes. */
  nodeCost: number;
  /** Cost of the unallocated hours of priced nodes. */
  unallocatedCost: number;
  /** busyHours / capacityHours; null when there was no capacity. */
  utilization: number | null;
  /** The part of `capacityHours` on nodes that could not be priced. */
  unpricedCapacityHours: number;
}

/**
 * Why usage could not be priced.
 *
 * @public
 */
export type UnpricedReason =
  /** The node has no instance type. */
  | 'unknown-instance-type'
  /** The node has no capacity type (it is never assumed on-demand). */
  | 'unknown-capacity-type'
  /** The price book has no price for the instance and capacity type. */
  | 'no-price'
  /** The pod's node is missing, or is not among the nodes for its resource. */
  | 'unknown-node';

/**
 * A node (or a pod's unknown node) whose usage is excluded from money totals.
 *
 * @public
 */
export interface UnpricedRow {
  /** The cluster name. */
  cluster: string;
  /** The node name, or null for pods without one. */
  node: string | null;
  /** The resource. */
  resource: AcceleratorResource;
  /** The node's instance type, or null. */
  instanceType: string | null;
  /** The node's capacity type, or null. */
  capacityType: CapacityType | null;
  /** Why it could not be priced. */
  reason: UnpricedReason;
  /** Accelerator-hours the node exposed (0 for an unknown node). */
  capacityHours: number;
  /** Accelerator-hours allocated to pods on it. */
  allocatedHours: number;
  /** Busy hours of pods on it. */
  busyHours: number;
  /** Number of pods on it. */
  pods: number;
}

/**
 * What a warning is about.
 *
 * @public
 */
export type CostWarningCode =
  /** Requests on a node exceeded its capacity in some steps; allocations were scaled down to capacity. */
  | 'overcommitted'
  /** A pod's node is not among the nodes; its usage is unpriced. */
  | 'unknown-node'
  /** The same node appeared twice; the later series was ignored. */
  | 'duplicate-node'
  /** Samples were negative, non-finite, or (for utilization) outside 0–1; they were treated as 0 or clamped. */
  | 'invalid-sample'
  /** A series' length differs from `steps`; missing samples count as 0, extra ones are ignored. */
  | 'series-length';

/**
 * Something in the input the report had to work around.
 *
 * @public
 */
export interface CostWarning {
  /** What kind of problem. */
  code: CostWarningCode;
  /** A human-readable explanation. */
  message: string;
  /** The cluster concerned. */
  cluster: string;
  /** The node concerned, if any. */
  node?: string;
  /** The namespace concerned, if any. */
  namespace?: string;
  /** The pod concerned, if any. */
  pod?: string;
  /** How many steps (samples) were affected. */
  steps?: number;
  /** Accelerator-hours involved (for `overcommitted`: requested beyond capacity). */
  hours?: number;
}

/**
 * The window a report covers.
 *
 * @public
 */
export interface CostWindow {
  /** Start, epoch ms (inclusive). */
  startMs: number;
  /** End, epoch ms (exclusive). */
  endMs: number;
  /** The sampling step, seconds. */
  stepSeconds: number;
  /** Number of steps. */
  steps: number;
}

/**
 * Usage and spend over a window: totals, breakdowns, daily series and what could not be
 * priced. Rows of breakdowns are sorted by spend, then allocated hours (descending).
 *
 * @public
 */
export interface CostReport {
  /** The window covered. */
  window: CostWindow;
  /** The price book's currency. */
  currency: string;
  /** Totals over the window. */
  totals: CostTotals;
  /** Per team (attributed usage only; see `unattributed`). */
  byTeam: TeamCostRow[];
  /** Per team and project (attributed usage only). */
  byProject: ProjectCostRow[];
  /** Per workload (all usage). */
  byWorkload: WorkloadCostRow[];
  /** Per accelerator type (all usage). */
  byAcceleratorType: AcceleratorTypeCostRow[];
  /** Per instance type (all usage). */
  byInstanceType: InstanceTypeCostRow[];
  /** Per capacity type (all usage). */
  byCapacityType: CapacityTypeCostRow[];
  /** Per cluster (all usage). */
  byCluster: ClusterCostRow[];
  /** Per cost center (all usage; unattributed and unlabelled namespaces as null). */
  byCostCenter: CostCenterCostRow[];
  /** Per workload type (all usage; unattributed and unlabelled namespaces as null). */
  byWorkloadType: WorkloadTypeCostRow[];
  /** Per cost center, cluster and accelerator type (all usage): the chargeback's lines. */
  chargeback: ChargebackCostRow[];
  /** Per UTC day: overall totals and each team's figures. */
  daily: {
    /** One entry per day of the window, in order. */
    overall: CostDay[];
    /** Each team's daily series. */
    byTeam: TeamDailyCost[];
    /** Each accelerator type's daily series (all usage). */
    byAcceleratorType: AcceleratorTypeDailyCost[];
    /** Each cost center's daily series (all usage). */
    byCostCenter: CostCenterDailyCost[];
    /** Each workload type's daily series (all usage). */
    byWorkloadType: WorkloadTypeDailyCost[];
  };
  /** Capacity and unallocated hours per cluster and accelerator type. */
  unallocated: UnallocatedCapacityRow[];
  /** Usage in namespaces without an owning team, per cluster and namespace. */
  unattributed: NamespaceCostRow[];
  /** Usage that could not be priced (excluded from money, never counted as zero cost). */
  unpriced: UnpricedRow[];
  /** Problems in the input the report worked around. */
  warnings: CostWarning[];
  /**
   * Per team and Kueue cluster: borrowed accelerator-hours and their spend, admission
   * waits. Present when the usage service read Kueue's metrics (clusters with
   * `scheduling: kueue`); the cost model alone leaves it out.
   */
  byTeamQueue?: TeamQueueCostRow[];
}
