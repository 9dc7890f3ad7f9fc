/*
 * The models of the aiml HTTP API (`/api/aiml`), named. They are generated from the one
 * spec, plugins/aiml-backend/src/schema/openapi.yaml (`yarn openapi:generate`), and
 * shared by the backend's routes and the frontend's client: a change of the API's shape
 * is made in the spec and breaks the build wherever it is not followed.
 */
import type {
  CostChange,
  CostComparison,
  CostReport,
  CostTotals,
} from '../cost';
import type { components } from './openapi.generated';

export type { components as AimlApiComponents } from './openapi.generated';

/**
 * How people get credentials for a cluster: a broker-issued ServiceAccount token
 * (`token`) or their own IAM identity through an EKS access entry (`access-entry`).
 *
 * @public
 */
export type AimlAccessStrategy = components['schemas']['AccessStrategy'];

/**
 * Accelerator capacity of one instance type and capacity type in one node group or
 * Karpenter NodePool of a cluster: what the pool allows, where the figure comes from
 * and the node selector a pod must use to land on it.
 *
 * @public
 */
export type AimlClusterCapacity = components['schemas']['Capacity'];

/**
 * Where a capacity figure comes from (`nodegroup-max`, `nodepool-limit-cpu`, …).
 *
 * @public
 */
export type AimlCapacityBasis = components['schemas']['CapacityBasis'];

/**
 * A configured cluster as `GET /api/aiml/clusters` describes it (never credentials).
 *
 * @public
 */
export type AimlCluster = components['schemas']['Cluster'];

/**
 * The configured clusters (`GET /api/aiml/clusters`).
 *
 * @public
 */
export type AimlClusterList = components['schemas']['ClusterList'];

/**
 * The access level of a grant; `admin` only through break-glass.
 *
 * @public
 */
export type AimlGrantLevel = components['schemas']['GrantLevel'];

/**
 * The life of a grant: persisted before any side effect; revoked only once the cluster
 * confirms.
 *
 * @public
 */
export type AimlGrantState = components['schemas']['GrantState'];

/**
 * Why a grant ended.
 *
 * @public
 */
export type AimlGrantEndReason = components['schemas']['GrantEndReason'];

/**
 * Why a grant needed approval, who may give it, and the decision.
 *
 * @public
 */
export type AimlGrantApproval = components['schemas']['GrantApproval'];

/**
 * A time-bound grant of access to a team's namespaces on a cluster (never a token).
 *
 * @public
 */
export type AimlGrant = components['schemas']['Grant'];

/**
 * A request for access (`POST /api/aiml/access/grants`).
 *
 * @public
 */
export type AimlGrantRequest = components['schemas']['GrantRequest'];

/**
 * One page of grants (`GET /api/aiml/access/grants`), newest first.
 *
 * @public
 */
export type AimlGrantPage = components['schemas']['GrantPage'];

/**
 * A team's accelerator quota per namespace (`GET /api/aiml/teams/{team}/quota`).
 *
 * @public
 */
export type AimlTeamQuotaAnswer = components['schemas']['TeamQuotaAnswer'];

/**
 * One instance type of the effective price book.
 *
 * @public
 */
export type AimlPriceBookEntry = components['schemas']['InstancePrice'];

/**
 * The effective price book (`GET /api/aiml/pricing`).
 *
 * @public
 */
export type AimlPriceBookAnswer = components['schemas']['Pricing'];

/**
 * A usage window, `[from, to)` as `YYYY-MM-DD` (UTC).
 *
 * @public
 */
export type AimlUsageWindow = components['schemas']['UsageWindow'];

/**
 * Whether a cluster's usage could be read for a window.
 *
 * @public
 */
export type AimlClusterSourceStatus =
  components['schemas']['ClusterSourceStatus'];

/**
 * A team's monthly budget against its spend this month.
 *
 * @public
 */
export type AimlBudget = components['schemas']['Budget'];

/**
 * How one team's headline figures changed against the previous period of equal length.
 *
 * @public
 */
export type AimlTeamChange = Pick<
  components['schemas']['TeamChange'],
  'team'
> & {
  [K in
    | 'spend'
    | 'idleSpend'
    | 'allocatedHours'
    | 'busyHours'
    | 'efficiency']: CostChange;
};

/**
 * A usage answer (`GET /api/aiml/usage/...`): the cost report of the window, how it
 * changed against the previous period of equal length, where prices come from, and per
 * cluster whether its usage is in it; what each route adds (teams, team and budget,
 * project, cluster). The report's own shape is {@link CostReport}.
 *
 * @public
 */
export type AimlUsage = Omit<
  components['schemas']['Usage'],
  'report' | 'comparison' | 'previousTotals' | 'teamChanges'
> & {
  report: CostReport;
  comparison: CostComparison;
  previousTotals: CostTotals;
  teamChanges?: AimlTeamChange[];
};

/**
 * What a held workload waits for: `image` or `pod-identity`.
 *
 * @public
 */
export type AimlWorkloadPrerequisiteName =
  components['schemas']['WorkloadPrerequisite'];

/**
 * Something a project's held workloads still wait for, saying what to do.
 *
 * @public
 */
export type AimlMissingPrerequisite =
  components['schemas']['MissingPrerequisite'];

/**
 * One workload of a project as `GET /projects/{namespace}/{name}/workloads` lists it.
 *
 * @public
 */
export type AimlProjectWorkload = components['schemas']['ProjectWorkload'];

/**
 * A project's workloads and what the held ones wait for
 * (`GET /api/aiml/projects/{namespace}/{name}/workloads`).
 *
 * @public
 */
export type AimlProjectWorkloads = components['schemas']['ProjectWorkloads'];

/**
 * What `POST /api/aiml/projects/{namespace}/{name}/resume` started, and the workloads after.
 *
 * @public
 */
export type AimlWorkloadsStarted = components['schemas']['WorkloadsStarted'];

/**
 * One line of the chargeback: a cost center's spend on one cluster and accelerator type
 * in a month, with the price source it used.
 *
 * @public
 */
export type AimlChargebackLine = components['schemas']['ChargebackLine'];

/**
 * A month's chargeback (`GET /api/aiml/usage/chargeback?month=YYYY-MM`): its lines, their
 * totals, where prices come from and whether every cluster's usage is in it.
 *
 * @public
 */
export type AimlChargeback = components['schemas']['Chargeback'];

/**
 * How a cluster shares accelerators between teams: `quota` or `kueue` with its cohort.
 *
 * @public
 */
export type AimlClusterScheduling = components['schemas']['ClusterScheduling'];

/**
 * Where a workload of a Kueue cluster is: held, pending, admitted, borrowing, preempted,
 * inactive or finished.
 *
 * @public
 */
export type AimlWorkloadQueueState =
  components['schemas']['WorkloadQueueState'];

/**
 * The Kueue queue state of one workload, read from its Workload object.
 *
 * @public
 */
export type AimlWorkloadQueue = components['schemas']['WorkloadQueue'];

/**
 * One resource of one ResourceFlavor of a ClusterQueue: nominal, used, borrowed, lent.
 *
 * @public
 */
export type AimlQueueResource = components['schemas']['QueueResource'];

/**
 * A team's ClusterQueue on one Kueue cluster.
 *
 * @public
 */
export type AimlTeamQueue = components['schemas']['TeamQueue'];

/**
 * A team's Kueue queues (`GET /api/aiml/queues/teams/{team}`).
 *
 * @public
 */
export type AimlTeamQueues = components['schemas']['TeamQueues'];

/**
 * What one team's queue borrows of another's unused quota.
 *
 * @public
 */
export type AimlCohortLoan = components['schemas']['CohortLoan'];

/**
 * A Kueue cluster's cohort: the teams' queues and who borrows from whom.
 *
 * @public
 */
export type AimlCohort = components['schemas']['Cohort'];

/**
 * Every Kueue cluster's cohort (`GET /api/aiml/queues/cohorts`).
 *
 * @public
 */
export type AimlCohortList = components['schemas']['CohortList'];
