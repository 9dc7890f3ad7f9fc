import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AimlCluster,
  AimlClusterList,
  AimlCohortList,
  AimlGrant,
  AimlGrantPage,
  AimlGrantRequest,
  AimlPriceBookAnswer,
  AimlProjectWorkloads,
  AimlTeamQueues,
  AimlTeamQuotaAnswer,
  AimlUsage,
  AimlWorkloadsStarted,
  TeamQuota,
} from '@eks-aiml/plugin-aiml-common';
import type {
  AimlApi,
  AimlPricing,
  AimlUsagePeriod,
  AimlUsageTarget,
} from './AimlApi';

/** The price book as the client gives it: a price the book lacks is undefined, not null. */
export function toPricing(body: AimlPriceBookAnswer): AimlPricing {
  return {
    currency: body.currency,
    source: body.source,
    instanceTypes: body.instanceTypes.map(p => ({
      instanceType: p.instanceType,
      onDemandHourly: p.onDemandHourly ?? undefined,
      spotHourly: p.spotHourly ?? undefined,
    })),
  };
}

/**
 * The HTTP client of the aiml backend, through the app's discovery and fetch APIs
 * (so every request carries the user's Backstage token).
 *
 * @public
 */
export class AimlClient implements AimlApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('aiml');
    const res = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await this.request(path, init)).json();
  }

  async listClusters(): Promise<AimlCluster[]> {
    const body = await this.json<AimlClusterList>('/clusters');
    return body.items;
  }

  async getCluster(name: string): Promise<AimlCluster> {
    return this.json(`/clusters/${encodeURIComponent(name)}`);
  }

  async listGrants(options?: {
    team?: string;
    states?: AimlGrant['state'][];
  }): Promise<AimlGrant[]> {
    // The first page only, as large as the backend allows: the newest grants.
    const query = new URLSearchParams({ limit: '500' });
    if (options?.team) query.set('team', options.team);
    if (options?.states) query.set('state', options.states.join(','));
    const body = await this.json<AimlGrantPage>(`/access/grants?${query}`);
    return body.items;
  }

  async requestGrant(request: AimlGrantRequest): Promise<AimlGrant> {
    return this.json('/access/grants', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async answerGrant(
    id: string,
    answer: 'approve' | 'deny',
    reason: string,
  ): Promise<AimlGrant> {
    return this.json(`/access/grants/${encodeURIComponent(id)}/${answer}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
  }

  async revokeGrant(id: string): Promise<AimlGrant> {
    return this.json(`/access/grants/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  async getKubeconfig(id: string): Promise<string> {
    const res = await this.request(
      `/access/grants/${encodeURIComponent(id)}/kubeconfig`,
      { cache: 'no-store' },
    );
    return res.text();
  }

  async getPricing(): Promise<AimlPricing> {
    return toPricing(await this.json<AimlPriceBookAnswer>('/pricing'));
  }

  async getTeamQuota(team: string): Promise<TeamQuota> {
    const body = await this.json<AimlTeamQuotaAnswer>(
      `/teams/${encodeURIComponent(team)}/quota`,
    );
    return body.quota;
  }

  async getTeamsUsage(period?: AimlUsagePeriod): Promise<AimlUsage> {
    return this.json(usagePath({ kind: 'teams' }, period));
  }

  async getTeamUsage(
    team: string,
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage> {
    return this.json(usagePath({ kind: 'team', team }, period));
  }

  async getProjectUsage(
    project: { namespace: string; name: string },
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage> {
    return this.json(usagePath({ kind: 'project', ...project }, period));
  }

  async getClusterUsage(
    cluster: string,
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage> {
    return this.json(usagePath({ kind: 'cluster', cluster }, period));
  }

  async getProjectWorkloads(project: {
    namespace: string;
    name: string;
  }): Promise<AimlProjectWorkloads> {
    return this.json(`${projectPath(project)}/workloads`);
  }

  async resumeProject(project: {
    namespace: string;
    name: string;
  }): Promise<AimlWorkloadsStarted> {
    return this.json(`${projectPath(project)}/resume`, { method: 'POST' });
  }

  async getTeamQueues(team: string): Promise<AimlTeamQueues> {
    return this.json(`/queues/teams/${encodeURIComponent(team)}`);
  }

  async getCohorts(): Promise<AimlCohortList> {
    return this.json('/queues/cohorts');
  }

  async getUsageCsv(
    target: AimlUsageTarget,
    period?: AimlUsagePeriod,
  ): Promise<string> {
    return this.csv(usagePath(target, period, 'csv'));
  }

  async getChargebackCsv(month: string): Promise<string> {
    const query = new URLSearchParams({ month, format: 'csv' });
    return this.csv(`/usage/chargeback?${query}`);
  }

  private async csv(path: string): Promise<string> {
    const res = await this.request(path, { headers: { Accept: 'text/csv' } });
    return res.text();
  }
}

/** The path of a project's routes. */
function projectPath(project: { namespace: string; name: string }): string {
  const e = encodeURIComponent;
  return `/projects/${e(project.namespace)}/${e(project.name)}`;
}

/** The path of a usage route with its query. */
export function usagePath(
  target: AimlUsageTarget,
  period?: AimlUsagePeriod,
  format?: 'csv',
): string {
  const e = encodeURIComponent;
  let path: string;
  switch (target.kind) {
    case 'teams':
      path = '/usage/teams';
      break;
    case 'team':
      path = `/usage/teams/${e(target.team)}`;
      break;
    case 'project':
      path = `/usage/projects/${e(target.namespace)}/${e(target.name)}`;
      break;
    case 'cluster':
    default:
      path = `/usage/clusters/${e(target.cluster)}`;
      break;
  }
  const query = new URLSearchParams();
  if (period?.from) query.set('from', period.from);
  if (period?.to) query.set('to', period.to);
  if (format) query.set('format', format);
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}
