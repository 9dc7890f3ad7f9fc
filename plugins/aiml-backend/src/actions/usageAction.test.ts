import type { JsonObject } from '@backstage/types';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { NotFoundError } from '@backstage/errors';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { CallerUsage } from '../services/usage/callerUsage';
import { UsageScope } from '../services/usage/scopes';
import { UsageService } from '../services/usage/UsageService';
import { parseUsageWindow } from '../services/usage/usageWindow';
import { testAccess } from './__testUtils__/testAccess';
import { registerUsageAction } from './usageAction';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const ALL_TEAMS = ['ml-research', 'recsys'];

const row = (spend: number, idleSpend: number) => ({
  spend,
  idleSpend,
  allocatedHours: spend / 10,
  busyHours: (spend - idleSpend) / 10,
  efficiency: spend ? (spend - idleSpend) / spend : null,
  unpricedAllocatedHours: 0,
  priceSources: [],
});
const TEAM_ROWS = [
  { team: 'ml-research', ...row(1000, 300) },
  { team: 'recsys', ...row(500, 0) },
];
const PROJECT_ROWS = [
  { team: 'ml-research', project: 'llama-finetune', ...row(600, 50) },
  { team: 'ml-research', project: 'vision', ...row(400, 250) },
  { team: 'recsys', project: 'ranker', ...row(500, 0) },
  { team: 'recsys', project: 'embeddings', ...row(100, 90) },
];

/** A usage service whose report holds the rows of the scope's teams only. */
function fakeService() {
  const teamsOf = (scope: UsageScope): string[] => {
    if (scope.kind === 'fleet') return ALL_TEAMS;
    return scope.kind === 'teams' ? scope.teams : [];
  };
  const computation = (scope: UsageScope) => ({
    scope,
    complete: true,
    report: {
      currency: 'USD',
      byTeam: TEAM_ROWS.filter(r => teamsOf(scope).includes(r.team)),
      byProject: PROJECT_ROWS.filter(r => teamsOf(scope).includes(r.team)),
    },
  });
  return {
    teams: jest.fn(async () => ALL_TEAMS),
    isWarm: jest.fn(async () => true),
    compute: jest.fn(async (scope: UsageScope) => computation(scope)),
    empty: jest.fn((scope: UsageScope) => computation(scope)),
    parseWindow: (q: { from?: unknown; to?: unknown }) =>
      parseUsageWindow(q, NOW),
  };
}

function setup() {
  const registry = actionsRegistryServiceMock();
  const service = fakeService();
  const access = testAccess(
    {
      'user:default/maya': ['ml-research'],
      'user:default/fatima': 'all',
    },
    new Map([['external:recsys-report', { teams: ['recsys'] }]]),
  );
  const teams = {
    getTeam: jest.fn(async (name: string) => {
      if (!ALL_TEAMS.includes(name)) throw new NotFoundError(`No team ${name}`);
      return { name, title: name, leads: [] };
    }),
  };
  registerUsageAction(registry, {
    access,
    service: service as unknown as UsageService,
    usage: new CallerUsage({
      service: service as unknown as UsageService,
      access: () => access,
      maxColdWindowsPerUser: 3,
    }),
    teams: teams as unknown as TeamDirectory,
  });
  const invoke = (credentials: any, input: JsonObject = {}) =>
    registry.invoke({ id: 'test:get-team-usage', input, credentials });
  return { registry, service, invoke };
}

describe('aiml:get-team-usage', () => {
  it("answers a member their team's figures and idle projects, most idle first", async () => {
    const { invoke, service } = setup();
    const { output } = await invoke(mockCredentials.user('user:default/maya'), {
      from: '2026-06-01',
      to: '2026-06-08',
    });
    expect(service.compute).toHaveBeenCalledWith(
      { kind: 'teams', teams: ['ml-research'] },
      expect.objectContaining({ from: '2026-06-01', to: '2026-06-08' }),
    );
    expect(output).toEqual({
      window: { from: '2026-06-01', to: '2026-06-08' },
      currency: 'USD',
      fleet: false,
      teams: [
        {
          team: 'ml-research',
          spend: 1000,
          idleSpend: 300,
          allocatedHours: 100,
          busyHours: 70,
          efficiency: 0.7,
        },
      ],
      idleProjects: [
        expect.objectContaining({ project: 'vision', idleSpend: 250 }),
        expect.objectContaining({ project: 'llama-finetune', idleSpend: 50 }),
      ],
      complete: true,
    });
  });

  it('answers FinOps every team, and limits the idle projects listed', async () => {
    const { invoke, service } = setup();
    const { output } = (await invoke(
      mockCredentials.user('user:default/fatima'),
      { idleProjects: 2 },
    )) as { output: any };
    expect(service.compute).toHaveBeenCalledWith(
      { kind: 'fleet' },
      expect.anything(),
    );
    expect(output.fleet).toBe(true);
    expect(output.teams.map((t: any) => t.team)).toEqual(ALL_TEAMS);
    // 250 (vision), 90 (embeddings), then 50: two asked for; ranker is never idle.
    expect(output.idleProjects.map((p: any) => p.project)).toEqual([
      'vision',
      'embeddings',
    ]);
  });

  it("refuses a member another team's usage, as GET /usage/teams/{team} does", async () => {
    const { invoke, service } = setup();
    await expect(
      invoke(mockCredentials.user('user:default/maya'), { team: 'recsys' }),
    ).rejects.toThrow('You may not see the usage of team "recsys"');
    expect(service.compute).not.toHaveBeenCalled();
  });

  it('computes nothing for a person who sees no team', async () => {
    const { invoke, service } = setup();
    const { output } = (await invoke(
      mockCredentials.user('user:default/nobody'),
    )) as { output: any };
    expect(output.teams).toEqual([]);
    expect(output.idleProjects).toEqual([]);
    expect(service.compute).not.toHaveBeenCalled();
  });

  it('reads for a service only the teams aiml.serviceAccess lists, and refuses others', async () => {
    const { invoke } = setup();
    const { output } = (await invoke(
      mockCredentials.service('external:recsys-report'),
    )) as { output: any };
    expect(output.teams.map((t: any) => t.team)).toEqual(['recsys']);
    await expect(
      invoke(mockCredentials.service('external:curious')),
    ).rejects.toThrow(/Service external:curious may not read usage and spend/);
  });

  it('says what to fix for a malformed window', async () => {
    const { invoke } = setup();
    await expect(
      invoke(mockCredentials.user('user:default/maya'), { from: 'last week' }),
    ).rejects.toThrow(/from/);
  });
});
