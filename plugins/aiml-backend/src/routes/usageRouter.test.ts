import fs from 'node:fs';
import path from 'node:path';
import {
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  aimlSandboxFeatures,
  aimlSandboxServiceRef,
} from '@eks-aiml/plugin-aiml-backend-module-sandbox';
import {
  plantedNumber as num,
  readPlantedScenarios as plantedScenarios,
  Sandbox,
} from '@eks-aiml/sandbox';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  aimlTeamConditions,
  createAimlTeamConditionalDecision,
} from '../permissions';
import { aimlPlugin } from '../plugin';

function catalogEntities() {
  const dir = path.resolve(
    resolvePackagePath('@eks-aiml/sandbox'),
    '../../catalog',
  );
  const entities = ['org.yaml', 'components.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(d =>
      d.toJS(),
    ),
  );
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'personal-tool' },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'user:maya' },
  });
  return entities.map(e => ({
    ...e,
    metadata: { namespace: 'default', ...e.metadata },
  }));
}

/** The portal's policy in short: members see their teams, FinOps and admins every team. */
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/maya': ['ml-research'],
  'user:default/omar': ['recsys'],
  'user:default/fatima': ['*'],
};

const cents = (v: number) => Math.round(v * 100) / 100;

// The machine is shared: give the cold computations room.
jest.setTimeout(60_000);

describe('the usage API on the sandbox', () => {
  let sandbox: Sandbox;
  let server: any;
  let stopBackend: () => Promise<void>;
  let knex: Knex;
  const scenarios = plantedScenarios();

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    // The access broker's store; closed after the tests (the pool keeps a timer).
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const role = sandbox.connection().portalRole;
    const cluster = (name: string, region: string) => ({
      name,
      region,
      accountId: '111122223333',
      assumeRole: { roleArn: role.arn, externalId: role.externalId },
      metrics: { type: 'sandbox' },
    });
    const backend = await startTestBackend({
      features: [
        aimlPlugin,
        ...aimlSandboxFeatures,
        mockServices.rootConfig.factory({
          data: {
            aiml: {
              clusters: [
                // Kueue on one cluster: the planted figures must not move.
                {
                  ...cluster('ml-sandbox-use1', 'us-east-1'),
                  scheduling: 'kueue',
                  kueue: {
                    cohort: 'aiml-sandbox',
                    instanceTypes: ['p4d.24xlarge', 'g5.12xlarge'],
                  },
                },
                cluster('ml-sandbox-usw2', 'us-west-2'),
              ],
              teams: { defaults: { monthlyBudget: 500 } },
              serviceAccess: [
                { subject: 'finops-export', read: 'fleet' },
                { subject: 'recsys-bot', read: { teams: ['recsys'] } },
              ],
            },
          },
        }),
        createServiceFactory({
          service: aimlSandboxServiceRef,
          deps: {},
          factory: () => ({
            connection: sandbox.connection(),
            clock: sandbox.clock,
          }),
        }),
        catalogServiceMock.factory({ entities: catalogEntities() as any }),
        // The access broker's expiry tasks have nothing to do with usage.
        mockServices.scheduler.mock().factory,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async (requests: any[], options: any) => {
            const user = options.credentials.principal.userEntityRef;
            const teams = MEMBERSHIP[user] ?? [];
            return requests.map(r => ({
              result:
                teams.includes('*') ||
                teams.includes(r.resourceRef.replace('group:default/', ''))
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            }));
          },
          // Unconditional for those who see every team; per team (conditions) otherwise,
          // which the plugin evaluates with its own rules.
          authorizeConditional: async (requests: any[], options: any) => {
            const user = options.credentials.principal.userEntityRef;
            const teams = MEMBERSHIP[user] ?? [];
            return requests.map(({ permission }) =>
              teams.includes('*')
                ? { result: AuthorizeResult.ALLOW }
                : createAimlTeamConditionalDecision(
                    permission,
                    aimlTeamConditions.isTeamMember({
                      claims: teams.map(t => `group:default/${t}`),
                    }),
                  ),
            );
          },
        }).factory,
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await knex?.destroy();
    await sandbox?.stop();
  });

  const get = (url: string, user = 'fatima') =>
    request(server)
      .get(`/api/aiml${url}`)
      .set(
        'Authorization',
        mockCredentials.user.header(`user:default/${user}`),
      );

  it('reads its expected answers from the README table', () => {
    expect(scenarios.projects).toHaveLength(9);
    expect(scenarios.projects[0]).toMatchObject({
      team: 'recsys',
      project: 'ranker-train',
      'capacity type': 'spot',
      'idle spend': '711.46',
    });
    expect(scenarios.teams.map(t => t.team)).toEqual([
      'ml-research',
      'ml-platform',
      'recsys',
    ]);
  });

  it.each(
    plantedScenarios().projects.map(r => [
      `#${r['#']} ${r.project} on ${r.cluster}`,
      r,
    ]),
  )('gives the planted figures of %s to the cent', async (_name, row) => {
    const res = await get(
      `/usage/projects/default/${row.project}?from=${row.from}&to=${row.to}`,
    );
    expect(res.status).toBe(200);
    const { report } = res.body;
    expect(report.currency).toBe('USD');
    const on = report.byCluster.find((c: any) => c.cluster === row.cluster);
    expect(on).toBeDefined();
    expect(on.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
    expect(on.busyHours).toBeCloseTo(num(row['busy hours']), 6);
    expect(cents(on.spend)).toBe(num(row.spend));
    expect(cents(on.idleSpend)).toBe(num(row['idle spend']));
    const types = report.byInstanceType.map((t: any) => t.instanceType);
    expect(types).toContain(row['instance type']);
    const capacity = row['capacity type'];
    expect(report.byCapacityType.map((t: any) => t.capacityType)).toContain(
      capacity,
    );
    expect(res.body.priceSource).toMatch(/built-in on-demand prices/);
    expect(res.body.complete).toBe(true);
  });

  it.each(plantedScenarios().teams.map(r => [r.team, r]))(
    'gives team %s its week to the cent',
    async (_team, row) => {
      const res = await get(
        `/usage/teams/${row.team}?from=2026-06-01&to=2026-06-08`,
      );
      expect(res.status).toBe(200);
      const { totals, byTeam, daily } = res.body.report;
      expect(byTeam).toHaveLength(1);
      expect(totals.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
      expect(totals.busyHours).toBeCloseTo(num(row['busy hours']), 6);
      expect(cents(totals.spend)).toBe(num(row.spend));
      expect(cents(totals.idleSpend)).toBe(num(row['idle spend']));
      // A team view shows no fleet figures.
      expect(totals.nodeCost).toBe(0);
      expect(res.body.report.unallocated).toEqual([]);
      expect(daily.byTeam[0].days.map((d: any) => d.date)).toEqual([
        '2026-06-01',
        '2026-06-02',
        '2026-06-03',
        '2026-06-04',
        '2026-06-05',
        '2026-06-06',
        '2026-06-07',
      ]);
    },
  );

  it.each(plantedScenarios().clusters.map(r => [r.cluster, r]))(
    'gives cluster %s its week to the cent, and the totals identity',
    async (_cluster, row) => {
      const res = await get(
        `/usage/clusters/${row.cluster}?from=2026-06-01&to=2026-06-08`,
      );
      expect(res.status).toBe(200);
      const { totals, unallocated } = res.body.report;
      expect(totals.capacityHours).toBeCloseTo(num(row['capacity hours']), 6);
      expect(totals.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
      expect(totals.busyHours).toBeCloseTo(num(row['busy hours']), 6);
      expect(cents(totals.nodeCost)).toBe(num(row['node cost']));
      expect(cents(totals.spend)).toBe(num(row.spend));
      expect(cents(totals.unattributedSpend)).toBe(
        num(row['unattributed spend']),
      );
      expect(cents(totals.unallocatedCost)).toBe(num(row['unallocated cost']));
      expect(totals.spend + totals.unallocatedCost).toBeCloseTo(
        totals.nodeCost,
        6,
      );
      expect(unallocated.length).toBeGreaterThan(0);
      for (const u of unallocated) {
        expect(u.utilization).toBeCloseTo(u.busyHours / u.capacityHours, 12);
      }
    },
  );

  describe('team queues on the Kueue cluster', () => {
    const queue = (rows: any[], team: string) =>
      rows.find((r: any) => r.team === team);
    const week = 'from=2026-07-06&to=2026-07-13';

    it.each(plantedScenarios().kueue.map(r => [r.team, r]))(
      "gives %s's borrowed hours, their spend and its waits as the README",
      async (_team, row) => {
        const res = await get(`/usage/clusters/ml-sandbox-use1?${week}`);
        expect(res.status).toBe(200);
        expect(res.body.complete).toBe(true);
        const got = queue(res.body.report.byTeamQueue, row.team);
        expect(got).toMatchObject({
          cluster: 'ml-sandbox-use1',
          clusterQueue: row['cluster queue'],
          admissions: num(row.admissions),
          unpricedBorrowedHours: 0,
        });
        expect(got.borrowedHours).toBeCloseTo(num(row['borrowed hours']), 9);
        expect(cents(got.borrowedSpend)).toBe(num(row['borrowed spend']));
        expect(got.waitSeconds).toBeCloseTo(num(row['wait seconds']), 9);
        expect(got.meanWaitSeconds).toBeCloseTo(
          num(row['mean wait seconds']),
          9,
        );
        expect(got.pendingWorkloadHours).toBeCloseTo(
          num(row['pending workload-hours']),
          4,
        );
      },
    );

    it('shows a team its own queue only, a project none, a quota cluster none', async () => {
      const mine = await get(`/usage/teams/ml-research?${week}`, 'maya');
      expect(mine.status).toBe(200);
      expect(mine.body.report.byTeamQueue.map((r: any) => r.team)).toEqual([
        'ml-research',
      ]);
      const project = await get(
        `/usage/projects/default/llama-finetune?${week}`,
        'maya',
      );
      expect(project.body.report.byTeamQueue).toEqual([]);
      const quota = await get(`/usage/clusters/ml-sandbox-usw2?${week}`);
      expect(quota.body.report.byTeamQueue).toEqual([]);
      // Outside the planted week the queues have no series, so no rows.
      const june = await get(
        '/usage/clusters/ml-sandbox-use1?from=2026-06-01&to=2026-06-08',
      );
      expect(june.body.report.byTeamQueue).toEqual([]);
    });
  });

  describe('the planted month', () => {
    const { month } = plantedScenarios();
    const q = `?from=${month.from}&to=${month.to}`;
    const hoursAndMoney = (got: any, row: Record<string, string>) => {
      expect(got.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
      expect(got.busyHours).toBeCloseTo(num(row['busy hours']), 6);
      expect(cents(got.spend)).toBe(num(row.spend));
      expect(cents(got.idleSpend)).toBe(num(row['idle spend']));
    };

    it.each(month.teams.map(r => [r.team, r]))(
      'gives team %s its month to the cent, its days and its change on the 30 days before',
      async (_team, row) => {
        const res = await get(`/usage/teams/${row.team}${q}`);
        expect(res.status).toBe(200);
        const { report, comparison, previousWindow } = res.body;
        hoursAndMoney(report.totals, row);
        expect(previousWindow).toEqual({ from: '2026-10-02', to: month.from });
        expect(cents(comparison.totals.spend.previous)).toBe(
          num(row['previous spend']),
        );
        expect(100 * comparison.totals.spend.relative).toBeCloseTo(
          num(row['change %']),
          2,
        );
        const days = month.days.filter(d => d.team === row.team);
        expect(days.length).toBeGreaterThan(0);
        for (const day of days) {
          hoursAndMoney(
            report.daily.byTeam[0].days.find((d: any) => d.date === day.date),
            day,
          );
        }
      },
    );

    it.each([...new Set(month.clusterTypes.map(r => r.cluster))].map(c => [c]))(
      'gives cluster %s its month per accelerator type to the cent',
      async cluster => {
        const res = await get(`/usage/clusters/${cluster}${q}`);
        expect(res.status).toBe(200);
        const { byAcceleratorType, unallocated } = res.body.report;
        const rows = month.clusterTypes.filter(r => r.cluster === cluster);
        expect(byAcceleratorType).toHaveLength(rows.length);
        for (const row of rows) {
          const type = row['accelerator type'];
          hoursAndMoney(
            byAcceleratorType.find((t: any) => t.acceleratorType === type),
            row,
          );
          const capacity = unallocated.find(
            (u: any) => u.acceleratorType === type,
          );
          expect(capacity.capacityHours).toBeCloseTo(
            num(row['capacity hours']),
            6,
          );
          expect(cents(capacity.nodeCost)).toBe(num(row['node cost']));
          expect(cents(capacity.unallocatedCost)).toBe(
            num(row['unallocated cost']),
          );
        }
      },
    );

    it('gives the fleet its unlabelled spend as unattributed', async () => {
      const res = await get(`/usage/teams${q}`);
      const unlabelled = month.costCenters.find(
        r => r['cost center'] === '(unlabelled)',
      )!;
      expect(cents(res.body.report.totals.unattributedSpend)).toBe(
        num(unlabelled.spend),
      );
    });
  });

  it('compares with the previous period', async () => {
    const res = await get(
      '/usage/projects/default/ranker-train?from=2026-06-01&to=2026-06-08',
    );
    expect(res.body.previousWindow).toEqual({
      from: '2026-05-25',
      to: '2026-06-01',
    });
    expect(res.body.comparison.totals.spend).toEqual({
      current: res.body.report.totals.spend,
      previous: 0,
      absolute: res.body.report.totals.spend,
      relative: null,
    });
    const after = await get(
      '/usage/projects/default/ranker-train?from=2026-06-08&to=2026-06-15',
    );
    // The sweep's pod is Succeeded then: its requests are still reported, but never counted.
    expect(after.body.report.totals.allocatedHours).toBe(0);
    expect(cents(after.body.comparison.totals.spend.previous)).toBe(1094.55);
    expect(after.body.comparison.totals.spend.relative).toBe(-1);
  });

  it('lists the teams the caller may see, with fleet figures only for those who see all', async () => {
    const q = '?from=2026-06-01&to=2026-06-08';
    const all = await get(`/usage/teams${q}`);
    expect(all.status).toBe(200);
    expect(all.body.fleet).toBe(true);
    expect(all.body.report.byTeam.map((t: any) => t.team).sort()).toEqual([
      'ml-platform',
      'ml-research',
      'recsys',
    ]);
    // Unattributed: legacy-experiments has a team label but is not managed.
    expect(
      all.body.report.unattributed.map((u: any) => u.namespace).sort(),
    ).toEqual(['legacy-experiments', 'shared-notebooks']);
    expect(all.body.teamChanges).toHaveLength(3);

    const maya = await get(`/usage/teams${q}`, 'maya');
    expect(maya.status).toBe(200);
    expect(maya.body.fleet).toBe(false);
    expect(maya.body.teams).toEqual(['ml-research']);
    expect(maya.body.report.byTeam.map((t: any) => t.team)).toEqual([
      'ml-research',
    ]);
    expect(maya.body.report.unattributed).toEqual([]);
    expect(maya.body.report.unallocated).toEqual([]);
    expect(maya.body.report.totals.nodeCost).toBe(0);
    expect(cents(maya.body.report.totals.spend)).toBe(
      num(scenarios.teams.find(t => t.team === 'ml-research')!.spend),
    );

    const stranger = await get(`/usage/teams${q}`, 'nobody');
    expect(stranger.status).toBe(200);
    expect(stranger.body.report.byTeam).toEqual([]);
  });

  it('computes nothing for a caller who sees no team: an empty report, complete', async () => {
    // A window no other test asks for: a computation would load the sandbox's series.
    const res = await get(
      '/usage/teams?from=2026-03-01&to=2026-03-03',
      'nobody',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      teams: [],
      fleet: false,
      sources: [],
      complete: true,
    });
    expect(res.body.report.totals.spend).toBe(0);
    expect(res.body.report.byTeam).toEqual([]);
  });

  it('refuses a from earlier than aiml.usage.maxHistoryDays, naming the key', async () => {
    const res = await get('/usage/teams?from=1970-01-01&to=1970-01-31', 'maya');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(/aiml\.usage\.maxHistoryDays/);
    expect(res.body.error.stack).toBeUndefined();
  });

  it('lets services read only what aiml.serviceAccess lists', async () => {
    const q = '?from=2026-06-01&to=2026-06-08';
    const as = (subject: string, url: string) =>
      request(server)
        .get(`/api/aiml${url}`)
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service(subject),
            targetPluginId: 'aiml',
          }),
        );
    const unlisted = await as('external:curious-script', `/usage/teams${q}`);
    expect(unlisted.status).toBe(403);
    expect(unlisted.body.error.message).toMatch(/aiml\.serviceAccess/);
    const fleet = await as('finops-export', `/usage/teams${q}`);
    expect(fleet.status).toBe(200);
    expect(fleet.body.fleet).toBe(true);
    expect(
      (await as('finops-export', `/usage/clusters/ml-sandbox-use1${q}`)).status,
    ).toBe(200);
    const bot = await as('recsys-bot', `/usage/teams${q}`);
    expect(bot.status).toBe(200);
    expect(bot.body.teams).toEqual(['recsys']);
    expect(bot.body.report.unattributed).toEqual([]);
    expect((await as('recsys-bot', `/usage/teams/recsys${q}`)).status).toBe(
      200,
    );
    const other = await as('recsys-bot', `/usage/teams/ml-research${q}`);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(
      /aiml\.serviceAccess does not list team "ml-research"/,
    );
    expect(
      (await as('recsys-bot', `/usage/clusters/ml-sandbox-use1${q}`)).status,
    ).toBe(403);
  });

  it('refuses teams, projects and clusters the caller may not see', async () => {
    const recsys = await get('/usage/teams/recsys', 'maya');
    expect(recsys.status).toBe(403);
    expect(recsys.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'aiml.usage.read is not granted for team "recsys"',
      ),
    });
    expect(
      (await get('/usage/projects/default/ranker-serving', 'maya')).status,
    ).toBe(403);
    expect((await get('/usage/teams/recsys', 'omar')).status).toBe(200);
    const cluster = await get('/usage/clusters/ml-sandbox-use1', 'maya');
    expect(cluster.status).toBe(403);
    expect(cluster.body.error.message).toMatch(
      /shown only to those who see every team/,
    );
    // Even a member of every team with namespaces there: a cluster is the fleet's.
    const omar = await get('/usage/clusters/ml-sandbox-usw2', 'omar');
    expect(omar.status).toBe(403);
  });

  it('answers 404 for unknown teams, projects and clusters', async () => {
    const team = await get('/usage/teams/data-science');
    expect(team.status).toBe(404);
    expect(team.body.error.message).toMatch(/No team "data-science"/);
    expect((await get('/usage/teams/Not_A_Team')).status).toBe(404);
    expect((await get('/usage/projects/default/no-such-project')).status).toBe(
      404,
    );
    const orphan = await get('/usage/projects/default/personal-tool');
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.message).toMatch(/not owned by a team/);
    const cluster = await get('/usage/clusters/ml-prod-use1');
    expect(cluster.status).toBe(404);
    expect(cluster.body.error.message).toMatch(/not configured/);
  });

  it.each([
    [
      '/usage/teams?from=2026-06-08&to=2026-06-01',
      /from \(2026-06-08\) must be before to/,
    ],
    ['/usage/teams/recsys?from=2026-01-01&to=2026-07-01', /at most 180 days/],
    ['/usage/teams?from=2026-06-31', /from must be a date YYYY-MM-DD/],
    ['/usage/clusters/ml-sandbox-use1?to=next-week', /to must be a date/],
    ['/usage/teams?from=2026-06-01&from=2026-06-02', /from must be given once/],
    ['/usage/teams?to=2099-01-01', /is in the future/],
    ['/usage/teams?format=xml', /format must be json or csv/],
    ['/usage/projects/default/bad%20name', /is not a valid entity name/],
    ['/usage/projects/-x-/llama-finetune', /is not a valid entity namespace/],
  ])('answers 400 to %s', async (url, message) => {
    const res = await get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('exports CSV', async () => {
    const res = await get(
      '/usage/teams/recsys?from=2026-06-01&to=2026-06-08&format=csv',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="aiml-usage-recsys-2026-06-01_2026-06-08.csv"',
    );
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,team,allocated_hours,busy_hours,efficiency,spend,idle_spend,currency',
    );
    expect(lines).toHaveLength(8);
    const spend = lines
      .slice(1)
      .reduce((s, l) => s + Number(l.split(',')[5]), 0);
    expect(spend).toBeCloseTo(
      num(scenarios.teams.find(t => t.team === 'recsys')!.spend),
      1,
    );
    const cluster = await get(
      '/usage/clusters/ml-sandbox-usw2?from=2026-06-01&to=2026-06-08&format=csv',
    );
    expect(cluster.text.split('\r\n')[0]).toContain('node_cost');
    expect(cluster.text.split('\r\n')[1]).toMatch(/^2026-06-01,\(all\),/);
  });

  it('serves the effective price book', async () => {
    const res = await get('/pricing', 'maya');
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('USD');
    const g5 = res.body.instanceTypes.find(
      (t: any) => t.instanceType === 'g5.48xlarge',
    );
    expect(g5).toEqual({
      instanceType: 'g5.48xlarge',
      acceleratorType: 'nvidia-a10g',
      acceleratorName: 'NVIDIA A10G 24GB',
      resource: 'nvidia.com/gpu',
      accelerators: 8,
      units: 8,
      memoryGiBPerDevice: 24,
      onDemandHourly: 16.288,
      spotHourly: expect.closeTo(6.5152, 9),
      onDemandPerAcceleratorHour: 2.036,
      spotPerAcceleratorHour: expect.closeTo(0.8144, 9),
      overridden: false,
    });
    const inf2 = res.body.instanceTypes.find(
      (t: any) => t.instanceType === 'inf2.24xlarge',
    );
    expect(inf2).toMatchObject({ accelerators: 6, units: 12 });
    expect(res.body.instanceTypes).toHaveLength(26);
  });

  it('answers 90 days in a few seconds', async () => {
    const t0 = performance.now();
    const res = await get('/usage/teams?from=2026-03-01&to=2026-05-30');
    const cold = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(res.body.report.window.stepSeconds).toBe(900);
    const t1 = performance.now();
    await get('/usage/teams?from=2026-03-01&to=2026-05-30');
    const warm = performance.now() - t1;
    expect(cold).toBeLessThan(15_000);
    expect(warm).toBeLessThan(cold);
  });

  it("gives a team's budget against this month's spend so far, with the linear forecast", async () => {
    const res = await get('/usage/teams/recsys?from=2026-06-01&to=2026-06-08');
    expect(res.status).toBe(200);
    const { budget } = res.body;
    const asOf = Date.parse(budget.asOf);
    const now = new Date(asOf);
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const tomorrow = Math.floor(asOf / 86_400_000) * 86_400_000 + 86_400_000;
    // recsys runs at about 22 a day: its month ends near 660, over its 500.
    // The same month-to-date window through the API gives the same spend.
    const mtd = await get(
      `/usage/teams/recsys?from=${day(monthStart)}&to=${day(tomorrow)}`,
    );
    expect(budget).toEqual({
      monthly: 500,
      month: day(monthStart).slice(0, 7),
      asOf: budget.asOf,
      spendToDate: mtd.body.report.totals.spend,
      forecast: expect.closeTo(
        (mtd.body.report.totals.spend * (monthEnd - monthStart)) /
          (asOf - monthStart),
        6,
      ),
      willExceed: true,
      complete: true,
    });
  });

  it('defaults to the last 30 full days by the sandbox clock', async () => {
    const today = (ms: number) =>
      new Date(Math.floor(ms / 86_400_000) * 86_400_000)
        .toISOString()
        .slice(0, 10);
    const res = await get('/usage/teams');
    expect(res.status).toBe(200);
    expect(res.body.window.to).toBe(today(sandbox.clock.nowMs()));
    expect(res.body.report.daily.overall).toHaveLength(30);
    sandbox.clock.advance(3 * 86_400_000);
    const later = await get('/usage/teams');
    expect(later.body.window.to).toBe(today(sandbox.clock.nowMs()));
    expect(later.body.window.to).not.toBe(res.body.window.to);
  });

  describe('cost centers, workload types and the chargeback', () => {
    const week = '?from=2026-06-01&to=2026-06-08';
    const sum = (rows: any[], key = 'spend') =>
      rows.reduce((s: number, r: any) => s + r[key], 0);
    /** The cost center of each team, as catalog/org.yaml annotates it. */
    const costCenterOf = (team: string) =>
      catalogEntities().find(
        (e: any) => e.kind === 'Group' && e.metadata.name === team,
      )?.metadata.annotations?.['aiml.eks.aws/cost-center'];

    it("gives each team's cost center the team's planted week, and the rest as unlabelled", async () => {
      const res = await get(`/usage/teams${week}`);
      expect(res.status).toBe(200);
      const { report } = res.body;
      for (const row of scenarios.teams) {
        const cc = report.byCostCenter.find(
          (r: any) => r.costCenter === costCenterOf(row.team),
        );
        expect(cc).toBeDefined();
        expect(cents(cc.spend)).toBe(num(row.spend));
        expect(cents(cc.idleSpend)).toBe(num(row['idle spend']));
        expect(cc.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
      }
      // Every managed namespace of the sandbox has a cost center: unlabelled is unattributed.
      const unlabelled = report.byCostCenter.find(
        (r: any) => r.costCenter === null,
      );
      expect(unlabelled.spend).toBeCloseTo(report.totals.unattributedSpend, 9);
      const planted = scenarios.clusters.reduce(
        (s, c) => s + num(c['unattributed spend']),
        0,
      );
      expect(Math.abs(unlabelled.spend - planted)).toBeLessThanOrEqual(0.01);
    });

    it('keeps the identity: cost centers and workload types sum to teams plus unattributed', async () => {
      const { report } = (await get(`/usage/teams${week}`)).body;
      const teams = sum(report.byTeam) + report.totals.unattributedSpend;
      expect(sum(report.byCostCenter)).toBeCloseTo(teams, 6);
      expect(sum(report.byWorkloadType)).toBeCloseTo(teams, 6);
      expect(sum(report.byWorkloadType, 'allocatedHours')).toBeCloseTo(
        report.totals.allocatedHours,
        6,
      );
      expect(
        report.byWorkloadType.map((r: any) => String(r.workloadType)).sort(),
      ).toEqual(['inference', 'null', 'training']);
      // A cluster's view keeps it too.
      const use1 = (await get(`/usage/clusters/ml-sandbox-use1${week}`)).body
        .report;
      expect(sum(use1.byCostCenter)).toBeCloseTo(
        sum(use1.byTeam) + use1.totals.unattributedSpend,
        6,
      );
    });

    it("shows a member only their team's cost center", async () => {
      const res = await get(`/usage/teams${week}`, 'maya');
      const { report } = res.body;
      expect(report.byCostCenter.map((r: any) => r.costCenter)).toEqual([
        costCenterOf('ml-research'),
      ]);
      expect(report.byCostCenter[0].spend).toBeCloseTo(report.totals.spend, 9);
      expect(report.daily.byCostCenter).toHaveLength(1);
    });

    it('exports the daily series by cost center and by workload type as CSV', async () => {
      const res = await get(`/usage/teams${week}&format=csv&by=cost-center`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="aiml-usage-teams-by-cost-center-2026-06-01_2026-06-08.csv"',
      );
      const lines = res.text.trim().split('\r\n');
      expect(lines[0]).toMatch(/^date,cost_center,allocated_hours,/);
      const rows = lines.slice(1).map(l => l.split(','));
      const groups = new Set(rows.map(r => r[1]));
      expect([...groups].sort()).toEqual(
        [
          '(all)',
          'unlabelled',
          ...scenarios.teams.map(t => costCenterOf(t.team)),
        ].sort(),
      );
      const json = (await get(`/usage/teams${week}`)).body.report;
      const perGroup = rows
        .filter(r => r[1] !== '(all)')
        .reduce((s, r) => s + Number(r[5]), 0);
      // Cents per row: 7 days × 4 groups rounded at most half a cent each.
      expect(Math.abs(perGroup - json.totals.spend)).toBeLessThanOrEqual(0.15);
      const byType = await get(
        `/usage/teams/recsys${week}&format=csv&by=workload-type`,
      );
      expect(byType.text.split('\r\n')[0]).toBe(
        'date,workload_type,allocated_hours,busy_hours,efficiency,spend,idle_spend,currency',
      );
      const bad = await get(`/usage/teams${week}&format=csv&by=project`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /by must be one of team, cost-center, workload-type/,
      );
    });

    it("gives FinOps the month's chargeback: lines per cost center, cluster and accelerator type that sum to the month's spend", async () => {
      const res = await get('/usage/chargeback?month=2026-06');
      expect(res.status).toBe(200);
      const cb = res.body;
      expect(cb).toMatchObject({
        month: '2026-06',
        window: { from: '2026-06-01', to: '2026-07-01' },
        currency: 'USD',
        monthToDate: false,
        complete: true,
      });
      const keys = cb.lines.map(
        (l: any) => `${l.costCenter}/${l.cluster}/${l.acceleratorType}`,
      );
      expect(new Set(keys).size).toBe(keys.length);
      expect(cb.lines.every((l: any) => l.month === '2026-06')).toBe(true);
      expect(cb.lines.every((l: any) => l.priceSource === 'fallback')).toBe(
        true,
      );
      // Each line's spend per price source adds up to the line.
      for (const l of cb.lines) {
        expect(sum(l.priceSources)).toBeCloseTo(l.spend, 9);
      }
      expect(sum(cb.lines)).toBeCloseTo(cb.totals.spend, 6);
      expect(sum(cb.lines, 'idleSpend')).toBeCloseTo(cb.totals.idleSpend, 6);
      expect(cb.totals.spend + cb.totals.unallocatedCost).toBeCloseTo(
        cb.totals.nodeCost,
        6,
      );
      // The month's spend as the usage API gives it.
      const month = (await get('/usage/teams?from=2026-06-01&to=2026-07-01'))
        .body.report;
      expect(cb.totals.spend).toBeCloseTo(month.totals.spend, 6);
      for (const cc of month.byCostCenter) {
        expect(
          sum(cb.lines.filter((l: any) => l.costCenter === cc.costCenter)),
        ).toBeCloseTo(cc.spend, 6);
      }
      // Unlabelled lines come last.
      expect(cb.lines[cb.lines.length - 1].costCenter).toBeNull();
    });

    it("gives the planted month's chargeback and cost centers to the cent", async () => {
      const planted = scenarios.month;
      const res = await get(`/usage/chargeback?month=${planted.month}`);
      expect(res.status).toBe(200);
      const costCenter = (cell: string) =>
        cell === '(unlabelled)' ? null : cell;
      expect(res.body.lines).toHaveLength(planted.chargeback.length);
      for (const row of planted.chargeback) {
        const line = res.body.lines.find(
          (l: any) =>
            l.costCenter === costCenter(row['cost center']) &&
            l.cluster === row.cluster &&
            l.acceleratorType === row['accelerator type'],
        );
        expect(line).toBeDefined();
        expect(line.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
        expect(line.busyHours).toBeCloseTo(num(row['busy hours']), 6);
        expect(cents(line.spend)).toBe(num(row.spend));
        expect(cents(line.idleSpend)).toBe(num(row['idle spend']));
        expect(line.priceSource).toBe(row['price source']);
      }
      const { report } = (
        await get(`/usage/teams?from=${planted.from}&to=${planted.to}`)
      ).body;
      for (const row of planted.costCenters) {
        const cc = report.byCostCenter.find(
          (r: any) => r.costCenter === costCenter(row['cost center']),
        );
        expect(cents(cc.spend)).toBe(num(row.spend));
        expect(cents(cc.idleSpend)).toBe(num(row['idle spend']));
        expect(cc.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
      }
    });

    it('downloads the chargeback as CSV, one row per line', async () => {
      const json = (await get('/usage/chargeback?month=2026-06')).body;
      const res = await get('/usage/chargeback?month=2026-06&format=csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="aiml-chargeback-2026-06.csv"',
      );
      const [header, ...rows] = res.text.trim().split('\r\n');
      expect(header).toBe(
        'month,cost_center,cluster,resource,accelerator_type,allocated_hours,busy_hours,efficiency,spend,idle_spend,unpriced_allocated_hours,price_source,currency',
      );
      expect(rows).toHaveLength(json.lines.length);
      rows.forEach((row, i) => {
        const cells = row.split(',');
        const line = json.lines[i];
        expect(cells[1]).toBe(line.costCenter ?? 'unlabelled');
        expect(cells[2]).toBe(line.cluster);
        expect(Number(cells[8])).toBe(cents(line.spend));
      });
    });

    it('refuses the chargeback to team members and to services that do not read the fleet', async () => {
      const maya = await get('/usage/chargeback?month=2026-06', 'maya');
      expect(maya.status).toBe(403);
      expect(maya.body.error.name).toBe('NotAllowedError');
      expect(maya.body.error.message).toMatch(
        /You may not download the chargeback: .*FinOps and platform admins/,
      );
      const as = (subject: string) =>
        request(server)
          .get('/api/aiml/usage/chargeback?month=2026-06&format=csv')
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service(subject),
              targetPluginId: 'aiml',
            }),
          );
      expect((await as('finops-export')).status).toBe(200);
      expect((await as('recsys-bot')).status).toBe(403);
    });

    it.each([
      ['', /month is required: give the month as YYYY-MM/],
      [
        '?month=2026-6',
        /month must be YYYY-MM \(UTC\), e.g. month=2026-06; got "2026-6"/,
      ],
      ['?month=2026-13', /month must be YYYY-MM/],
      ['?month=2026-06&month=2026-07', /month must be given once/],
      ['?month=2099-01', /month 2099-01 has not started/],
      ['?month=1990-01', /aiml\.usage\.maxHistoryDays/],
      ['?month=2026-06&format=xml', /format must be json or csv/],
    ])('answers 400 to /usage/chargeback%s', async (query, message) => {
      const res = await get(`/usage/chargeback${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    });
  });
});
