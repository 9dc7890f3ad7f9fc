import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CostReport, TeamQuota } from '@eks-aiml/plugin-aiml-common';
import { AimlApi } from './AimlApi';
import type {
  AimlCluster,
  AimlGrant,
  AimlGrantRequest,
  AimlInstancePrice,
  AimlPricing,
  AimlUsage,
  AimlUsagePeriod,
  AimlUsageTarget,
} from './types';

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** Reads `GET /pricing`: a list of instance types, or an object keyed by instance type. */
export function parsePricing(body: any): AimlPricing {
  const currency = typeof body?.currency === 'string' ? body.currency : 'USD';
  let list: any[];
  if (Array.isArray(body?.instanceTypes)) {
    list = body.instanceTypes;
  } else if (Array.isArray(body?.items)) {
    list = body.items;
  } else {
    list = Object.entries(body?.prices ?? body?.instanceTypes ?? {}).map(
      ([instanceType, v]: [string, any]) => ({ instanceType, ...v }),
    );
  }
  const instanceTypes: AimlInstancePrice[] = list
    .filter(p => typeof p?.instanceType === 'string')
    .map(p => ({
      instanceType: p.instanceType,
      onDemandHourly: num(p.onDemandHourly ?? p.onDemand),
      spotHourly: num(p.spotHourly ?? p.spot),
    }));
  return {
    currency,
    source: typeof body?.source === 'string' ? body.source : undefined,
    instanceTypes,
  };
}

/** Reads a usage answer: `{report, comparison?, ...}` or a bare cost report. */
export function parseUsage(body: any): AimlUsage {
  if (body?.report?.totals) {
    return body as AimlUsage;
  }
  if (body?.totals) {
    const { comparison, priceSource, budget, ...report } = body;
    return {
      report: report as CostReport,
      comparison,
      priceSource,
      budget,
    };
  }
  throw new Error(
    'The aiml backend answered without a usage report; is the backend the same version as the app?',
  );
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
    const body = await this.json<{ items: AimlCluster[] }>('/clusters');
    return body.items;
  }

  async getCluster(name: string): Promise<AimlCluster> {
    return this.json(`/clusters/${encodeURIComponent(name)}`);
  }

  async listGrants(options?: { team?: string }): Promise<AimlGrant[]> {
    // The first page only, as large as the backend allows: the newest grants.
    const query = new URLSearchParams({ limit: '500' });
    if (options?.team) query.set('team', options.team);
    const body = await this.json<{ items: AimlGrant[] }>(
      `/access/grants?${query}`,
    );
    return body.items;
  }

  async requestGrant(request: AimlGrantRequest): Promise<AimlGrant> {
    return this.json('/access/grants', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
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
    return parsePricing(await this.json('/pricing'));
  }

  async getTeamQuota(team: string): Promise<TeamQuota> {
    const body = await this.json<{ quota: TeamQuota }>(
      `/teams/${encodeURIComponent(team)}/quota`,
    );
    return body.quota;
  }

  async getTeamsUsage(period?: AimlUsagePeriod): Promise<AimlUsage> {
    return parseUsage(await this.json(usagePath({ kind: 'teams' }, period)));
  }

  async getTeamUsage(
    team: string,
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage> {
    return parseUsage(
      await this.json(usagePath({ kind: 'team', team }, period)),
    );
  }

  async getProjectUsage(
    project: { namespace: string; name: string },
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage> {
    return parseUsage(
      await this.json(usagePath({ kind: 'project', ...project }, period)),
    );
  }

  async getClusterUsage(
    cluster: string,
    period?: AimlUsagePeriod,
  ): Promise<AimlUsage> {
    return parseUsage(
      await this.json(usagePath({ kind: 'cluster', cluster }, period)),
    );
  }

  async getUsageCsv(
    target: AimlUsageTarget,
    period?: AimlUsagePeriod,
  ): Promise<string> {
    const res = await this.request(usagePath(target, period, 'csv'), {
      headers: { Accept: 'text/csv' },
    });
    return res.text();
  }
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
