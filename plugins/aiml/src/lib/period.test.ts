import {
  customRangeProblem,
  describeWindow,
  periodQuery,
  previousQuery,
} from './period';

const end = Date.parse('2026-07-31T00:00:00Z');

describe('period', () => {
  it('leaves the 30-day default to the backend', () => {
    expect(periodQuery({ preset: 30 })).toEqual({});
    expect(periodQuery({ preset: 30 }, end)).toEqual({});
  });

  it('counts presets back from the backend window end', () => {
    expect(periodQuery({ preset: 7 }, end)).toEqual({
      from: '2026-07-24',
      to: '2026-07-31',
    });
    expect(periodQuery({ preset: 90 }, end)).toEqual({
      from: '2026-05-02',
      to: '2026-07-31',
    });
  });

  it('makes the last custom day inclusive', () => {
    expect(
      periodQuery({ preset: 'custom', from: '2026-07-01', to: '2026-07-07' }),
    ).toEqual({ from: '2026-07-01', to: '2026-07-08' });
    expect(customRangeProblem('2026-07-08', '2026-07-01')).toMatch(/before/);
    expect(customRangeProblem('', '2026-07-01')).toMatch(/both/);
    expect(customRangeProblem('2026-07-01', '2026-07-01')).toBeUndefined();
  });

  it('finds the previous period of equal length', () => {
    expect(
      previousQuery({
        startMs: Date.parse('2026-07-24T00:00:00Z'),
        endMs: end,
      }),
    ).toEqual({ from: '2026-07-17', to: '2026-07-24' });
  });

  it('describes windows', () => {
    expect(
      describeWindow({
        startMs: Date.parse('2026-07-01T00:00:00Z'),
        endMs: end,
      }),
    ).toBe('1 Jul – 30 Jul 2026 (30 days, UTC)');
  });
});
