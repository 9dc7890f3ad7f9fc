import type {
  CostChange,
  CostComparison,
  CostReport,
} from '@eks-aiml/plugin-aiml-common';

/**
 * How people get credentials for a cluster: a broker-issued ServiceAccount token
 * (`token`) or their own IAM identity through an EKS access entry (`access-entry`).
 *
 * @public
 */
export type AimlAccessStrategy = 'token' | 'access-entry';

/**
 * Accelerator capacity of one node group or Karpenter NodePool of a cluster.
 *
 * @public
 */
export interface AimlClusterCapacity {
  /** The node group or NodePool name. */
  pool: string;
  /** Where the capacity comes from. */
  source: 'nodegroup' | 'nodepool';
  /** The EC2 instance type. */
  instanceType: string;
  /** `on-demand` or `spot`. */
  capacityType: 'on-demand' | 'spot';
  /** The accelerator model key, e.g. `nvidia-a10g`. */
  acceleratorType: string;
  /** `nvidia.com/gpu` or `aws.amazon.com/neuroncore`. */
  resource: string;
  /** GPUs (devices) or NeuronCores. */
  units: number;
}

/**
 * A configured cluster as `GET /api/aiml/clusters` describes it (never credentials).
 *
 * @public
 */
export interface AimlCluster {
  /** The EKS cluster name. */
  name: string;
  /** The AWS region. */
  region: string;
  /** The AWS account id. */
  accountId?: string;
  /** The Kubernetes version, e.g. `1.31`. */
  kubernetesVersion?: string;
  /** The EKS status, e.g. `ACTIVE`. */
  status?: string;
  /** How access is granted, and for how long at most. */
  access: { strategy: AimlAccessStrategy; maxTtlSeconds: number };
  /** Accelerator capacity by pool. */
  capacity: AimlClusterCapacity[];
  /** Set when EKS or the cluster did not answer; the other fields are then partial. */
  error?: string;
}

/**
 * The access level of a grant; `admin` only through break-glass.
 *
 * @public
 */
export type AimlGrantLevel = 'view' | 'edit' | 'admin';

/**
 * The life of a grant.
 *
 * @public
 */
export type AimlGrantState =
  | 'pending'
  | 'active'
  | 'revoking'
  | 'revoked'
  | 'failed';

/**
 * A time-bound grant of access to a team's namespaces on a cluster.
 *
 * @public
 */
export interface AimlGrant {
  /** The grant id (12 hex digits). */
  id: string;
  /** The grantee, e.g. `user:default/maya`. */
  userRef: string;
  /** The team (Group name). */
  team: string;
  /** The cluster name. */
  cluster: string;
  /** The access level. */
  level: AimlGrantLevel;
  /** Whether this is a break-glass grant. */
  breakGlass: boolean;
  /** The strategy of the cluster when the grant was made. */
  strategy: AimlAccessStrategy;
  /** The team's namespaces the grant covers. */
  namespaces: string[];
  /** Why access was requested. */
  reason: string;
  /** Where the grant is in its life. */
  state: AimlGrantState;
  /** ISO timestamps. */
  createdAt: string;
  /** When access ends. */
  expiresAt: string;
  /** Last change. */
  updatedAt: string;
  /** When it was revoked. */
  revokedAt?: string;
  /** Who revoked it. */
  revokedBy?: string;
  /** Why it ended. */
  endReason?: 'expired' | 'revoked' | 'membership' | 'failed';
  /** What went wrong, for failed grants. */
  failure?: string;
}

/**
 * A request for access (`POST /api/aiml/access/grants`).
 *
 * @public
 */
export interface AimlGrantRequest {
  /** A configured cluster name. */
  cluster: string;
  /** The team (Group name). */
  team: string;
  /** `view` or `edit`; omitted for break-glass (always admin). */
  level?: 'view' | 'edit';
  /** ISO-8601 duration, e.g. `PT2H`. */
  ttl: string;
  /** Why access is needed (3–500 characters). */
  reason: string;
  /** Platform admins only: admin level for at most an hour. */
  breakGlass?: boolean;
}

/**
 * Prices of one accelerated instance type (`GET /api/aiml/pricing`).
 *
 * @public
 */
export interface AimlInstancePrice {
  /** The EC2 instance type. */
  instanceType: string;
  /** On-demand price per instance-hour, or undefined when the book has none. */
  onDemandHourly?: number;
  /** Spot price per instance-hour, or undefined when the book has none. */
  spotHourly?: number;
}

/**
 * The effective price book.
 *
 * @public
 */
export interface AimlPricing {
  /** ISO 4217 currency of every price. */
  currency: string;
  /** Where the prices come from (e.g. built-in list with config overrides), when the backend says. */
  source?: string;
  /** Prices per instance type. */
  instanceTypes: AimlInstancePrice[];
}

/**
 * A usage window: `[from, to)` as ISO dates (UTC); both omitted means the backend's
 * default (the last 30 full days).
 *
 * @public
 */
export interface AimlUsagePeriod {
  /** Inclusive start, `YYYY-MM-DD` or an ISO timestamp. */
  from?: string;
  /** Exclusive end, `YYYY-MM-DD` or an ISO timestamp. */
  to?: string;
}

/**
 * Budget and forecast of a team, when one is set.
 *
 * @public
 */
export interface AimlBudget {
  /** The monthly budget in the report's currency. */
  monthly: number;
  /** Linear month-end spend forecast of the current month, when the backend computes one. */
  forecast?: number;
  /** The current month, `YYYY-MM` (UTC). */
  month?: string;
  /** Spend of the current month so far. */
  spendToDate?: number;
  /** Whether the forecast exceeds the budget. */
  willExceed?: boolean;
  /** False when a metrics source failed or answered in part: the spend may be short. */
  complete?: boolean;
}

/**
 * A usage answer: the cost report of the period, how it changed against the previous
 * period of equal length, and what the backend adds (price source, budget).
 *
 * @public
 */
export interface AimlUsage {
  /** The report of the period. */
  report: CostReport;
  /** Change against the previous period, when the backend computed it. */
  comparison?: CostComparison;
  /** Where prices come from. */
  priceSource?: string;
  /** The team's budget, when set. */
  budget?: AimlBudget;
  /** Teams list only: how each team's spend changed against the previous period. */
  teamChanges?: AimlTeamChange[];
  /** Teams list only: whether the caller sees the whole fleet (capacity, unallocated, unattributed). */
  fleet?: boolean;
}

/**
 * How one team's spend changed against the previous period of equal length.
 *
 * @public
 */
export interface AimlTeamChange {
  /** The team. */
  team: string;
  /** The change of its spend. */
  spend: CostChange;
}

/**
 * What a usage CSV covers.
 *
 * @public
 */
export type AimlUsageTarget =
  | { kind: 'teams' }
  | { kind: 'team'; team: string }
  | { kind: 'project'; namespace: string; name: string }
  | { kind: 'cluster'; cluster: string };
