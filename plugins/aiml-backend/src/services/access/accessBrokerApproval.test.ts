import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AccessBroker, AccessBrokerDeps } from './accessBroker';
import { GrantStore } from './grantStore';
import { Grant, GrantRequest } from './types';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const HOUR = 3600_000;
const MAYA = 'user:default/maya'; // member of recsys, asks for ml-research
const LEE = 'user:default/lee'; // lead of ml-research
const OMAR = 'user:default/omar'; // member of ml-research, not a lead

/**
 * The broker over a real grant store and fakes for the rest: the permission
 * decisions the portal policy would answer (members request, leads approve), and
 * a lifecycle that activates a pending grant as the strategies do.
 */
async function setup() {
  const store = await GrantStore.create({
    getClient: async () => databases.init('SQLITE_3'),
  } as any);
  let nowMs = 1_000_000;
  const audit: string[] = [];
  const told: string[] = [];
  const groups: Record<string, string[]> = {
    [MAYA]: ['group:default/recsys'],
    [LEE]: ['group:default/ml-research'],
    [OMAR]: ['group:default/ml-research'],
  };
  const allowed: Record<string, (user: string, team: string) => boolean> = {
    'aiml.access.request': (u, t) => groups[u].includes(`group:default/${t}`),
    'aiml.access.requestApproval': () => true,
    'aiml.access.approve': (u, t) => u === LEE && t === 'ml-research',
    'aiml.access.read': (u, t) => groups[u].includes(`group:default/${t}`),
  };
  const deps = {
    store,
    registry: {
      getCluster: (name: string) => ({
        name,
        access: {
          strategy: 'token',
          maxTtlMs: 8 * HOUR,
          selfServiceMaxTtlMs: 2 * HOUR,
        },
      }),
    },
    teams: {
      getTeam: async () => ({}),
      membershipOf: async (ref: string) =>
        groups[ref]?.map(g => g.replace('group:default/', '')),
      managedNamespaces: async (_c: string, team: string) => [
        `${team}-training`,
      ],
    },
    authorizer: {
      isAllowed: async (p: { name: string }, team: string, c: any) =>
        allowed[p.name](c.principal.userEntityRef, team),
      require: async (p: { name: string }, team: string, c: any, m: string) => {
        if (!allowed[p.name](c.principal.userEntityRef, team))
          throw Object.assign(new Error(m), { name: 'NotAllowedError' });
      },
    },
    auditor: {
      createEvent: async ({ eventId, meta }: any) => ({
        success: async () => audit.push(`${eventId} ${meta.grantId ?? ''}`),
        fail: async ({ error }: any) =>
          audit.push(`${eventId} failed: ${error.name}`),
      }),
    },
    logger: { warn: () => {}, info: () => {} },
    clock: { nowMs: () => nowMs },
    bundle: { require: async () => {} },
    principals: {},
    policy: {
      breakGlassGroup: 'platform-admins',
      leaverGraceMs: 30 * 60_000,
      maxLiveGrantsPerUser: 3,
      approvalTimeoutMs: 24 * HOUR,
    },
    lifecycles: {
      token: {
        create: async (grant: Grant, liveKey: string) => {
          if (
            (await store.insert({ ...grant, nowMs, liveKey })) === 'duplicate'
          ) {
            return { grant: (await store.liveByKey(liveKey))!, created: false };
          }
          await store.transition(grant.id, ['pending'], 'active', nowMs);
          return { grant: (await store.get(grant.id))!, created: true };
        },
      },
    },
    events: {
      granted: async (g: Grant) => told.push(`granted ${g.id}`),
      revoked: async () => {},
      requested: async (g: Grant) => told.push(`requested ${g.id}`),
      decided: async (g: Grant) => told.push(`decided ${g.id} ${g.state}`),
    },
  } as unknown as AccessBrokerDeps;
  const as = (ref: string) => mockCredentials.user(ref) as any;
  const ask = (ref: string, over: Partial<GrantRequest> = {}) =>
    new AccessBroker(deps).request(as(ref), {
      cluster: 'ml-sandbox-use1',
      team: 'ml-research',
      level: 'view',
      ttlMs: 4 * HOUR,
      reason: 'debug the trainer',
      breakGlass: false,
      requestApproval: true,
      ...over,
    });
  return {
    broker: new AccessBroker(deps),
    as,
    ask,
    audit,
    told,
    advance: (ms: number) => {
      nowMs += ms;
    },
    now: () => nowMs,
  };
}

describe('AccessBroker approvals', () => {
  it("keeps another team's request waiting, then activates it on the lead's approval with the ttl counted from approval", async () => {
    const { broker, as, ask, audit, told, advance, now } = await setup();
    const { grant: requested, created } = await ask(MAYA);
    expect(created).toBe(true);
    expect(requested.state).toBe('requested');
    expect(requested.approval).toEqual({
      kind: 'cross-team',
      approvers: 'group:default/ml-research',
      ttlSeconds: 4 * 3600,
    });
    // The same request again answers the waiting one.
    expect((await ask(MAYA)).grant.id).toBe(requested.id);

    advance(30 * 60_000);
    const approved = await broker.answer(requested.id, as(LEE), 'approve', {
      reason: 'on call this week',
    });
    expect(approved.state).toBe('active');
    expect(approved.id).toBe(requested.id);
    expect(approved.namespaces).toEqual(['ml-research-training']);
    expect(Date.parse(approved.expiresAt)).toBe(now() + 4 * HOUR);
    expect(approved.approval).toMatchObject({
      decidedBy: LEE,
      decisionReason: 'on call this week',
      decidedAt: new Date(now()).toISOString(),
    });
    expect(audit).toEqual([
      'access-grant-request ',
      'access-grant-request ',
      `access-grant-approve ${requested.id}`,
    ]);
    expect(told).toEqual([
      `requested ${requested.id}`,
      `decided ${requested.id} active`,
    ]);
  });

  it("asks for approval only with requestApproval, and of a member only beyond the cluster's self-service ttl", async () => {
    const { ask } = await setup();
    await expect(ask(MAYA, { requestApproval: false })).rejects.toThrow(
      /send requestApproval: true to ask its leads/,
    );
    await expect(ask(OMAR, { requestApproval: false })).rejects.toThrow(
      /at most 120 minutes \(access.selfServiceMaxTtl\)/,
    );
    const long = await ask(OMAR);
    expect(long.grant.state).toBe('requested');
    expect(long.grant.approval?.kind).toBe('long-ttl');
    const short = await ask(OMAR, { ttlMs: HOUR, requestApproval: false });
    expect(short.grant.state).toBe('active');
    expect(short.grant.approval).toBeUndefined();
  });

  it('refuses self-approval, a member who is not a lead, and a second answer', async () => {
    const { broker, as, ask } = await setup();
    const { grant: mine } = await ask(LEE, { ttlMs: 3 * HOUR });
    await expect(
      broker.answer(mine.id, as(LEE), 'approve', { reason: 'looks fine' }),
    ).rejects.toThrow(/may not approve their own request/);
    const { grant: maya } = await ask(MAYA);
    await expect(
      broker.answer(maya.id, as(OMAR), 'approve', { reason: 'looks fine' }),
    ).rejects.toThrow(/only its leads and platform admins may/);
    const denied = await broker.answer(maya.id, as(LEE), 'deny', {
      reason: 'use the shared dashboards',
    });
    expect(denied).toMatchObject({
      state: 'denied',
      endReason: 'denied',
      revokedBy: LEE,
      approval: { decidedBy: LEE, decisionReason: 'use the shared dashboards' },
    });
    await expect(
      broker.answer(maya.id, as(LEE), 'approve', { reason: 'changed my mind' }),
    ).rejects.toThrow(/is denied, not waiting for approval/);
  });

  it('closes a request nobody answered once the approval timeout passed', async () => {
    const { broker, as, ask, advance, audit } = await setup();
    const { grant } = await ask(MAYA);
    advance(24 * HOUR - 1);
    expect(await broker.expireUnanswered()).toBe(0);
    advance(1);
    await expect(
      broker.answer(grant.id, as(LEE), 'approve', { reason: 'late' }),
    ).rejects.toThrow(/lapsed unanswered/);
    expect(await broker.expireUnanswered()).toBe(1);
    expect(await broker.get(grant.id, as(MAYA))).toMatchObject({
      state: 'denied',
      endReason: 'unanswered',
      revokedBy: 'system:expiry',
    });
    expect(audit).toContain(`access-grant-unanswered ${grant.id}`);
  });
});
