import { AccessBroker, AccessBrokerDeps } from './accessBroker';
import { Grant } from './types';

const grant = (over: Partial<Grant>): Grant => ({
  id: over.id ?? 'g1',
  userRef: 'user:default/maya',
  team: 'ml-research',
  cluster: 'ml-sandbox-use1',
  level: 'edit',
  breakGlass: false,
  strategy: 'token',
  namespaces: ['ml-research-training'],
  reason: 'test',
  state: 'active',
  createdAt: new Date(0).toISOString(),
  expiresAt: new Date(3600_000).toISOString(),
  updatedAt: new Date(0).toISOString(),
  ...over,
});

/** The broker over fakes: what the catalog says of each person, and which grants were ended. */
function brokerWith(
  grants: Grant[],
  membership: Record<string, string[] | undefined | Error>,
) {
  let nowMs = 0;
  const ended: string[] = [];
  const events: string[] = [];
  const deps = {
    store: { byState: async () => grants },
    teams: {
      membershipOf: async (ref: string) => {
        const m = membership[ref];
        if (m instanceof Error) throw m;
        return m;
      },
    },
    logger: { warn: () => {}, info: () => {} },
    clock: { nowMs: () => nowMs },
    auditor: {
      createEvent: async ({ eventId, meta }: any) => ({
        success: async () => events.push(`${eventId} ${meta.grantId}`),
        fail: async () => {},
      }),
    },
    policy: {
      breakGlassGroup: 'platform-admins',
      leaverGraceMs: 30 * 60_000,
      maxLiveGrantsPerUser: 3,
    },
    lifecycles: {
      token: {
        end: async (g: Grant) => {
          ended.push(g.id);
          return { ...g, state: 'revoked' };
        },
      },
    },
  } as unknown as AccessBrokerDeps;
  return {
    broker: new AccessBroker(deps),
    ended,
    events,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('AccessBroker.recheckMembership', () => {
  it("ends a team grant once its holder left the team, and keeps a member's", async () => {
    const { broker, ended, events } = brokerWith(
      [
        grant({ id: 'left', userRef: 'user:default/omar' }),
        grant({ id: 'member' }),
      ],
      {
        'user:default/omar': ['recsys'],
        'user:default/maya': ['ml-research'],
      },
    );
    await broker.recheckMembership();
    expect(ended).toEqual(['left']);
    expect(events).toEqual(['access-grant-membership-revoke left']);
  });

  it('keeps an approved cross-team grant of a non-member, and ends an approved longer one once its holder left the team', async () => {
    const approval = (kind: 'cross-team' | 'long-ttl') => ({
      kind,
      approvers: 'group:default/ml-research',
      ttlSeconds: 3600,
      decidedBy: 'user:default/lee',
    });
    const { broker, ended } = brokerWith(
      [
        grant({
          id: 'cross',
          userRef: 'user:default/omar',
          approval: approval('cross-team'),
        }),
        grant({
          id: 'long',
          userRef: 'user:default/omar',
          approval: approval('long-ttl'),
        }),
      ],
      { 'user:default/omar': ['recsys'] },
    );
    await broker.recheckMembership();
    expect(ended).toEqual(['long']);
  });

  it('ends break-glass once its holder left the break-glass group, whatever their teams', async () => {
    const glass = (id: string, userRef: string) =>
      grant({ id, userRef, team: 'recsys', level: 'admin', breakGlass: true });
    const { broker, ended } = brokerWith(
      [
        glass('former-admin', 'user:default/alex'),
        glass('admin', 'user:default/kim'),
      ],
      {
        'user:default/alex': ['recsys'],
        'user:default/kim': ['platform-admins'],
      },
    );
    await broker.recheckMembership();
    expect(ended).toEqual(['former-admin']);
  });

  it('ends the grants of a person missing from the catalog only after the grace', async () => {
    const { broker, ended, advance } = brokerWith([grant({ id: 'leaver' })], {
      'user:default/maya': undefined,
    });
    await broker.recheckMembership();
    advance(29 * 60_000);
    await broker.recheckMembership();
    expect(ended).toEqual([]);
    advance(60_000);
    await broker.recheckMembership();
    expect(ended).toEqual(['leaver']);
  });

  it('never takes a catalog that does not answer for absence', async () => {
    const { broker, ended, advance } = brokerWith([grant({ id: 'kept' })], {
      'user:default/maya': new Error('catalog down'),
    });
    await broker.recheckMembership();
    advance(24 * 3600_000);
    await broker.recheckMembership();
    expect(ended).toEqual([]);
  });
});
