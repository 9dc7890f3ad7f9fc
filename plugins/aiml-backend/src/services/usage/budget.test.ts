import { budgetForecast, monthToDateWindow } from './budget';

const at = (iso: string) => Date.parse(iso);

describe('monthToDateWindow', () => {
  it('runs from the first of the month to the end of today (UTC)', () => {
    expect(monthToDateWindow(at('2026-06-11T15:30:00Z'))).toMatchObject({
      from: '2026-06-01',
      to: '2026-06-12',
      stepSeconds: 120,
    });
    expect(monthToDateWindow(at('2026-07-01T00:10:00Z'))).toMatchObject({
      from: '2026-07-01',
      to: '2026-07-02',
      stepSeconds: 60,
    });
  });
});

describe('budgetForecast', () => {
  it('extrapolates the spend so far linearly to the end of the month', () => {
    // 10 of June's 30 days gone, 5,000 spent: 15,000 by the end of the month.
    const budget = budgetForecast({
      monthly: 12_000,
      spendToDate: 5000,
      nowMs: at('2026-06-11T00:00:00Z'),
      complete: true,
    });
    expect(budget).toEqual({
      monthly: 12_000,
      month: '2026-06',
      asOf: '2026-06-11T00:00:00.000Z',
      spendToDate: 5000,
      forecast: 15_000,
      willExceed: true,
      complete: true,
    });
    // 14 of February 2026's 28 days gone.
    expect(
      budgetForecast({
        monthly: 20_000,
        spendToDate: 9000,
        nowMs: at('2026-02-15T00:00:00Z'),
        complete: false,
      }),
    ).toMatchObject({ forecast: 18_000, willExceed: false, complete: false });
  });

  it('forecasts the spend itself at the very start of a month', () => {
    expect(
      budgetForecast({
        monthly: 100,
        spendToDate: 0,
        nowMs: at('2026-06-01T00:00:00Z'),
        complete: true,
      }),
    ).toMatchObject({ forecast: 0, willExceed: false });
  });
});
