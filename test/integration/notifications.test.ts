import { setTimeout as sleep } from 'node:timers/promises';
import { Sandbox } from '@eks-aiml/sandbox';
import { aimlApi } from '../support/aimlApi';
import { signIn, waitForMembership } from '../support/personas';
import { BURST_LIMITS, PortalBackend } from '../support/portalBackend';
import {
  PostgresBackend,
  startPostgresBackend,
} from '../support/postgresBackend';

jest.setTimeout(420_000);

/** The planted month's idle ablation (recsys, no project label) idles from 19 November. */
const CLOCK_START = Date.parse('2026-11-22T12:00:00Z');
const CLUSTER = 'ml-sandbox-use1';
const PERSONAS = [
  'maya',
  'lee',
  'omar',
  'priya',
  'sam',
  'jordan',
  'fatima',
  'alex',
];
const CHECK_SECONDS = 3;

interface Received {
  title: string;
  description?: string;
  link?: string;
  topic?: string;
  severity?: string;
  scope?: string;
  /** Set by the notifications backend when a send repeated this notice's scope. */
  updated?: string | null;
}

/**
 * The aiml notifications through the portal's real backends: two on one PostgreSQL,
 * both running the scheduled checks every few seconds and both taking access requests,
 * read back through the notifications backend as each recipient.
 */
describe('aiml notifications, two backends on one PostgreSQL', () => {
  let sandbox: Sandbox;
  let first: PostgresBackend | undefined;
  let second: PostgresBackend | undefined;
  const tokens = new Map<string, string>();

  const env = {
    ...BURST_LIMITS,
    APP_CONFIG_aiml_notifications_checkIntervalSeconds: String(CHECK_SECONDS),
  };

  /** Every aiml notification a persona has, read through a backend. */
  const inbox = async (
    persona: string,
    backend: PortalBackend = first!.backend,
  ): Promise<Received[]> => {
    if (!tokens.has(persona)) {
      tokens.set(persona, await signIn(backend, persona));
    }
    const res = await fetch(
      `${backend.baseUrl}/api/notifications/notifications?limit=200`,
      { headers: { Authorization: `Bearer ${tokens.get(persona)}` } },
    );
    expect(res.status).toBe(200);
    const { notifications } = await res.json();
    return notifications
      .filter((n: any) => n.origin === 'plugin:aiml')
      .map((n: any) => ({ ...n.payload, updated: n.updated }));
  };

  const byTopic = async (persona: string, topic: string) =>
    (await inbox(persona)).filter(n => n.topic === topic);

  /** Polls until `check` passes (notifications come within a scheduler cycle or two). */
  const eventually = async (check: () => Promise<void>, ms = 120_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      try {
        await check();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(1000);
      }
    }
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start({ clockStartMs: CLOCK_START });
    first = await startPostgresBackend(sandbox, 7330, env);
    // The second replica shares the first one's databases.
    second = await startPostgresBackend(sandbox, 7331, {
      ...env,
      APP_CONFIG_backend_database_prefix: first.prefix,
    });
    for (const [user, team] of [
      ['maya', 'ml-research'],
      ['lee', 'ml-research'],
      ['omar', 'recsys'],
      ['priya', 'recsys'],
      ['fatima', 'finops'],
      ['alex', 'platform-admins'],
    ]) {
      await waitForMembership(first.backend, user, team);
      await waitForMembership(second.backend, user, team);
    }
  });

  afterAll(async () => {
    // The second shares the first's databases: stop it before they are dropped.
    await second?.backend.stop();
    await first?.stop();
    await sandbox?.stop();
  });

  it("tells ml-research's lead and FinOps once that the month's forecast overruns its budget", async () => {
    const team = await aimlApi(first!.backend)(
      'lee',
      'GET',
      '/usage/teams/ml-research',
    );
    expect(team.json.budget).toMatchObject({
      monthly: 60_000,
      month: '2026-11',
      willExceed: true,
    });
    const over = (team.json.budget.forecast / 60_000 - 1) * 100;
    for (const persona of ['lee', 'fatima']) {
      await eventually(async () => {
        const [notice, ...more] = await byTopic(persona, 'aiml-budget');
        expect(more).toEqual([]);
        expect(notice).toMatchObject({
          link: '/catalog/default/group/ml-research/aiml',
          scope: 'aiml-budget:ml-research:2026-11',
          // With the default 10% steps, a forecast 10% or more over is "critical".
          severity: over >= 10 ? 'critical' : 'high',
        });
        expect(notice.title).toMatch(
          /^ML Research: accelerator spend forecast \$[\d,.]+ exceeds the 2026-11 budget of \$60,000\.00$/,
        );
      });
    }
    // Members who are not leads, and teams without a budget, get none.
    for (const persona of ['maya', 'omar', 'priya', 'sam', 'jordan']) {
      expect(await byTopic(persona, 'aiml-budget')).toEqual([]);
    }
  });

  it('tells the owning team of each idle project, the planted ablation among them, and nobody else', async () => {
    // The window the check reads: the last whole day and today so far.
    const api = aimlApi(first!.backend);
    const idleRows: any[] = [];
    for (const team of ['ml-research', 'ml-platform', 'recsys']) {
      // FinOps reads every team's usage.
      const res = await api(
        'fatima',
        'GET',
        `/usage/teams/${team}?from=2026-11-21&to=2026-11-23`,
      );
      expect(res.status).toBe(200);
      idleRows.push(
        ...res.json.report.byProject.filter(
          (r: any) =>
            r.efficiency !== null &&
            r.efficiency < 0.1 &&
            r.allocatedHours >= 4,
        ),
      );
    }
    // The planted ablation: 4 A10G at 2% busy, no project label.
    expect(idleRows).toContainEqual(
      expect.objectContaining({ team: 'recsys', project: null }),
    );
    const members: Record<string, string[]> = {
      'ml-research': ['maya', 'lee'],
      'ml-platform': ['sam', 'jordan'],
      recsys: ['omar', 'priya'],
    };
    for (const [team, people] of Object.entries(members)) {
      const expected = idleRows
        .filter(r => r.team === team)
        .map(r => `aiml-idle:${team}:${r.project ?? '-'}`)
        .sort();
      for (const persona of people) {
        await eventually(async () => {
          const idle = await byTopic(persona, 'aiml-idle');
          expect(idle.map(n => n.scope).sort()).toEqual(expected);
        });
      }
    }
    const [ablation] = (await byTopic('priya', 'aiml-idle')).filter(
      n => n.scope === 'aiml-idle:recsys:-',
    );
    expect(ablation).toMatchObject({
      link: '/catalog/default/group/recsys/aiml',
      title: expect.stringMatching(
        /^Idle accelerators: pods without a project label in recsys was [0-2]% busy since 2026-11-21$/,
      ),
      description: expect.stringMatching(/\$[\d,.]+ of \$[\d,.]+ spent idle/),
    });
    // FinOps owns no project.
    expect(await byTopic('fatima', 'aiml-idle')).toEqual([]);
  });

  it('tells grantees of grants about to end and of revokes by others, and the team and admins of break-glass, once each', async () => {
    const viaFirst = aimlApi(first!.backend);
    const viaSecond = aimlApi(second!.backend);
    const body = (reason: string, ttl: string) => ({
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'view',
      ttl,
      reason,
    });
    const ending = await viaFirst(
      'maya',
      'POST',
      '/access/grants',
      body('short look', 'PT10M'),
    );
    expect(ending.status).toBe(201);
    const revoked = await viaFirst(
      'maya',
      'POST',
      '/access/grants',
      body('long look', 'PT1H'),
    );
    expect(revoked.status).toBe(201);
    const own = await viaFirst(
      'maya',
      'POST',
      '/access/grants',
      body('my own revoke', 'PT1H'),
    );
    expect(own.status).toBe(201);
    // The lead revokes through the other replica; maya revokes her own.
    expect(
      (await viaSecond('lee', 'DELETE', `/access/grants/${revoked.json.id}`))
        .status,
    ).toBe(200);
    expect(
      (await viaFirst('maya', 'DELETE', `/access/grants/${own.json.id}`))
        .status,
    ).toBe(200);
    const glass = await viaSecond('alex', 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      breakGlass: true,
      ttl: 'PT30M',
      reason: 'incident 4712: notifications test',
    });
    expect(glass.status).toBe(201);

    await eventually(async () => {
      const access = await byTopic('maya', 'aiml-access');
      expect(access.map(n => n.scope).sort()).toEqual(
        [
          `aiml-grant:${ending.json.id}`,
          `aiml-grant:${revoked.json.id}`,
          // Break-glass has no scope (stored as null): the whole team is told.
          null,
        ].sort(),
      );
    });
    const access = await byTopic('maya', 'aiml-access');
    expect(
      access.find(n => n.scope === `aiml-grant:${ending.json.id}`)?.title,
    ).toBe(
      "Your view access to team ml-research's namespaces on ml-sandbox-use1 ends in 15 minutes or less",
    );
    expect(
      access.find(n => n.scope === `aiml-grant:${revoked.json.id}`),
    ).toMatchObject({
      title: `Your view access to team ml-research's namespaces on ml-sandbox-use1 was revoked by user:default/lee`,
      severity: 'high',
    });
    const breakGlassTitle = `Break-glass: user:default/alex took admin access to team ml-research's namespaces on ml-sandbox-use1`;
    for (const persona of ['maya', 'lee', 'alex']) {
      const notices = (await byTopic(persona, 'aiml-access')).filter(
        n => n.title === breakGlassTitle,
      );
      expect({ persona, count: notices.length }).toEqual({ persona, count: 1 });
    }
    // Other teams hear nothing of ml-research's access.
    for (const persona of ['omar', 'sam', 'fatima']) {
      expect(await byTopic(persona, 'aiml-access')).toEqual([]);
    }
  });

  it('sends nothing twice across cycles and replicas: each key is sent by one replica, once', async () => {
    // Several more cycles on both replicas.
    await sleep(CHECK_SECONDS * 4 * 1000);
    const sent = [first!, second!].flatMap(({ backend }) =>
      [...backend.output().matchAll(/Sent notification (\S+)/g)].map(m => m[1]),
    );
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect([...new Set(sent)].sort()).toEqual([...sent].sort());
    // Both replicas took part: the access notices went out where the requests came in.
    for (const { backend } of [first!, second!]) {
      expect(backend.output()).toMatch(/Sent notification /);
    }
    for (const persona of PERSONAS) {
      for (const backend of [first!.backend, second!.backend]) {
        const received = await inbox(persona, backend);
        // A repeated send of a scoped notice would update it rather than add one.
        expect(received.filter(n => n.updated)).toEqual([]);
        const keys = received.map(n => `${n.topic} ${n.scope} ${n.title}`);
        expect({ persona, keys: [...new Set(keys)].sort() }).toEqual({
          persona,
          keys: keys.sort(),
        });
      }
    }
  });
});
