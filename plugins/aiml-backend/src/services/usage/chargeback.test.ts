import { linePriceSource, parseChargebackMonth } from './chargeback';

const at = (iso: string) => Date.parse(iso);

describe('parseChargebackMonth', () => {
  it('covers a past month whole', () => {
    expect(parseChargebackMonth('2026-02', at('2026-12-07T10:00:00Z'))).toEqual(
      {
        month: '2026-02',
        from: '2026-02-01',
        to: '2026-03-01',
        monthToDate: false,
      },
    );
    // December runs into the next year.
    expect(parseChargebackMonth('2025-12', at('2026-12-07T10:00:00Z')).to).toBe(
      '2026-01-01',
    );
  });

  it('covers the current month to date, up to tomorrow', () => {
    expect(parseChargebackMonth('2026-12', at('2026-12-07T10:00:00Z'))).toEqual(
      {
        month: '2026-12',
        from: '2026-12-01',
        to: '2026-12-08',
        monthToDate: true,
      },
    );
    // On its last day the window is the whole month, which is not over yet.
    expect(parseChargebackMonth('2026-11', at('2026-11-30T23:00:00Z'))).toEqual(
      {
        month: '2026-11',
        from: '2026-11-01',
        to: '2026-12-01',
        monthToDate: true,
      },
    );
  });

  it.each([
    [undefined, /month is required/],
    [['2026-01', '2026-02'], /given once/],
    ['2026-1', /month must be YYYY-MM/],
    ['2026-00', /month must be YYYY-MM/],
    ['26-01', /month must be YYYY-MM/],
    ['2027-01', /month 2027-01 has not started: today is 2026-12-07/],
  ])('refuses %p', (value, message) => {
    expect(() =>
      parseChargebackMonth(value, at('2026-12-07T10:00:00Z')),
    ).toThrow(message);
  });
});

describe('linePriceSource', () => {
  const share = (source: any) => ({ source, allocatedHours: 1, spend: 1 });
  it('names the sources a line used, or says it is unpriced', () => {
    expect(linePriceSource({ priceSources: [share('fallback')] })).toBe(
      'fallback',
    );
    expect(
      linePriceSource({
        priceSources: [share('list'), share('spot-history')],
      }),
    ).toBe('list+spot-history');
    expect(linePriceSource({ priceSources: [] })).toBe('unpriced');
  });
});
