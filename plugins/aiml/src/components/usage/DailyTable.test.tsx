import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { DailyTable } from './DailyTable';

const day = (date: string, priceSources: any[], spend: number) => ({
  date,
  startMs: Date.parse(`${date}T00:00:00Z`),
  endMs: Date.parse(`${date}T00:00:00Z`) + 86_400_000,
  allocatedHours: 8,
  busyHours: 4,
  spend,
  idleSpend: spend / 2,
  efficiency: 0.5,
  unpricedAllocatedHours: 0,
  priceSources,
});

describe('DailyTable', () => {
  it('shows each day’s price sources, commitments and mixes included', async () => {
    await renderInTestApp(
      <DailyTable
        currency="USD"
        days={[
          day(
            '2026-06-04',
            [
              { source: 'spot-history', allocatedHours: 6, spend: 30 },
              { source: 'fallback', allocatedHours: 2, spend: 10 },
            ],
            40,
          ),
          day(
            '2026-06-05',
            [{ source: 'commitment', allocatedHours: 8, spend: 24 }],
            24,
          ),
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Daily usage' });
    expect(within(table).getByText('Prices')).toBeInTheDocument();
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('spot history 75% · built-in table 25%');
    expect(rows[2]).toHaveTextContent('commitment');
  });
});
