import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { aimlApi } from '../support/aimlApi';
import { VARIANTS } from '../support/goldenPaths';
import { signIn, waitForMembership } from '../support/personas';
import {
  PortalBackend,
  startPortalBackend,
  TEST_TOKEN,
} from '../support/portalBackend';

jest.setTimeout(300_000);

/** Static external-access tokens of this test, besides the tests' own. */
const FINOPS_EXPORT = 'aiml-test-finops-export-token';
const CURIOUS_SCRIPT = 'aiml-test-curious-script-token';
/** A service that aiml.serviceAccess lets read one team (recsys). */
const RECSYS_REPORT = 'aiml-test-recsys-report-token';

/** A team of the test's own, led by `departed` (not a member), and a recsys project that runs on a cluster. */
function writeSquad(file: string, withLead: boolean) {
  const docs = [
    `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: authz-squad
  annotations:
    aiml.eks.aws/team-leads: departed
spec:
  type: team
  children: []
`,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: authz-recsys-app
  annotations:
    aiml.eks.aws/cluster: ml-sandbox-use1
spec:
  type: service
  lifecycle: experimental
  owner: group:default/recsys
`,
  ];
  if (withLead) {
    docs.push(`apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: departed
spec:
  memberOf: []
`);
  }
  fs.writeFileSync(file, docs.join('---\n'));
}

/** A team led by exlead, who is not a member: the lead's rights come from the annotation alone. */
function writeCrew(file: string, leads: string) {
  fs.writeFileSync(
    file,
    [
      `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: authz-crew
  annotations:
    aiml.eks.aws/team-leads: "${leads}"
spec:
  type: team
  children: []
`,
      `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: exlead
spec:
  memberOf: []
`,
    ].join('---\n'),
  );
}

/** Test-only Users in a file location the test rewrites (the catalog re-reads it every 2 s). */
function writeUsers(file: string, users: Record<string, string[]>) {
  fs.writeFileSync(
    file,
    Object.entries(users)
      .map(
        ([name, memberOf]) => `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ${name}
spec:
  memberOf: [${memberOf.join(', ')}]
`,
      )
      .join('---\n'),
  );
}

/** Waits until the catalog shows (or no longer shows) a User's membership of a team. */
async function waitForRelation(
  backend: PortalBackend,
  user: string,
  team: string,
  present: boolean,
) {
  for (let i = 0; i < 240; i++) {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/user/default/${user}`,
      { headers: { Authorization: `Bearer ${TEST_TOKEN}` } },
    );
    if (res.ok) {
      const entity = await res.json();
      const has = (entity.relations ?? []).some(
        (r: any) =>
          r.type === 'memberOf' && r.targetRef === `group:default/${team}`,
      );
      if (has === present) return;
    }
    await sleep(500);
  }
  throw new Error(
    `the catalog never ${
      present ? 'related' : 'unrelated'
    } ${user} and ${team}`,
  );
}

/** Polls until `check` holds, for at most `ms`; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await sleep(500);
  }
  return Date.now() - start;
}

/**
 * Portal-side authorization (issue 18), through the real portal backend: each attack
 * of a curious or hostile user, a leaver, or a script, and the refusal it gets.
 * docs/security.md lists them.
 */
describe('portal-side authorization', () => {
  let backend: PortalBackend;
  let api: ReturnType<typeof aimlApi>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-authz-'));
  const usersFile = path.join(dir, 'users.yaml');
  /** People of the broker's leaver tests, in a file of their own. */
  const grantHoldersFile = path.join(dir, 'grant-holders.yaml');
  /** A team whose lead leaves the company, and a project of recsys. */
  const squadFile = path.join(dir, 'squad.yaml');
  /** A team whose lead is taken off its team-leads annotation. */
  const crewFile = path.join(dir, 'crew.yaml');

  const call = async (
    token: string,
    method: string,
    urlPath: string,
    body?: string,
  ) => {
    const res = await fetch(`${backend.baseUrl}${urlPath}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body,
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };

  beforeAll(async () => {
    writeUsers(usersFile, { leaver: ['recsys'], joiner: [] });
    writeUsers(grantHoldersFile, {
      glass: ['platform-admins'],
      gone: ['recsys'],
    });
    writeSquad(squadFile, true);
    writeCrew(crewFile, 'exlead');
    const repo = path.resolve(__dirname, '../..');
    backend = await startPortalBackend({
      port: 7133,
      env: {
        APP_CONFIG_catalog_processingInterval: JSON.stringify({ seconds: 2 }),
        APP_CONFIG_catalog_locations: JSON.stringify([
          {
            type: 'file',
            target: path.join(repo, 'catalog/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          { type: 'file', target: path.join(repo, 'catalog/components.yaml') },
          {
            type: 'file',
            target: path.join(repo, 'templates/all.yaml'),
            rules: [{ allow: ['Location', 'Template'] }],
          },
          { type: 'file', target: usersFile, rules: [{ allow: ['User'] }] },
          {
            type: 'file',
            target: grantHoldersFile,
            rules: [{ allow: ['User'] }],
          },
          {
            type: 'file',
            target: squadFile,
            rules: [{ allow: ['User', 'Group', 'Component'] }],
          },
          {
            type: 'file',
            target: crewFile,
            rules: [{ allow: ['User', 'Group'] }],
          },
        ]),
        APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
          {
            type: 'static',
            options: { token: TEST_TOKEN, subject: 'aiml-tests' },
          },
          {
            type: 'static',
            options: {
              token: FINOPS_EXPORT,
              subject: 'external:finops-export',
            },
          },
          {
            type: 'static',
            options: { token: CURIOUS_SCRIPT, subject: 'external:curious' },
          },
          {
            type: 'static',
            options: {
              token: RECSYS_REPORT,
              subject: 'external:recsys-report',
            },
          },
        ]),
        // Seconds, not 30 minutes, so the leaver's grace can be waited out.
        APP_CONFIG_aiml_access_leaverGraceMinutes: '0.1',
        APP_CONFIG_aiml_serviceAccess: JSON.stringify([
          { subject: 'external:finops-export', read: 'fleet' },
          {
            subject: 'external:recsys-report',
            read: { teams: ['recsys'] },
          },
        ]),
      },
    });
    api = aimlApi(backend);
    await waitForMembership(backend, 'maya', 'ml-research');
    await waitForMembership(backend, 'omar', 'recsys');
    await waitForMembership(backend, 'leaver', 'recsys');
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('permissions outside the product default to what an auditor accepts', () => {
    it("refuses maya's delete of omar's User entity, which stays", async () => {
      const maya = await signIn(backend, 'maya');
      const omar = await call(
        TEST_TOKEN,
        'GET',
        '/api/catalog/entities/by-name/user/default/omar',
      );
      expect(omar.status).toBe(200);
      const del = await call(
        maya,
        'DELETE',
        `/api/catalog/entities/by-uid/${omar.json.metadata.uid}`,
      );
      expect(del.status).toBe(403);
      expect(del.json.error.name).toBe('NotAllowedError');
      expect(del.text).not.toMatch(/\bat .+\.js:\d+/);
      const after = await call(
        TEST_TOKEN,
        'GET',
        '/api/catalog/entities/by-name/user/default/omar',
      );
      expect(after.status).toBe(200);
      expect(after.json.metadata.uid).toBe(omar.json.metadata.uid);
    });

    it("refuses maya's own POST /api/catalog/locations, dry run or not", async () => {
      const maya = await signIn(backend, 'maya');
      const location = JSON.stringify({
        type: 'url',
        target: 'https://github.com/acme/evil/blob/main/catalog-info.yaml',
      });
      for (const query of ['', '?dryRun=true']) {
        const res = await call(
          maya,
          'POST',
          `/api/catalog/locations${query}`,
          location,
        );
        expect(res.status).toBe(403);
        expect(res.json.error.name).toBe('NotAllowedError');
      }
      const locations = await call(TEST_TOKEN, 'GET', '/api/catalog/locations');
      expect(JSON.stringify(locations.json)).not.toContain('acme/evil');
    });

    it("keeps maya's scaffolder task from omar: he can neither read nor cancel it", async () => {
      const maya = await signIn(backend, 'maya');
      const omar = await signIn(backend, 'omar');
      const variant = VARIANTS[0];
      await within(
        120_000,
        async () =>
          (
            await call(
              TEST_TOKEN,
              'GET',
              `/api/catalog/entities/by-name/template/default/${variant.template}`,
            )
          ).status === 200,
      );
      const created = await call(
        maya,
        'POST',
        '/api/scaffolder/v2/tasks',
        JSON.stringify({
          templateRef: `template:default/${variant.template}`,
          values: { ...variant.values, name: 'authz-probe' },
        }),
      );
      expect(created.status).toBe(201);
      const id = created.json.id;
      const theirs = await call(omar, 'GET', `/api/scaffolder/v2/tasks/${id}`);
      expect([403, 404]).toContain(theirs.status);
      expect(theirs.text).not.toContain('authz-probe');
      const listed = await call(
        omar,
        'GET',
        '/api/scaffolder/v2/tasks?createdBy=user:default/maya',
      );
      expect(listed.status).toBe(200);
      expect(listed.json.tasks).toEqual([]);
      const cancel = await call(
        omar,
        'POST',
        `/api/scaffolder/v2/tasks/${id}/cancel`,
      );
      expect([403, 404]).toContain(cancel.status);

      const mine = await call(maya, 'GET', `/api/scaffolder/v2/tasks/${id}`);
      expect(mine.status).toBe(200);
      expect(mine.json.createdBy).toBe('user:default/maya');
      const own = await call(
        maya,
        'POST',
        `/api/scaffolder/v2/tasks/${id}/cancel`,
      );
      expect(own.status).toBe(200);
    });
  });

  describe('team membership comes from the catalog at decision time', () => {
    it('a user removed from a Group loses its rights within the cache time, token or not', async () => {
      const leaver = await signIn(backend, 'leaver');
      const read = () =>
        call(leaver, 'GET', '/api/aiml/usage/teams/recsys').then(r => r.status);
      const resume = () =>
        call(
          leaver,
          'POST',
          '/api/aiml/projects/default/authz-recsys-app/resume',
        );
      expect(await read()).toBe(200);
      // A member may start the team's held workloads (this project has none).
      const started = await resume();
      expect(started.status).toBe(200);
      expect(started.json.started).toEqual([]);
      writeUsers(usersFile, { leaver: [], joiner: [] });
      await waitForRelation(backend, 'leaver', 'recsys', false);
      // 15 s cache, plus the time the refresh takes to reach the stitched entity.
      await within(25_000, async () => (await read()) === 403);
      const grant = await call(
        leaver,
        'POST',
        '/api/aiml/access/grants',
        JSON.stringify({
          cluster: 'ml-sandbox-use1',
          team: 'recsys',
          level: 'view',
          ttl: 'PT1H',
          reason: 'still here?',
        }),
      );
      expect(grant.status).toBe(403);
      expect(grant.json.error.message).toMatch(/only its members may/);
      const mine = await call(leaver, 'GET', '/api/aiml/access/grants');
      expect(mine.json.items).toEqual([]);
      const refused = await resume();
      expect(refused.status).toBe(403);
      expect(refused.json.error.message).toContain('aiml.workload.resume');
    });

    it("a lead deleted from the catalog loses the lead's rights, though the Group still names them", async () => {
      await within(120_000, async () => {
        const res = await call(
          TEST_TOKEN,
          'GET',
          '/api/catalog/entities/by-name/group/default/authz-squad',
        );
        return res.status === 200;
      });
      const departed = await signIn(backend, 'departed');
      const read = () =>
        call(departed, 'GET', '/api/aiml/usage/teams/authz-squad').then(
          r => r.status,
        );
      // Leads read their team's usage without being members.
      await within(25_000, async () => (await read()) === 200);
      writeSquad(squadFile, false);
      await within(60_000, async () => {
        const res = await call(
          TEST_TOKEN,
          'GET',
          '/api/catalog/entities/by-name/user/default/departed',
        );
        return res.status === 404;
      });
      const group = await call(
        TEST_TOKEN,
        'GET',
        '/api/catalog/entities/by-name/group/default/authz-squad',
      );
      expect(group.json.metadata.annotations['aiml.eks.aws/team-leads']).toBe(
        'departed',
      );
      // Their token is still valid for most of an hour: the policy must not honour it.
      await within(25_000, async () => (await read()) === 403);
    });

    it("a lead taken off the Group's team-leads annotation loses the lead's rights within the cache time, token or not", async () => {
      // The aiml plugin reuses Groups for 15 s: the bound is what this checks.
      const exlead = await signIn(backend, 'exlead');
      const read = () =>
        call(exlead, 'GET', '/api/aiml/usage/teams/authz-crew').then(
          r => r.status,
        );
      await within(120_000, async () => (await read()) === 200);
      writeCrew(crewFile, '');
      await within(60_000, async () => {
        const res = await call(
          TEST_TOKEN,
          'GET',
          '/api/catalog/entities/by-name/group/default/authz-crew',
        );
        return res.json?.metadata.annotations['aiml.eks.aws/team-leads'] === '';
      });
      await within(25_000, async () => (await read()) === 403);
      const grant = await call(
        exlead,
        'POST',
        '/api/aiml/access/grants',
        JSON.stringify({
          cluster: 'ml-sandbox-use1',
          team: 'authz-crew',
          level: 'view',
          ttl: 'PT1H',
          reason: 'still the lead?',
        }),
      );
      expect(grant.status).toBe(403);
    });

    it('a user the catalog relates to a Group after they signed in gets its rights, without signing in again', async () => {
      const joiner = await signIn(backend, 'joiner');
      const read = () =>
        call(joiner, 'GET', '/api/aiml/usage/teams/recsys').then(r => r.status);
      expect(await read()).toBe(403);
      writeUsers(usersFile, { leaver: [], joiner: ['recsys'] });
      await waitForRelation(backend, 'joiner', 'recsys', true);
      await within(25_000, async () => (await read()) === 200);
    });
  });

  describe('caps and rate limits', () => {
    it('refuses from=1970-01-01, naming aiml.usage.maxHistoryDays', async () => {
      const res = await api(
        'maya',
        'GET',
        '/usage/teams?from=1970-01-01&to=1970-01-31',
      );
      expect(res.status).toBe(400);
      expect(res.json.error.name).toBe('InputError');
      expect(res.json.error.message).toMatch(/aiml\.usage\.maxHistoryDays/);
    });

    it('answers a burst of grant requests with 429 and Retry-After, creating nothing', async () => {
      // Malformed requests count too: a script cannot probe faster by failing.
      const sam = await signIn(backend, 'sam');
      const statuses: number[] = [];
      let last: any;
      for (let i = 0; i < 11; i++) {
        last = await call(
          sam,
          'POST',
          '/api/aiml/access/grants',
          JSON.stringify({ cluster: 'ml-sandbox-use1', reason: `try ${i}` }),
        );
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every(s => s === 400)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(last.json.error.message).toMatch(
        /aiml\.access\.requestsPerMinute.*Try again in \d+ s/,
      );
      const grants = await api('sam', 'GET', '/access/grants');
      expect(grants.json.items).toEqual([]);
    });

    it('answers a malformed JSON body with a 400 InputError that does not echo it', async () => {
      const maya = await signIn(backend, 'maya');
      const res = await call(
        maya,
        'POST',
        '/api/aiml/access/grants',
        '{bad json <script>',
      );
      expect(res.status).toBe(400);
      expect(res.json.error.name).toBe('InputError');
      expect(res.json.error.message).toMatch(/not valid JSON/);
      expect(res.text).not.toContain('bad json');
      expect(res.text).not.toContain('<script>');
    });

    it("never answers one caller with another's kept answer: FinOps first, then a member, then another team", async () => {
      // A window no other test asks for, so the first answer is computed and kept here.
      const q = '?from=2026-05-01&to=2026-05-08';
      const fleet = await api('fatima', 'GET', `/usage/teams${q}`);
      expect(fleet.status).toBe(200);
      expect(fleet.json.fleet).toBe(true);
      expect(fleet.json.report.byTeam.length).toBeGreaterThan(1);
      const member = await api('maya', 'GET', `/usage/teams${q}`);
      expect(member.status).toBe(200);
      expect(member.json.fleet).toBe(false);
      expect(member.json.teams).toEqual(['ml-research']);
      expect(member.json.report.byTeam.map((t: any) => t.team)).toEqual([
        'ml-research',
      ]);
      expect(member.json.report.unallocated).toEqual([]);
      const team = await api('maya', 'GET', `/usage/teams/ml-research${q}`);
      expect(team.status).toBe(200);
      // Another team's member, the same answer kept a moment ago: refused.
      const other = await api('omar', 'GET', `/usage/teams/ml-research${q}`);
      expect(other.status).toBe(403);
      expect(other.text).not.toContain('"byTeam"');
      const own = await api('omar', 'GET', `/usage/teams${q}`);
      expect(own.json.teams).toEqual(['recsys']);
      expect(own.json.report.byTeam.map((t: any) => t.team)).toEqual([
        'recsys',
      ]);
    });

    it('shows a whole cluster only to those who see the fleet', async () => {
      const maya = await api('maya', 'GET', '/usage/clusters/ml-sandbox-use1');
      expect(maya.status).toBe(403);
      expect(maya.json.error.message).toMatch(/every team/);
      const fatima = await api(
        'fatima',
        'GET',
        '/usage/clusters/ml-sandbox-use1',
      );
      expect(fatima.status).toBe(200);
    });
  });

  describe('who may start held workloads', () => {
    it('refuses FinOps, who sees every team but is in none, and scripts', async () => {
      const urlPath = '/api/aiml/projects/default/authz-recsys-app/resume';
      const fatima = await api(
        'fatima',
        'POST',
        urlPath.slice('/api/aiml'.length),
      );
      expect(fatima.status).toBe(403);
      expect(fatima.json.error.message).toContain('aiml.workload.resume');
      for (const token of [FINOPS_EXPORT, CURIOUS_SCRIPT, TEST_TOKEN]) {
        const script = await call(token, 'POST', urlPath);
        expect(script.status).toBe(403);
        expect(script.json.started).toBeUndefined();
      }
    });
  });

  describe('service principals', () => {
    it("lets a service listed for one team read that team only: not another team's usage, grants or grant by id", async () => {
      const grant = await api('maya', 'POST', '/access/grants', {
        cluster: 'ml-sandbox-use1',
        team: 'ml-research',
        level: 'view',
        ttl: 'PT1H',
        reason: 'the recsys report must not see this',
      });
      expect(grant.status).toBe(201);
      const id = grant.json.id;
      const own = await call(
        RECSYS_REPORT,
        'GET',
        '/api/aiml/usage/teams/recsys',
      );
      expect(own.status).toBe(200);
      const other = await call(
        RECSYS_REPORT,
        'GET',
        '/api/aiml/usage/teams/ml-research',
      );
      expect(other.status).toBe(403);
      const byId = await call(
        RECSYS_REPORT,
        'GET',
        `/api/aiml/access/grants/${id}`,
      );
      expect(byId.status).toBe(404);
      expect(byId.text).not.toContain('must not see this');
      // Grants are listed one team at a time, and only its own.
      for (const query of ['', '?team=ml-research']) {
        const refused = await call(
          RECSYS_REPORT,
          'GET',
          `/api/aiml/access/grants${query}`,
        );
        expect(refused.status).toBe(403);
        expect(refused.text).not.toContain(id);
      }
      const listed = await call(
        RECSYS_REPORT,
        'GET',
        '/api/aiml/access/grants?team=recsys',
      );
      expect(listed.status).toBe(200);
      expect(listed.json.items.map((g: any) => g.id)).not.toContain(id);
      expect(listed.json.items.filter((g: any) => g.team !== 'recsys')).toEqual(
        [],
      );
      const kubeconfig = await call(
        RECSYS_REPORT,
        'GET',
        `/api/aiml/access/grants/${id}/kubeconfig`,
      );
      expect([403, 404]).toContain(kubeconfig.status);
      expect(kubeconfig.text).not.toContain('token');
      // The fleet reader sees it: the grant exists.
      const fleet = await call(
        FINOPS_EXPORT,
        'GET',
        `/api/aiml/access/grants/${id}`,
      );
      expect(fleet.status).toBe(200);
      expect(fleet.json.team).toBe('ml-research');
      expect((await api('maya', 'DELETE', `/access/grants/${id}`)).status).toBe(
        200,
      );
    });

    it('refuses a service aiml.serviceAccess does not list, on /usage and /access', async () => {
      for (const urlPath of [
        '/api/aiml/usage/teams',
        '/api/aiml/access/grants',
      ]) {
        const res = await call(CURIOUS_SCRIPT, 'GET', urlPath);
        expect(res.status).toBe(403);
        expect(res.json.error.message).toMatch(/aiml\.serviceAccess/);
      }
      const write = await call(
        FINOPS_EXPORT,
        'POST',
        '/api/aiml/access/grants',
        JSON.stringify({
          cluster: 'ml-sandbox-use1',
          team: 'recsys',
          ttl: 'PT1H',
          reason: 'a script',
        }),
      );
      expect(write.status).toBe(403);
    });

    it('lets a listed service read what the list says (the fleet)', async () => {
      const res = await call(FINOPS_EXPORT, 'GET', '/api/aiml/usage/teams');
      expect(res.status).toBe(200);
      expect(res.json.fleet).toBe(true);
      const grants = await call(
        FINOPS_EXPORT,
        'GET',
        '/api/aiml/access/grants',
      );
      expect(grants.status).toBe(200);
    });
  });

  describe("a leaver's grants end (the broker's membership job, run by POST /access/reconcile)", () => {
    const grantFor = async (token: string, body: Record<string, unknown>) => {
      const created = await call(
        token,
        'POST',
        '/api/aiml/access/grants',
        JSON.stringify({
          cluster: 'ml-sandbox-use1',
          team: 'recsys',
          level: 'view',
          ttl: 'PT30M',
          reason: 'leaver test',
          ...body,
        }),
      );
      expect(created.status).toBe(201);
      const kubeconfig = await call(
        token,
        'GET',
        `/api/aiml/access/grants/${created.json.id}/kubeconfig`,
      );
      expect(kubeconfig.status).toBe(200);
      const kc = new KubeConfig();
      kc.loadFromString(kubeconfig.text);
      const core = kc.makeApiClient(CoreV1Api);
      const pods = () =>
        core.listNamespacedPod({ namespace: 'recsys-training' }).then(
          () => 200,
          (e: { code?: number }) => e.code,
        );
      expect(await pods()).toBe(200);
      return { id: created.json.id as string, pods };
    };
    const reconcile = async () =>
      expect(
        (await call(TEST_TOKEN, 'POST', '/api/aiml/access/reconcile')).status,
      ).toBe(200);
    const state = async (id: string) =>
      (await call(FINOPS_EXPORT, 'GET', `/api/aiml/access/grants/${id}`)).json;

    it('break-glass ends once its holder leaves platform-admins', async () => {
      await waitForMembership(backend, 'glass', 'platform-admins');
      const glass = await signIn(backend, 'glass');
      const grant = await grantFor(glass, {
        level: 'admin',
        breakGlass: true,
        reason: 'incident 7',
      });
      await reconcile();
      expect((await state(grant.id)).state).toBe('active');
      writeUsers(grantHoldersFile, { glass: [], gone: ['recsys'] });
      await waitForRelation(backend, 'glass', 'platform-admins', false);
      await reconcile();
      expect(await state(grant.id)).toMatchObject({
        state: 'revoked',
        endReason: 'membership',
        revokedBy: 'system:membership',
      });
      expect(await grant.pods()).toBe(401);
    });

    it('a person deleted from the catalog gets no new grant, and loses the old ones after the grace, not before', async () => {
      await waitForMembership(backend, 'gone', 'recsys');
      const gone = await signIn(backend, 'gone');
      const grant = await grantFor(gone, {});
      // The file no longer has them: the catalog orphans the entity, an admin deletes it.
      writeUsers(grantHoldersFile, { glass: [] });
      const entity = async () =>
        call(
          TEST_TOKEN,
          'GET',
          '/api/catalog/entities/by-name/user/default/gone',
        );
      await within(60_000, async () => {
        const res = await entity();
        return (
          res.json?.metadata?.annotations?.['backstage.io/orphan'] === 'true'
        );
      });
      const alex = await signIn(backend, 'alex');
      const uid = (await entity()).json.metadata.uid;
      expect(
        (await call(alex, 'DELETE', `/api/catalog/entities/by-uid/${uid}`))
          .status,
      ).toBe(204);
      expect((await entity()).status).toBe(404);
      // No new grant, at once: the broker asks the catalog itself.
      const again = await call(
        gone,
        'POST',
        '/api/aiml/access/grants',
        JSON.stringify({
          cluster: 'ml-sandbox-use1',
          team: 'recsys',
          level: 'view',
          ttl: 'PT30M',
          reason: 'still here?',
        }),
      );
      expect(again.status).toBe(403);
      expect(again.json.error.message).toMatch(/not in the catalog/);
      // First sighting of the absence: the grace starts, nothing is revoked yet.
      await reconcile();
      expect((await state(grant.id)).state).toBe('active');
      expect(await grant.pods()).toBe(200);
      await sleep(7_000); // aiml.access.leaverGraceMinutes 0.1 = 6 s
      await reconcile();
      expect(await state(grant.id)).toMatchObject({
        state: 'revoked',
        endReason: 'membership',
      });
      expect(await grant.pods()).toBe(401);
    });
  });
});
