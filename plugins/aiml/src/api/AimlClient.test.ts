import { ResponseError } from '@backstage/errors';
import { AimlClient, toPricing, usagePath } from './AimlClient';

function jsonResponse(
  status: number,
  body: unknown,
  type = 'application/json',
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: String(status),
    headers: { get: () => type },
    json: async () => JSON.parse(text),
    text: async () => text,
  } as unknown as Response;
}

function client(response: Response) {
  const fetch = jest.fn().mockResolvedValue(response);
  const api = new AimlClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backstage/api/${id}`,
    },
    fetchApi: { fetch },
  });
  return { api, fetch };
}

describe('AimlClient', () => {
  it('lists clusters', async () => {
    const { api, fetch } = client(
      jsonResponse(200, { items: [{ name: 'c1' }] }),
    );
    await expect(api.listClusters()).resolves.toEqual([{ name: 'c1' }]);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/aiml/clusters',
      undefined,
    );
  });

  it('lists the first page of grants, as large as the backend allows', async () => {
    const { api, fetch } = client(
      jsonResponse(200, { items: [{ id: 'g1' }], nextCursor: 'abc' }),
    );
    await expect(api.listGrants()).resolves.toEqual([{ id: 'g1' }]);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/aiml/access/grants?limit=500',
      undefined,
    );
  });

  it("asks for one team's grants", async () => {
    const { api, fetch } = client(jsonResponse(200, { items: [] }));
    await api.listGrants({ team: 'ml-research' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/aiml/access/grants?limit=500&team=ml-research',
      undefined,
    );
  });

  it('lists the requests waiting for approval, and answers one with a reason', async () => {
    const { api, fetch } = client(jsonResponse(200, { items: [] }));
    await api.listGrants({ states: ['requested'] });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/aiml/access/grants?limit=500&state=requested',
    );
    await api.answerGrant('a1b2c3d4e5f6', 'deny', 'use the dashboards');
    const [url, init] = fetch.mock.calls[1];
    expect(url).toBe(
      'http://backstage/api/aiml/access/grants/a1b2c3d4e5f6/deny',
    );
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({ reason: 'use the dashboards' });
  });

  it('posts grant requests as JSON', async () => {
    const { api, fetch } = client(jsonResponse(201, { id: 'x' }));
    await api.requestGrant({
      cluster: 'c1',
      team: 't',
      level: 'view',
      ttl: 'PT1H',
      reason: 'why not',
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/aiml/access/grants');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({
      cluster: 'c1',
      team: 't',
      level: 'view',
      ttl: 'PT1H',
      reason: 'why not',
    });
  });

  it('throws the backend error with its message', async () => {
    const { api } = client(
      jsonResponse(403, {
        error: { name: 'NotAllowedError', message: 'only members may' },
        response: { statusCode: 403 },
      }),
    );
    const error = await api.revokeGrant('abc').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe('only members may');
  });

  it('returns the kubeconfig as text, uncached', async () => {
    const { api, fetch } = client(
      jsonResponse(200, 'apiVersion: v1\n', 'application/yaml'),
    );
    await expect(api.getKubeconfig('a1b2c3d4e5f6')).resolves.toBe(
      'apiVersion: v1\n',
    );
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/aiml/access/grants/a1b2c3d4e5f6/kubeconfig',
    );
    expect(fetch.mock.calls[0][1]).toEqual({ cache: 'no-store' });
  });

  it("asks for a month's chargeback as CSV", async () => {
    const { api, fetch } = client(
      jsonResponse(200, 'month,cost_center\r\n', 'text/csv'),
    );
    await expect(api.getChargebackCsv('2026-06')).resolves.toBe(
      'month,cost_center\r\n',
    );
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/aiml/usage/chargeback?month=2026-06&format=csv',
    );
    expect(fetch.mock.calls[0][1]).toEqual({
      headers: { Accept: 'text/csv' },
    });
  });

  it('builds usage paths with the period and format', () => {
    expect(usagePath({ kind: 'teams' })).toBe('/usage/teams');
    expect(
      usagePath(
        { kind: 'team', team: 'ml-research' },
        { from: '2026-07-01', to: '2026-07-08' },
      ),
    ).toBe('/usage/teams/ml-research?from=2026-07-01&to=2026-07-08');
    expect(
      usagePath(
        { kind: 'project', namespace: 'default', name: 'llama' },
        undefined,
        'csv',
      ),
    ).toBe('/usage/projects/default/llama?format=csv');
    expect(usagePath({ kind: 'cluster', cluster: 'c/1' })).toBe(
      '/usage/clusters/c%2F1',
    );
  });

  it('reads the price book as the backend sends it; a price it lacks is undefined', () => {
    const entry = {
      acceleratorType: null,
      acceleratorName: null,
      resource: null,
      accelerators: null,
      units: null,
      memoryGiBPerDevice: null,
      onDemandPerAcceleratorHour: null,
      spotPerAcceleratorHour: null,
      overridden: true,
    };
    expect(
      toPricing({
        currency: 'USD',
        source: 'built-in',
        spotDiscount: 0.6,
        aws: { enabled: false, fetches: [] },
        clusters: [],
        instanceTypes: [
          {
            ...entry,
            instanceType: 'g5.xlarge',
            onDemandHourly: 1.006,
            spotHourly: 0.4,
          },
          {
            ...entry,
            instanceType: 'x1.custom',
            onDemandHourly: 1,
            spotHourly: null,
          },
        ],
      }),
    ).toEqual({
      currency: 'USD',
      source: 'built-in',
      instanceTypes: [
        { instanceType: 'g5.xlarge', onDemandHourly: 1.006, spotHourly: 0.4 },
        { instanceType: 'x1.custom', onDemandHourly: 1, spotHourly: undefined },
      ],
    });
  });

  it('returns the usage answer as the backend sends it', async () => {
    const answer = { report: { totals: { spend: 1 } }, comparison: {} };
    const { api, fetch } = client(jsonResponse(200, answer));
    await expect(
      api.getTeamUsage('ml-research', { from: '2026-07-01' }),
    ).resolves.toEqual(answer);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/aiml/usage/teams/ml-research?from=2026-07-01',
    );
  });
});
