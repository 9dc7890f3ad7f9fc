import { Grant } from '../access/types';
import { budgetForecast } from '../usage/budget';
import {
  breakGlassNotice,
  budgetNotice,
  grantEndingNotice,
  grantRevokedNotice,
  idleNotice,
} from './notices';

const team = {
  name: 'ml-research',
  title: 'ML Research',
  leads: ['lee', 'priya'],
};
const groups = { finopsGroup: 'finops' };
// Dec 2026 has 31 days; at noon on the 16th, 15.5 days (half the month) are gone.
const nowMs = Date.UTC(2026, 11, 16, 12);
const budget = (spendToDate: number) =>
  budgetForecast({ monthly: 60_000, spendToDate, nowMs, complete: true });

describe('budgetNotice', () => {
  const thresholds = { overrunPercent: 0, worsenStepPercent: 10 };

  it('tells the leads and FinOps once a month when the forecast overruns the budget', () => {
    // 31,500 spent by mid-month forecasts 63,000: 5% over 60,000.
    const notice = budgetNotice(team, budget(31_500), thresholds, groups);
    expect(notice?.key).toBe('budget:ml-research:2026-12:0');
    expect(notice?.recipients).toEqual([
      'user:default/lee',
      'user:default/priya',
      'group:default/finops',
    ]);
    expect(notice?.payload).toMatchObject({
      link: '/catalog/default/group/ml-research/aiml',
      severity: 'high',
      topic: 'aiml-budget',
      scope: 'aiml-budget:ml-research:2026-12',
    });
    expect(notice?.payload.title).toContain('$63,000.00');
  });

  it('tells them again, with a new key, each time the forecast worsens by a step', () => {
    // 34,000 forecasts 68,000: 13.3% over, one full 10% step past the threshold.
    expect(budgetNotice(team, budget(34_000), thresholds, groups)?.key).toBe(
      'budget:ml-research:2026-12:1',
    );
    // 39,000 forecasts 78,000: 30% over, three steps.
    const worse = budgetNotice(team, budget(39_000), thresholds, groups);
    expect(worse?.key).toBe('budget:ml-research:2026-12:3');
    expect(worse?.payload.severity).toBe('critical');
  });

  it('sends nothing for a team under its budget or within the allowed overrun', () => {
    // 29,000 forecasts 58,000, under 60,000.
    expect(
      budgetNotice(team, budget(29_000), thresholds, groups),
    ).toBeUndefined();
    // 31,500 forecasts 5% over: within an allowed 10% overrun.
    expect(
      budgetNotice(
        team,
        budget(31_500),
        { overrunPercent: 10, worsenStepPercent: 10 },
        groups,
      ),
    ).toBeUndefined();
  });
});

const grant: Grant = {
  id: 'g1',
  userRef: 'user:default/maya',
  team: 'ml-research',
  cluster: 'ml-sandbox-usw2',
  level: 'edit',
  breakGlass: false,
  strategy: 'token',
  namespaces: ['ml-research-training'],
  reason: 'debug a job',
  state: 'active',
  createdAt: new Date(0).toISOString(),
  expiresAt: new Date(3600_000).toISOString(),
  updatedAt: new Date(0).toISOString(),
};

describe('access notices', () => {
  it('warns the grantee of a grant about to end, once per grant', () => {
    const notice = grantEndingNotice(grant, 15);
    expect(notice.key).toBe('grant-ending:g1');
    expect(notice.recipients).toEqual(['user:default/maya']);
    expect(notice.payload.title).toContain('ends in 15 minutes');
  });

  it('tells the grantee of a revoke by someone else, never of their own', () => {
    expect(grantRevokedNotice(grant, 'user:default/lee')).toMatchObject({
      key: 'grant-revoked:g1',
      recipients: ['user:default/maya'],
      payload: { severity: 'high', topic: 'aiml-access' },
    });
    expect(grantRevokedNotice(grant, 'user:default/maya')).toBeUndefined();
  });

  it('tells the team and platform admins of break-glass', () => {
    const notice = breakGlassNotice(
      { ...grant, breakGlass: true, userRef: 'user:default/alex' },
      { platformAdminsGroup: 'platform-admins' },
    );
    expect(notice.key).toBe('break-glass:g1');
    expect(notice.recipients).toEqual([
      'group:default/ml-research',
      'group:default/platform-admins',
    ]);
    expect(notice.payload.severity).toBe('critical');
  });
});

describe('idleNotice', () => {
  const figures = (busyHours: number, allocatedHours = 96) => ({
    team: 'recsys',
    project: 'ranker-train' as string | null,
    allocatedHours,
    busyHours,
    // At $0.8144 per accelerator-hour.
    spend: allocatedHours * 0.8144,
    idleSpend: (allocatedHours - busyHours) * 0.8144,
    efficiency: busyHours / allocatedHours,
    unpricedAllocatedHours: 0,
    priceSources: [],
  });
  const window = { from: '2026-11-21', today: '2026-11-22' };
  const thresholds = { efficiencyBelow: 0.1, minAllocatedHours: 4 };

  it('tells the owning team of a project busy below the threshold, with its idle spend and page', () => {
    // 4 GPUs × 24 h at 2% busy: 1.92 busy hours, 94.08 idle × 0.8144 = $76.62.
    const notice = idleNotice(figures(1.92), window, thresholds);
    expect(notice?.key).toBe('idle:recsys:ranker-train:2026-11-22');
    expect(notice?.recipients).toEqual(['group:default/recsys']);
    expect(notice?.payload.title).toBe(
      'Idle accelerators: ranker-train was 2% busy since 2026-11-21',
    );
    expect(notice?.payload.description).toContain('$76.62 of $78.18');
    expect(notice?.payload.link).toBe(
      '/catalog/default/component/ranker-train/aiml',
    );
  });

  it('names pods without a project and links the team page', () => {
    const notice = idleNotice(
      { ...figures(1.92), project: null },
      window,
      thresholds,
    );
    expect(notice?.key).toBe('idle:recsys:-:2026-11-22');
    expect(notice?.payload.link).toBe('/catalog/default/group/recsys/aiml');
  });

  it('sends nothing for a busy project or one with too few allocated hours', () => {
    // 12 of 96 hours is 12.5%: not below 10%.
    expect(idleNotice(figures(12), window, thresholds)).toBeUndefined();
    expect(idleNotice(figures(0, 3), window, thresholds)).toBeUndefined();
  });
});
