import { mockServices } from '@backstage/backend-test-utils';
import { Grant } from '../access/types';
import { budgetForecast } from '../usage/budget';
import { NotificationChecks } from './notificationChecks';
import { Notice } from './notices';

const nowMs = Date.UTC(2026, 11, 16, 12);
const grant = (id: string, minutesLeft: number): Grant => ({
  id,
  userRef: 'user:default/maya',
  team: 'ml-research',
  cluster: 'ml-sandbox-usw2',
  level: 'view',
  breakGlass: false,
  strategy: 'token',
  namespaces: ['ml-research-training'],
  reason: 'debug',
  state: 'active',
  createdAt: new Date(0).toISOString(),
  expiresAt: new Date(nowMs + minutesLeft * 60_000).toISOString(),
  updatedAt: new Date(0).toISOString(),
});

function checks(
  overrides: Partial<ConstructorParameters<typeof NotificationChecks>[0]> = {},
) {
  const sent: Notice[] = [];
  const endingBy: number[] = [];
  const subject = new NotificationChecks({
    sender: { send: async n => !!sent.push(n) },
    config: {
      checkIntervalSeconds: 60,
      grantEndingMinutes: 15,
      budget: { overrunPercent: 0, worsenStepPercent: 10 },
      idle: { efficiencyBelow: 0.1, minAllocatedHours: 4, days: 1 },
      finopsGroup: 'finops',
      platformAdminsGroup: 'platform-admins',
    },
    catalog: {
      getEntities: async () => ({
        items: ['ml-research', 'recsys'].map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name },
        })),
      }),
    },
    auth: mockServices.auth(),
    teams: {
      getTeams: async () =>
        new Map([
          [
            'ml-research',
            {
              name: 'ml-research',
              title: 'ML Research',
              leads: ['lee'],
              quota: { gpu: 8, neuronCores: 0 },
              monthlyBudget: 60_000,
            },
          ],
          // No budget: never a budget notice.
          [
            'recsys',
            {
              name: 'recsys',
              title: 'Recsys',
              leads: ['priya'],
              quota: { gpu: 8, neuronCores: 0 },
            },
          ],
        ]),
    },
    // Half of December gone, 40,000 spent: a forecast of 80,000.
    budget: async (_team, monthly) =>
      budgetForecast({ monthly, spendToDate: 40_000, nowMs, complete: true }),
    projects: async () => [],
    activeEndingBy: async ms => {
      endingBy.push(ms);
      return [grant('past', -1), grant('soon', 10), grant('edge', 15)];
    },
    nowMs: () => nowMs,
    logger: mockServices.logger.mock(),
    ...overrides,
  });
  return { subject, sent, endingBy };
}

describe('NotificationChecks', () => {
  it('sends budget notices only for teams with a budget, to leads and FinOps', async () => {
    const { subject, sent } = checks();
    await subject.budgets();
    // 80,000 is 33.3% over 60,000: three full 10% steps past the threshold.
    expect(sent.map(n => [n.key, n.recipients])).toEqual([
      [
        'budget:ml-research:2026-12:3',
        ['user:default/lee', 'group:default/finops'],
      ],
    ]);
  });

  it('warns of grants ending within the notice period, not of those already due', async () => {
    const { subject, sent, endingBy } = checks();
    await subject.grantsEnding();
    expect(endingBy).toEqual([nowMs + 15 * 60_000]);
    expect(sent.map(n => n.key)).toEqual([
      'grant-ending:soon',
      'grant-ending:edge',
    ]);
  });

  it('asks for the last whole day and today so far, and runs the other checks when one fails', async () => {
    const windows: string[] = [];
    const { subject, sent } = checks({
      projects: async (startMs, endMs) => {
        windows.push(
          `${new Date(startMs).toISOString()} ${new Date(endMs).toISOString()}`,
        );
        throw new Error('no metrics');
      },
    });
    await subject.run();
    expect(windows).toEqual([
      '2026-12-15T00:00:00.000Z 2026-12-17T00:00:00.000Z',
    ]);
    expect(sent.map(n => n.key)).toContain('grant-ending:soon');
  });
});
