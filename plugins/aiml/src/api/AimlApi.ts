import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AimlCluster,
  AimlCohortList,
  AimlGrant,
  AimlGrantRequest,
  AimlPriceBookEntry,
  AimlPriceBookAnswer,
  AimlProjectWorkloads,
  AimlTeamQueues,
  AimlUsage,
  AimlWorkloadsStarted,
  TeamQuota,
} from '@eks-aiml/plugin-aiml-common';

/**
 * Prices of one accelerated instance type, as the client gives them: a price the book
 * lacks (null in `GET /api/aiml/pricing`) is undefined.
 *
 * @public
 */
export type AimlInstancePrice = Pick<AimlPriceBookEntry, 'instanceType'> & {
  [K in 'onDemandHourly' | 'spotHourly']?: NonNullable<AimlPriceBookEntry[K]>;
};

/**
 * The effective price book, as the client gives it.
 *
 * @public
 */
export type AimlPricing = Pick<AimlPriceBookAnswer, 'currency'> &
  Partial<Pick<AimlPriceBookAnswer, 'source'>> & {
    /** Prices per instance type. */
    instanceTypes: AimlInstancePrice[];
  };

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
 * What a usage CSV covers.
 *
 * @public
 */
export type AimlUsageTarget =
  | { kind: 'teams' }
  | { kind: 'team'; team: string }
  | { kind: 'project'; namespace: string; name: string }
  | { kind: 'cluster'; cluster: string };

/**
 * The client of the aiml backend (`/api/aiml`). Every method throws a `ResponseError`
 * carrying the backend's message when the backend refuses.
 *
 * @public
 */
export interface AimlApi {
  /** The configured clusters with their capacity and access rules. */
  listClusters(): Promise<AimlCluster[]>;
  /** One configured cluster. */
  getCluster(name: string): Promise<AimlCluster>;

  /**
   * The caller's grants and those of the teams they may see: the newest 500. With
   * `team`, only that team's; with `states`, only grants in those states.
   */
  listGrants(options?: {
    team?: string;
    states?: AimlGrant['state'][];
  }): Promise<AimlGrant[]>;
  /**
   * Requests access; the grant is active when this resolves, or `requested` (waiting
   * for the team's leads) when the request asked for approval.
   */
  requestGrant(request: AimlGrantRequest): Promise<AimlGrant>;
  /**
   * Approves or denies a requested grant, with a reason (the team's leads and
   * platform admins; never the requester).
   */
  answerGrant(
    id: string,
    answer: 'approve' | 'deny',
    reason: string,
  ): Promise<AimlGrant>;
  /** Revokes a grant (the grantee, the team's leads and platform admins may). */
  revokeGrant(id: string): Promise<AimlGrant>;
  /** The kubeconfig (YAML) of an active token grant; only for its grantee. */
  getKubeconfig(id: string): Promise<string>;

  /** The effective price book. */
  getPricing(): Promise<AimlPricing>;
  /** A team's accelerator quota per namespace (what provisioning writes). */
  getTeamQuota(team: string): Promise<TeamQuota>;

  /** Usage of every team the caller may see (`byTeam` of the report). */
  getTeamsUsage(period?: AimlUsagePeriod): Promise<AimlUsage>;
  /** Usage of one team. */
  getTeamUsage(team: string, period?: AimlUsagePeriod): Promise<AimlUsage>;
  /** Usage of one project (a catalog Component). */
  getProjectUsage(
    project: { namespace: string; name: string },
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage>;
  /** Capacity, allocation and utilization of one cluster. */
  getClusterUsage(
    cluster: string,
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage>;
  /** A project's held and running workloads, and what the held ones still wait for. */
  getProjectWorkloads(project: {
    namespace: string;
    name: string;
  }): Promise<AimlProjectWorkloads>;
  /**
   * Starts a project's held workloads; refused (409, the backend's message naming what
   * is missing) until its image and Pod Identity association exist.
   */
  resumeProject(project: {
    namespace: string;
    name: string;
  }): Promise<AimlWorkloadsStarted>;
  /** A team's Kueue queue on each cluster with `scheduling: kueue` (readers of its usage). */
  getTeamQueues(team: string): Promise<AimlTeamQueues>;
  /** Every Kueue cluster's cohort: who borrows from whom (callers who see every team; 403 otherwise). */
  getCohorts(): Promise<AimlCohortList>;

  /** A usage report as CSV text. */
  getUsageCsv(
    target: AimlUsageTarget,
    period?: AimlUsagePeriod,
  ): Promise<string>;
  /**
   * A month's chargeback as CSV text: a line per cost center, cluster and accelerator
   * type. Only for those who see every team (FinOps, platform admins); refused (403)
   * otherwise.
   */
  getChargebackCsv(month: string): Promise<string>;
}

/**
 * The API reference of {@link AimlApi}.
 *
 * @public
 */
export const aimlApiRef = createApiRef<AimlApi>({ id: 'plugin.aiml.service' });
