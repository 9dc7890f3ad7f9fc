import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AccessBroker } from '../services/access/accessBroker';
import { Grant } from '../services/access/types';
import { grantRequestLimiter } from '../services/limits/requestRateLimiter';
import { registerAccessActions } from './accessActions';
import { testAccess } from './__testUtils__/testAccess';

const grant = (over: Partial<Grant>): Grant => ({
  id: 'a1b2c3d4e5f6',
  userRef: 'user:default/maya',
  team: 'ml-research',
  cluster: 'ml-sandbox-use1',
  level: 'view',
  breakGlass: false,
  strategy: 'token',
  namespaces: ['ml-research'],
  reason: 'debug a training run',
  state: 'active',
  createdAt: '2026-06-15T12:00:00.000Z',
  expiresAt: '2026-06-15T13:00:00.000Z',
  updatedAt: '2026-06-15T12:00:00.000Z',
  ...over,
});

function setup(perMinute = 10) {
  const registry = actionsRegistryServiceMock();
  const broker = {
    request: jest.fn(async (_c: unknown, input: any) => ({
      grant: grant({ team: input.team, level: input.level }),
      created: true,
    })),
    list: jest.fn(async () => ({ items: [grant({})], nextCursor: 'next' })),
    listInScope: jest.fn(async (scope: any) => ({
      items: [grant({ team: scope.teams[0] ?? 'recsys' })],
    })),
  };
  registerAccessActions(registry, {
    broker: broker as unknown as AccessBroker,
    access: testAccess(
      {},
      new Map([['external:recsys-report', { teams: ['recsys'] }]]),
    ),
    requests: grantRequestLimiter(perMinute),
    grantUrl: g => `https://portal.example/catalog/default/group/${g.team}`,
  });
  const invoke = (name: string, credentials: any, input: any = {}) =>
    registry.invoke({ id: `test:${name}`, input, credentials }) as Promise<{
      output: any;
    }>;
  return { broker, invoke };
}

const REQUEST = {
  cluster: 'ml-sandbox-use1',
  team: 'ml-research',
  level: 'view',
  ttl: 'PT1H',
  reason: 'debug a training run',
};

describe('aiml:request-access', () => {
  it("requests through the broker as the caller, validated as POST /access/grants, and answers the grant's id, state and link", async () => {
    const { invoke, broker } = setup();
    const maya = mockCredentials.user('user:default/maya');
    const { output } = await invoke('request-access', maya, REQUEST);
    expect(broker.request).toHaveBeenCalledWith(maya, {
      cluster: 'ml-sandbox-use1',
      team: 'ml-research',
      level: 'view',
      ttlMs: 3_600_000,
      reason: 'debug a training run',
      breakGlass: false,
    });
    expect(output.created).toBe(true);
    expect(output.grant).toMatchObject({
      id: 'a1b2c3d4e5f6',
      state: 'active',
      portalUrl: 'https://portal.example/catalog/default/group/ml-research',
    });
    expect(JSON.stringify(output)).not.toMatch(/kubeconfig|token|principal/i);
  });

  it("asks the team's leads when told to, as POST /access/grants with requestApproval", async () => {
    const { invoke, broker } = setup();
    const omar = mockCredentials.user('user:default/omar');
    await invoke('request-access', omar, { ...REQUEST, requestApproval: true });
    expect(broker.request).toHaveBeenCalledWith(
      omar,
      expect.objectContaining({ team: 'ml-research', requestApproval: true }),
    );
  });

  it('refuses admin (break-glass stays in the portal) and a ttl the HTTP API refuses', async () => {
    const { invoke, broker } = setup();
    const maya = mockCredentials.user('user:default/maya');
    await expect(
      invoke('request-access', maya, { ...REQUEST, level: 'admin' }),
    ).rejects.toThrow(/Invalid input/);
    await expect(
      invoke('request-access', maya, { ...REQUEST, ttl: 'PT5M' }),
    ).rejects.toThrow('"ttl" must be at least 10 minutes (PT10M), got PT5M');
    expect(broker.request).not.toHaveBeenCalled();
  });

  it('refuses every service, even one that reads grants', async () => {
    const { invoke, broker } = setup();
    await expect(
      invoke(
        'request-access',
        mockCredentials.service('external:recsys-report'),
        REQUEST,
      ),
    ).rejects.toThrow(/Only people request grants/);
    expect(broker.request).not.toHaveBeenCalled();
  });

  it('counts requests against the per-person bound', async () => {
    const { invoke, broker } = setup(2);
    const maya = mockCredentials.user('user:default/maya');
    await invoke('request-access', maya, REQUEST);
    await invoke('request-access', maya, REQUEST);
    await expect(invoke('request-access', maya, REQUEST)).rejects.toThrow(
      /at most 2 a minute per person/,
    );
    expect(broker.request).toHaveBeenCalledTimes(2);
  });
});

describe('aiml:list-grants', () => {
  it("lists a person's grants through the broker's rule, with the query as GET /access/grants reads it", async () => {
    const { invoke, broker } = setup();
    const maya = mockCredentials.user('user:default/maya');
    const { output } = await invoke('list-grants', maya, {
      states: ['active', 'pending'],
      limit: 5,
    });
    expect(broker.list).toHaveBeenCalledWith(maya, {
      limit: 5,
      states: ['active', 'pending'],
    });
    expect(output.grants).toHaveLength(1);
    expect(output.grants[0].portalUrl).toBe(
      'https://portal.example/catalog/default/group/ml-research',
    );
    expect(output.nextCursor).toBe('next');
  });

  it('says what to fix for an unknown state', async () => {
    const { invoke } = setup();
    await expect(
      invoke('list-grants', mockCredentials.user('user:default/maya'), {
        states: ['asleep'],
      }),
    ).rejects.toThrow(/"state" must be a comma-separated list/);
  });

  it('lets a service read only the teams aiml.serviceAccess lists, one at a time', async () => {
    const { invoke, broker } = setup();
    const recsys = mockCredentials.service('external:recsys-report');
    const { output } = await invoke('list-grants', recsys, { team: 'recsys' });
    expect(broker.listInScope).toHaveBeenCalledWith(
      { teams: ['recsys'] },
      { limit: 100, team: 'recsys' },
    );
    expect(output.grants[0].team).toBe('recsys');
    await expect(invoke('list-grants', recsys, {})).rejects.toThrow(
      /reads the grants of teams recsys only/,
    );
    await expect(
      invoke('list-grants', mockCredentials.service('external:curious'), {}),
    ).rejects.toThrow(/may not read access grants/);
  });
});
