import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  aimlTeamConditions,
  createAimlTeamConditionalDecision,
  teamRef,
} from '../../permissions';
import { applyTeamConditions } from '../../permissions/__testUtils__/applyTeamConditions';
import { TeamAuthorizer } from '../../permissions/teamAuthorizer';
import { AccessBroker, AccessBrokerDeps } from './accessBroker';
import { GrantListQuery, parseGrantListQuery } from './grantListQuery';
import { GrantStore } from './grantStore';
import { GrantReadScope } from './readScope';
import { Grant, GrantState } from './types';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING is set; SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_16', 'SQLITE_3'],
  disableDocker: true,
});

jest.setTimeout(60_000);

const ADMINS = ['user:default/alex'];
const MEMBERS: Record<string, string[]> = {
  'ml-research': ['user:default/maya'],
  recsys: ['user:default/omar'],
};
const LEADS: Record<string, string[]> = {
  'ml-research': ['user:default/lee'],
};

/**
 * A policy shaped like the portal's: admins read every team unconditionally,
 * people in some team conditionally (its members and leads, as the portal's policy
 * words it), others not at all. Counts decisions and team lookups, to prove the
 * list asks once per call, not once per team.
 */
function fakeAuthorizer() {
  const calls = { conditional: 0, loads: 0, teamsAsked: 0 };
  const groupsOf = (user: string) =>
    Object.keys(MEMBERS)
      .filter(team => MEMBERS[team].includes(user))
      .map(teamRef);
  const inSomeTeam = (user: string) =>
    [...Object.values(MEMBERS), ...Object.values(LEADS)].some(refs =>
      refs.includes(user),
    );
  const userOf = (options: any): string =>
    options.credentials.principal.userEntityRef;
  const permissions = {
    async authorizeConditional(requests: any[], options: any) {
      calls.conditional++;
      const user = userOf(options);
      return requests.map(({ permission }): PolicyDecision => {
        if (ADMINS.includes(user)) return { result: AuthorizeResult.ALLOW };
        if (!inSomeTeam(user)) return { result: AuthorizeResult.DENY };
        return createAimlTeamConditionalDecision(permission, {
          anyOf: [
            aimlTeamConditions.isTeamMember({ claims: groupsOf(user) }),
            aimlTeamConditions.isTeamLead({ userEntityRef: user }),
          ],
        });
      });
    },
  };
  const authorizer = new TeamAuthorizer({
    permissions: permissions as any,
    async loadTeams(names) {
      calls.loads++;
      calls.teamsAsked += names.length;
      return names.map(name => ({
        name,
        ref: teamRef(name),
        leadRefs: LEADS[name] ?? [],
      }));
    },
    applyConditions: applyTeamConditions,
  });
  return { authorizer, calls };
}

const grant = (
  id: string,
  userRef: string,
  team: string,
  createdAtMs: number,
  state: GrantState = 'revoked',
): Grant => ({
  id,
  userRef,
  team,
  cluster: 'ml-sandbox-use1',
  level: 'view',
  breakGlass: false,
  strategy: 'token',
  namespaces: [`${team}-training`],
  reason: 'debug',
  state,
  createdAt: new Date(createdAtMs).toISOString(),
  expiresAt: new Date(createdAtMs + 3600_000).toISOString(),
  updatedAt: new Date(createdAtMs).toISOString(),
});

const hex = (prefix: string, i: number) =>
  `${prefix}${i.toString(16).padStart(11, '0')}`;

/** Maya's one grant, older than 600 grants of recsys (in runs of 7 with equal created_at). */
const MAYA = grant('a00000000001', 'user:default/maya', 'ml-research', 1_000);
const SAM = grant('c00000000001', 'user:default/sam', 'nlp', 2_000);
const RECSYS = Array.from({ length: 600 }, (_, i) =>
  grant(
    hex('b', i),
    'user:default/omar',
    'recsys',
    10_000 + Math.floor(i / 7),
    i % 3 === 0 ? 'active' : 'revoked',
  ),
);
const ALL = [MAYA, SAM, ...RECSYS];

const user = (name: string) => mockCredentials.user(`user:default/${name}`);

describe.each(databases.eachSupportedId())(
  'AccessBroker.list and get on %s',
  (databaseId: TestDatabaseId) => {
    let store: GrantStore;
    let broker: AccessBroker;
    let calls: ReturnType<typeof fakeAuthorizer>['calls'];

    beforeAll(async () => {
      const db = await databases.init(databaseId);
      const grants = await GrantStore.create({
        getClient: async () => db,
      } as any);
      for (let i = 0; i < ALL.length; i += 50) {
        await Promise.all(
          ALL.slice(i, i + 50).map(g =>
            grants.insert({ ...g, nowMs: Date.parse(g.updatedAt) }),
          ),
        );
      }
      store = grants;
      const fake = fakeAuthorizer();
      calls = fake.calls;
      broker = new AccessBroker({
        store,
        authorizer: fake.authorizer,
      } as Partial<AccessBrokerDeps> as AccessBrokerDeps);
    });

    /** Every page from the first, with the query's limit. */
    const everyPage = async (name: string, query: Partial<GrantListQuery>) => {
      const pages: Grant[][] = [];
      let after: GrantListQuery['after'];
      for (;;) {
        const page = await broker.list(user(name), {
          limit: 100,
          ...query,
          after,
        });
        pages.push(page.items);
        if (!page.nextCursor) return pages;
        expect(page.items).toHaveLength(query.limit ?? 100);
        after = parseGrantListQuery({ cursor: page.nextCursor }).after;
      }
    };

    it("lists a user's own grant even behind 600 newer grants of another team, and none of that team's", async () => {
      const page = await broker.list(user('maya'), { limit: 500 });
      expect(page).toEqual({ items: [MAYA] });
    });

    it('asks the permission system once per list, not once per team', async () => {
      const before = { ...calls };
      await broker.list(user('maya'), { limit: 100 });
      expect(calls.conditional - before.conditional).toBe(1);
      expect(calls.loads - before.loads).toBe(1);
      // Only the teams that have grants are asked about.
      expect(calls.teamsAsked - before.teamsAsked).toBe(3);
    });

    it("shows a team's lead the team's grants, and no other team's", async () => {
      const pages = await everyPage('lee', {});
      expect(pages.flat()).toEqual([MAYA]);
    });

    it("shows a member their team's grants, newest first, and not another team's", async () => {
      const pages = await everyPage('omar', { limit: 100 });
      expect(pages).toHaveLength(6);
      const ids = pages.flat().map(g => g.id);
      expect(ids).toEqual(
        [...RECSYS]
          .sort(
            (a, b) =>
              b.createdAt.localeCompare(a.createdAt) ||
              b.id.localeCompare(a.id),
          )
          .map(g => g.id),
      );
      expect(ids).not.toContain(MAYA.id);
    });

    it('shows someone in no team their own grants only', async () => {
      expect(await broker.list(user('sam'), { limit: 100 })).toEqual({
        items: [SAM],
      });
      expect(await broker.list(user('nobody'), { limit: 100 })).toEqual({
        items: [],
      });
    });

    it('shows an admin every grant, each exactly once across pages', async () => {
      // 37 does not divide the runs of equal created_at: pages split ties.
      const pages = await everyPage('alex', { limit: 37 });
      const ids = pages.flat().map(g => g.id);
      expect(pages).toHaveLength(Math.ceil(ALL.length / 37));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(ALL.map(g => g.id).sort());
    });

    it('filters by state, across pages too', async () => {
      const pages = await everyPage('alex', { limit: 64, states: ['active'] });
      const active = RECSYS.filter(g => g.state === 'active');
      expect(
        pages
          .flat()
          .map(g => g.id)
          .sort(),
      ).toEqual(active.map(g => g.id).sort());
      expect(
        (await broker.list(user('maya'), { limit: 10, states: ['active'] }))
          .items,
      ).toEqual([]);
    });

    it("lists one team's grants when asked, within what the caller may read", async () => {
      const pages = await everyPage('alex', { limit: 250, team: 'recsys' });
      expect(
        pages
          .flat()
          .map(g => g.id)
          .sort(),
      ).toEqual(RECSYS.map(g => g.id).sort());
      // Asking for a team does not widen what a member may read.
      expect(
        (await broker.list(user('maya'), { limit: 100, team: 'recsys' })).items,
      ).toEqual([]);
      expect(
        (await broker.list(user('maya'), { limit: 100, team: MAYA.team }))
          .items,
      ).toEqual([MAYA]);
    });

    it('gets exactly the grants it lists, and no other', async () => {
      const sample = [MAYA, SAM, RECSYS[0], RECSYS[599]];
      for (const name of ['maya', 'lee', 'omar', 'sam', 'alex', 'nobody']) {
        const listed = new Set(
          (await everyPage(name, { limit: 500 })).flat().map(g => g.id),
        );
        for (const g of sample) {
          const outcome = await broker.get(g.id, user(name)).then(
            r => (r.id === g.id ? 'got' : 'another grant'),
            e => (e instanceof NotFoundError ? 'not found' : String(e)),
          );
          const expected = listed.has(g.id) ? 'got' : 'not found';
          expect({ name, id: g.id, outcome }).toEqual({
            name,
            id: g.id,
            outcome: expected,
          });
        }
      }
    });

    it("reads a service's scope: its teams' grants, every grant, or none — never a person's own", async () => {
      const ids = async (scope: GrantReadScope) =>
        (await broker.listInScope(scope, { limit: 1000 })).items.map(g => g.id);
      expect(await ids({ teams: ['nlp'] })).toEqual([SAM.id]);
      expect(await ids({ teams: 'all' })).toHaveLength(ALL.length);
      expect(await ids({ teams: [] })).toEqual([]);
      await expect(
        broker.getInScope(MAYA.id, { teams: ['nlp'] }),
      ).rejects.toThrow(NotFoundError);
      await expect(
        broker.getInScope(SAM.id, { teams: ['nlp'] }),
      ).resolves.toEqual(SAM);
    });
  },
);
