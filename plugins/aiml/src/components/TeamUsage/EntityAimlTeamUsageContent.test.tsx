import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { aimlApiRef, AimlApi, AimlUsagePeriod } from '../../api';
import { mockAimlApi, responseError } from '../../__testUtils__/fixtures';
import {
  emptyReport,
  figures,
  sampleReport,
  sampleUsage,
} from '../../__testUtils__/usageFixtures';
import { expectNoSeriousA11yViolations } from '../../__testUtils__/axe';
import { EntityAimlTeamUsageContent } from './EntityAimlTeamUsageContent';
import { EntityAimlTeamUsageCard } from './EntityAimlTeamUsageCard';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'ml-research' },
  spec: { type: 'team', children: [] },
};

function render(aimlApi: AimlApi, element = <EntityAimlTeamUsageContent />) {
  return renderInTestApp(
    <TestApiProvider apis={[[aimlApiRef, aimlApi]]}>
      <EntityProvider entity={group}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

/** The previous period: ml-research spent 2000 A100-hours' worth, 50% busy. */
function previousUsage() {
  const report = sampleReport({ startMs: Date.parse('2026-06-24T00:00:00Z') });
  report.byTeam = report.byTeam.map(r =>
    r.team === 'ml-research' ? { team: r.team, ...figures(2000, 1000, 1) } : r,
  );
  return { report };
}

function api(overrides: { [K in keyof AimlApi]?: jest.Mock } = {}) {
  return mockAimlApi({
    getTeamUsage: jest.fn(async (_team: string, period?: AimlUsagePeriod) =>
      period?.from === '2026-06-24' ? previousUsage() : sampleUsage(),
    ),
    ...overrides,
  });
}

describe('EntityAimlTeamUsageContent', () => {
  it('shows skeletons while loading', async () => {
    await render(
      mockAimlApi({
        getTeamUsage: jest.fn(() => new Promise<never>(() => {})),
      }),
    );
    expect(screen.getByRole('status', { name: 'Loading usage' })).toBeVisible();
  });

  it('shows the backend message on errors', async () => {
    await render(
      mockAimlApi({
        getTeamUsage: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              403,
              'NotAllowedError',
              'user:default/omar may not read the usage of team "ml-research"',
            ),
          ),
      }),
    );
    expect(
      await screen.findByText(/Could not load accelerator usage/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/may not read the usage of team "ml-research"/)
        .length,
    ).toBeGreaterThan(0);
  });

  it('says how to configure when there is no usage', async () => {
    await render(
      mockAimlApi({
        getTeamUsage: jest.fn().mockResolvedValue({ report: emptyReport() }),
      }),
    );
    expect(
      await screen.findByText(
        'No accelerator usage for team ml-research in this period',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /labelled team=ml-research and app.kubernetes.io\/managed-by=eks-aiml/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/aiml.clusters\[\].metrics/)).toBeInTheDocument();
  });

  it('shows spend, idle spend, efficiency and hours with units and change', async () => {
    const a = api();
    await render(a);
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('Spend (USD)')).toBeInTheDocument();
    expect(within(summary).getByText('$2,744.70')).toBeInTheDocument();
    expect(within(summary).getByText('$548.94')).toBeInTheDocument();
    expect(within(summary).getByText('80.0%')).toBeInTheDocument();
    expect(
      within(summary).getByText('1,000 accelerator-h'),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(/800 accelerator-h busy/),
    ).toBeInTheDocument();
    // previous: $2,000 spend, $1,000 idle, 50% efficient
    expect(
      await within(summary).findByText('+37.2% vs previous period'),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText('−45.1% vs previous period'),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText('+30.0 pts vs previous period'),
    ).toBeInTheDocument();
    expect(a.getTeamUsage).toHaveBeenCalledWith('ml-research', {});
    expect(a.getTeamUsage).toHaveBeenCalledWith('ml-research', {
      from: '2026-06-24',
      to: '2026-07-01',
    });
    expect(screen.getByText('1 Jul – 7 Jul 2026 (7 days, UTC)')).toBeVisible();
  });

  it('uses the backend comparison when there is one', async () => {
    const usage = sampleUsage();
    usage.report.byTeam = [];
    usage.report.totals = { ...usage.report.totals, ...figures(100, 50, 2) };
    const change = (current: number, previous: number) => ({
      current,
      previous,
      absolute: current - previous,
      relative: (current - previous) / previous,
    });
    usage.comparison = {
      currency: 'USD',
      equalLength: true,
      totals: {
        spend: change(200, 100),
        idleSpend: change(100, 100),
        efficiency: change(0.5, 0.4),
        allocatedHours: change(100, 50),
      } as any,
    };
    const a = mockAimlApi({ getTeamUsage: jest.fn().mockResolvedValue(usage) });
    await render(a);
    expect(
      await screen.findAllByText('+100.0% vs previous period'),
    ).toHaveLength(2);
    expect(a.getTeamUsage).toHaveBeenCalledTimes(1);
  });

  it('changes the period counting back from the backend window', async () => {
    const a = api();
    await render(a);
    await screen.findByRole('region', { name: 'Summary' });
    await userEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() =>
      expect(a.getTeamUsage).toHaveBeenCalledWith('ml-research', {
        from: '2026-07-01',
        to: '2026-07-08',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Custom dates' }));
    await userEvent.clear(screen.getByLabelText('First day (UTC)'));
    await userEvent.type(
      screen.getByLabelText('First day (UTC)'),
      '2026-06-01',
    );
    await userEvent.clear(screen.getByLabelText('Last day (UTC)'));
    await userEvent.type(screen.getByLabelText('Last day (UTC)'), '2026-06-30');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(a.getTeamUsage).toHaveBeenCalledWith('ml-research', {
        from: '2026-06-01',
        to: '2026-07-01',
      }),
    );
  });

  it('downloads the CSV of the period', async () => {
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:csv'),
      revokeObjectURL: jest.fn(),
    });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const a = api({ getUsageCsv: jest.fn().mockResolvedValue('team,spend\n') });
    await render(a);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download CSV' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(a.getUsageCsv).toHaveBeenCalledWith(
      { kind: 'team', team: 'ml-research' },
      {},
    );
    click.mockRestore();
  });

  it('lists the daily values as a table and the team projects by spend', async () => {
    await render(api());
    await userEvent.click(await screen.findByRole('button', { name: 'Table' }));
    const daily = screen.getByRole('table', { name: 'Daily usage' });
    expect(within(daily).getAllByRole('row')).toHaveLength(8);
    expect(within(daily).getByText('2026-07-07')).toBeInTheDocument();
    expect(screen.getByText('llama-finetune')).toBeInTheDocument();
    expect(screen.getByText('vision-pretrain')).toBeInTheDocument();
    expect(screen.queryByText('ranker-train')).not.toBeInTheDocument();
    expect(screen.getByText('NVIDIA A10G 24GB')).toBeInTheDocument();
    expect(screen.getByText('500 NeuronCore-h')).toBeInTheDocument();
  });

  it("shows the team's spend by cost center and workload type", async () => {
    await render(api());
    const centers = (await screen.findByText('By cost center')).closest(
      'div[class*="MuiPaper"]',
    ) as HTMLElement;
    expect(
      within(centers).getByText('cc-1001').closest('tr'),
    ).toHaveTextContent('$2,744.70');
    const types = screen
      .getByText('By workload type')
      .closest('div[class*="MuiPaper"]') as HTMLElement;
    expect(within(types).getByText('inference')).toBeInTheDocument();
    // Chargeback is the fleet's: not on a team's page.
    expect(
      screen.queryByRole('button', { name: 'Download chargeback' }),
    ).not.toBeInTheDocument();
  });

  it("shows the team's borrowed hours, their spend and its waits per Kueue cluster", async () => {
    const usage = sampleUsage();
    const queue = {
      cluster: 'ml-sandbox-use1',
      borrowedHours: 576,
      borrowedSpend: 632.3800896,
      unpricedBorrowedHours: 0,
      pendingWorkloadHours: 0.05,
    };
    usage.report.byTeamQueue = [
      {
        ...queue,
        team: 'ml-research',
        clusterQueue: 'aiml-ml-research',
        admissions: 3,
        waitSeconds: 4200,
        meanWaitSeconds: 1400,
      },
      // Another team's row (a report of several teams) is not this team's.
      {
        ...queue,
        team: 'recsys',
        clusterQueue: 'aiml-recsys',
        admissions: 1,
        waitSeconds: 30,
        meanWaitSeconds: 30,
      },
    ];
    await render(api({ getTeamUsage: jest.fn().mockResolvedValue(usage) }));
    const table = (
      await screen.findByText('Kueue: borrowed and waiting')
    ).closest('div[class*="MuiPaper"]') as HTMLElement;
    const row = within(table).getByText('aiml-ml-research').closest('tr')!;
    expect(row).toHaveTextContent('ml-sandbox-use1');
    expect(row).toHaveTextContent('576 accelerator-h');
    expect(row).toHaveTextContent('$632.38');
    // 1,400 s = 23 min 20 s, shown to the minute; 4,200 s = 1 h 10 min.
    expect(row).toHaveTextContent('23 min');
    expect(row).toHaveTextContent('1 h 10 min');
    expect(within(table).queryByText('aiml-recsys')).not.toBeInTheDocument();
  });

  it('shows no Kueue table without queue rows', async () => {
    await render(api());
    await screen.findByRole('region', { name: 'Summary' });
    expect(
      screen.queryByText('Kueue: borrowed and waiting'),
    ).not.toBeInTheDocument();
  });

  it('shows budget and forecast when set', async () => {
    await render(
      api({
        getTeamUsage: jest
          .fn()
          .mockResolvedValue(
            sampleUsage({ budget: { monthly: 10000, forecast: 12500 } }),
          ),
      }),
    );
    const budget = await screen.findByRole('region', { name: 'Budget' });
    expect(budget).toHaveTextContent('over budget');
    expect(budget).toHaveTextContent('125.0% of budget');
  });

  it("shows the month's spend so far and the backend's verdict", async () => {
    await render(
      api({
        getTeamUsage: jest.fn().mockResolvedValue(
          sampleUsage({
            budget: {
              monthly: 60000,
              month: '2026-11',
              spendToDate: 41000,
              forecast: 59000,
              willExceed: false,
              complete: false,
            },
          }),
        ),
      }),
    );
    const budget = await screen.findByRole('region', { name: 'Budget' });
    expect(budget).toHaveTextContent(
      '$41,000.00 spent in 2026-11 so far · forecast $59,000.00 by month end (98.3% of budget)',
    );
    expect(budget).toHaveTextContent(/spend may be short/);
    expect(budget).not.toHaveTextContent('over budget');
  });

  it('warns about usage that could not be priced', async () => {
    const usage = sampleUsage();
    usage.report.unpriced = [
      {
        cluster: 'ml-sandbox-use1',
        node: 'ip-10-0-0-1',
        resource: 'nvidia.com/gpu',
        instanceType: 'g5.12xlarge',
        capacityType: null,
        reason: 'unknown-capacity-type',
        capacityHours: 96,
        allocatedHours: 48,
        busyHours: 10,
        pods: 2,
      },
    ];
    await render(api({ getTeamUsage: jest.fn().mockResolvedValue(usage) }));
    expect(
      await screen.findByText(/48 accelerator-h could not be priced/),
    ).toBeInTheDocument();
  });

  it('has no serious accessibility violations', async () => {
    const { container } = await render(api());
    await screen.findByRole('region', { name: 'Summary' });
    await expectNoSeriousA11yViolations(container);
  });
});

describe('EntityAimlTeamUsageCard', () => {
  it('shows the figures of the last 30 days', async () => {
    await render(api(), <EntityAimlTeamUsageCard />);
    expect(
      await screen.findByText('$2,744.70 (+37.2% vs previous period)'),
    ).toBeInTheDocument();
    expect(screen.getByText('80.0%')).toBeInTheDocument();
  });

  it('says how to configure when there is no usage', async () => {
    await render(
      mockAimlApi({
        getTeamUsage: jest.fn().mockResolvedValue({ report: emptyReport() }),
      }),
      <EntityAimlTeamUsageCard />,
    );
    expect(
      await screen.findByText(/No accelerator usage in 1 Jul – 7 Jul 2026/),
    ).toBeInTheDocument();
  });
});
