import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { aimlApiRef, AimlApi, AimlUsagePeriod } from '../../api';
import {
  grant,
  mockAimlApi,
  responseError,
  tokenCluster,
} from '../../__testUtils__/fixtures';
import {
  emptyReport,
  figures,
  sampleReport,
  sampleUsage,
} from '../../__testUtils__/usageFixtures';
import { expectNoSeriousA11yViolations } from '../../__testUtils__/axe';
import { AimlPage } from './AimlPage';
import { previousMonth } from './ChargebackDownload';

function render(api: AimlApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [aimlApiRef, api],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/fatima',
            ownershipEntityRefs: ['group:default/finops'],
          }),
        ],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <AimlPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function previousUsage() {
  const report = sampleReport({ startMs: Date.parse('2026-06-24T00:00:00Z') });
  report.byTeam = [
    { team: 'ml-research', ...figures(1000, 800, 2) },
    { team: 'recsys', ...figures(1344, 470.4, 0.5672) },
  ];
  return { report };
}

const api = () =>
  mockAimlApi({
    getTeamsUsage: jest.fn(async (period?: AimlUsagePeriod) =>
      period?.from === '2026-06-24' ? previousUsage() : sampleUsage(),
    ),
    listClusters: jest.fn().mockResolvedValue([tokenCluster]),
  });

const teamOrder = (table: HTMLElement) =>
  within(table)
    .getAllByRole('link')
    .map(a => a.textContent);

describe('AimlPage', () => {
  it('lists the teams side by side, sortable by idle spend', async () => {
    await render(api());
    const table = (await screen.findByText('Teams')).closest(
      'div[class*="MuiPaper"]',
    ) as HTMLElement;
    await waitFor(() =>
      expect(teamOrder(table)).toEqual([
        'ml-research',
        'recsys',
        'ml-platform',
      ]),
    );
    const row = within(table)
      .getByRole('link', { name: 'ml-research' })
      .closest('tr')!;
    expect(row).toHaveTextContent('$2,744.70');
    expect(row).toHaveTextContent('+37.2%');
    expect(row).toHaveTextContent('$548.94');
    expect(row).toHaveTextContent('80.0%');
    const recsys = within(table)
      .getByRole('link', { name: 'recsys' })
      .closest('tr')!;
    expect(recsys).toHaveTextContent('+23.4%');
    // no spend before: no relative change
    const platform = within(table)
      .getByRole('link', { name: 'ml-platform' })
      .closest('tr')!;
    expect(platform).toHaveTextContent('—');

    // idle spend: recsys $611.52, ml-research $548.94, ml-platform $94.78
    const idle = within(table).getByRole('button', {
      name: /Idle spend \(USD\)/,
    });
    await userEvent.click(idle);
    await waitFor(() =>
      expect(teamOrder(table)).toEqual([
        'recsys',
        'ml-research',
        'ml-platform',
      ]),
    );
  });

  it("takes each team's change from the backend's teamChanges when given", async () => {
    const change = (relative: number | null) => ({
      current: 1,
      previous: 1,
      absolute: 0,
      relative,
    });
    const getTeamsUsage = jest.fn().mockResolvedValue(
      sampleUsage({
        comparison: {} as any,
        teamChanges: [
          { team: 'ml-research', spend: change(-0.125) },
          { team: 'recsys', spend: change(0.5) },
          { team: 'ml-platform', spend: change(null) },
        ],
      }),
    );
    await render(mockAimlApi({ getTeamsUsage }));
    const row = (
      await screen.findByRole('link', { name: 'ml-research' })
    ).closest('tr')!;
    expect(row).toHaveTextContent('−12.5%');
    expect(
      screen.getByRole('link', { name: 'recsys' }).closest('tr'),
    ).toHaveTextContent('+50.0%');
    // the backend compared already: no second request for the previous period
    expect(getTeamsUsage).toHaveBeenCalledTimes(1);
  });

  it('leaves the fleet summary out for callers who do not see every team', async () => {
    await render(
      mockAimlApi({
        getTeamsUsage: jest
          .fn()
          .mockResolvedValue(sampleUsage({ fleet: false })),
      }),
    );
    await screen.findByRole('link', { name: 'ml-research' });
    expect(
      screen.queryByRole('region', { name: 'Fleet summary' }),
    ).not.toBeInTheDocument();
  });

  it('summarizes the fleet per cluster and accelerator type', async () => {
    await render(api());
    const fleet = await screen.findByRole('region', { name: 'Fleet summary' });
    expect(
      within(fleet).getByRole('heading', { name: 'Node cost (USD)' }),
    ).toBeInTheDocument();
    const unallocated = within(fleet).getByRole('heading', {
      name: 'Unallocated (USD)',
    }).parentElement!;
    expect(unallocated).toHaveTextContent('$500.00');
    const row = within(fleet).getByText('NVIDIA A10G 24GB').closest('tr')!;
    expect(row).toHaveTextContent('ml-sandbox-use1');
    expect(row).toHaveTextContent('2,688 GPU-h');
    expect(row).toHaveTextContent('1,344 GPU-h (50.0%)');
    expect(row).toHaveTextContent('17.5%');
    expect(row).toHaveTextContent('$762.32');
  });

  it('shows the access card for the user teams', async () => {
    await render(api());
    expect(
      await screen.findByRole('form', {
        name: 'Request access for team finops',
      }),
    ).toBeInTheDocument();
  });

  it('lists the requests waiting for approval of every team, and denies one with a reason', async () => {
    const request = grant({
      id: 'omarrequest1',
      userRef: 'user:default/omar',
      team: 'ml-research',
      level: 'view',
      state: 'requested',
      approval: {
        kind: 'cross-team',
        approvers: 'group:default/ml-research',
        ttlSeconds: 3600,
      },
    });
    const aiml = api();
    aiml.listGrants.mockImplementation(async options =>
      options?.states?.includes('requested') &&
      aiml.answerGrant.mock.calls.length === 0
        ? [request]
        : [],
    );
    aiml.answerGrant.mockResolvedValue({ ...request, state: 'denied' });
    await render(aiml);
    const waiting = await screen.findByRole('table', {
      name: 'Requests waiting for approval',
    });
    expect(within(waiting).getByText(/team ml-research/)).toBeInTheDocument();
    await userEvent.click(
      within(waiting).getByRole('button', {
        name: 'Deny the request of omar for ml-sandbox-use1',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'use the dashboards',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deny' }));
    await waitFor(() =>
      expect(aiml.answerGrant).toHaveBeenCalledWith(
        'omarrequest1',
        'deny',
        'use the dashboards',
      ),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('table', { name: 'Requests waiting for approval' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('shows skeletons, then the backend message on errors', async () => {
    await render(
      mockAimlApi({
        getTeamsUsage: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              503,
              'ServiceUnavailableError',
              'Prometheus at https://prometheus.example did not answer',
            ),
          ),
      }),
    );
    expect(
      (
        await screen.findAllByText(
          /Prometheus at https:\/\/prometheus.example did not answer/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('shows skeletons while loading', async () => {
    await render(
      mockAimlApi({
        getTeamsUsage: jest.fn(() => new Promise<never>(() => {})),
      }),
    );
    expect(screen.getByRole('status', { name: 'Loading usage' })).toBeVisible();
  });

  it('explains an empty list', async () => {
    await render(
      mockAimlApi({
        getTeamsUsage: jest.fn().mockResolvedValue({ report: emptyReport() }),
      }),
    );
    expect(
      await screen.findByText(/platform-admins and finops see every team/),
    ).toBeInTheDocument();
  });

  it('shows spend by cost center and by workload type, unlabelled usage as such', async () => {
    await render(api());
    const table = (title: string) =>
      screen.getByText(title).closest('div[class*="MuiPaper"]') as HTMLElement;
    await screen.findByText('By cost center');
    const centers = table('By cost center');
    // ml-research's cost center: 1000 A100-hours at 2.7447; the unattributed 10 h unlabelled.
    expect(
      within(centers).getByText('cc-1001').closest('tr'),
    ).toHaveTextContent('$2,744.70');
    expect(
      within(centers).getByText('unlabelled').closest('tr'),
    ).toHaveTextContent('$27.45');
    // training: ml-research and recsys (1344 h at 0.70 = 940.80).
    const types = table('By workload type');
    expect(within(types).getByText('training').closest('tr')).toHaveTextContent(
      '$3,685.50',
    );
  });

  it("lets those who see every team download a month's chargeback", async () => {
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:csv'),
      revokeObjectURL: jest.fn(),
    });
    const saved: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function save(this: HTMLAnchorElement) {
        saved.push(this.download);
      });
    const getChargebackCsv = jest.fn().mockResolvedValue('month\r\n');
    const { container } = await render(
      mockAimlApi({
        getTeamsUsage: jest
          .fn()
          .mockResolvedValue(sampleUsage({ fleet: true })),
        getChargebackCsv,
      }),
    );
    const month = await screen.findByLabelText('Chargeback month (UTC)');
    expect(month).toHaveValue(previousMonth(Date.now()));
    fireEvent.change(month, { target: { value: '2026-06' } });
    await userEvent.click(
      screen.getByRole('button', { name: 'Download chargeback' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(getChargebackCsv).toHaveBeenCalledWith('2026-06');
    expect(saved).toEqual(['aiml-chargeback-2026-06.csv']);
    click.mockRestore();
    await expectNoSeriousA11yViolations(container);
  });

  it('says why the chargeback was refused', async () => {
    const getChargebackCsv = jest
      .fn()
      .mockRejectedValue(
        await responseError(
          403,
          'NotAllowedError',
          'You may not download the chargeback',
        ),
      );
    await render(
      mockAimlApi({
        getTeamsUsage: jest
          .fn()
          .mockResolvedValue(sampleUsage({ fleet: true })),
        getChargebackCsv,
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download chargeback' }),
    );
    expect(
      await screen.findByText(
        /Download chargeback failed: .*You may not download the chargeback/,
      ),
    ).toBeInTheDocument();
  });

  it('offers no chargeback to those who do not see every team', async () => {
    await render(
      mockAimlApi({
        getTeamsUsage: jest
          .fn()
          .mockResolvedValue(sampleUsage({ fleet: false })),
      }),
    );
    await screen.findByText('By cost center');
    expect(
      screen.queryByRole('button', { name: 'Download chargeback' }),
    ).not.toBeInTheDocument();
  });

  it('has no serious accessibility violations', async () => {
    const { container } = await render(api());
    await screen.findByRole('region', { name: 'Fleet summary' });
    await expectNoSeriousA11yViolations(container);
  });
});
