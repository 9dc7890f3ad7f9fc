import { InputError } from '@backstage/errors';
import { parseUsageWindow, usageStepSeconds } from './usageWindow';

const NOW = Date.parse('2026-11-28T13:45:00Z');
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('parseUsageWindow', () => {
  it('defaults to the last 30 full days before today (UTC)', () => {
    expect(parseUsageWindow({}, NOW)).toEqual({
      from: '2026-10-29',
      to: '2026-11-28',
      startMs: day('2026-10-29'),
      endMs: day('2026-11-28'),
      stepSeconds: 300,
    });
    expect(parseUsageWindow({ to: '2026-06-08' }, NOW).from).toBe('2026-05-09');
    expect(parseUsageWindow({ from: '2026-11-01' }, NOW).to).toBe('2026-11-28');
    // Today so far is allowed: to = tomorrow.
    expect(
      parseUsageWindow({ from: '2026-11-28', to: '2026-11-29' }, NOW).endMs,
    ).toBe(day('2026-11-29'));
    expect(parseUsageWindow({ from: '2026-11-28' }, NOW).to).toBe('2026-11-29');
  });

  it('steps at 60 s up to 7 days and coarser beyond, at most 10,080 steps', () => {
    expect(usageStepSeconds(7 * 86_400_000)).toBe(60);
    expect(usageStepSeconds(8 * 86_400_000)).toBe(120);
    expect(usageStepSeconds(30 * 86_400_000)).toBe(300);
    expect(usageStepSeconds(90 * 86_400_000)).toBe(900);
    expect(usageStepSeconds(180 * 86_400_000)).toBe(1800);
  });

  it.each([
    [
      { from: '2026-06-08', to: '2026-06-01' },
      /from \(2026-06-08\) must be before to \(2026-06-01\)/,
    ],
    [{ from: '2026-06-01', to: '2026-06-01' }, /must be before to/],
    [
      { from: '2026-01-01', to: '2026-07-01' },
      /covers 181 days; ask for at most 180 days/,
    ],
    [
      { from: '2026-13-01' },
      /from must be a date YYYY-MM-DD \(UTC\), e.g. from=2026-06-01; got "2026-13-01"/,
    ],
    [{ from: '2026-02-30' }, /from must be a date/],
    [{ to: 'yesterday' }, /to must be a date/],
    [{ from: '2026-06-01T00:00:00Z' }, /from must be a date/],
    [{ from: ['2026-06-01', '2026-06-02'] }, /from must be given once/],
    [
      { to: '2026-12-01' },
      /to \(2026-12-01\) is in the future: it may be at most 2026-11-29/,
    ],
  ])('refuses %j', (query, message) => {
    expect(() => parseUsageWindow(query, NOW)).toThrow(InputError);
    expect(() => parseUsageWindow(query, NOW)).toThrow(message);
  });
});

describe('parseUsageWindow: aiml.usage.maxHistoryDays', () => {
  const now = Date.parse('2026-06-15T12:00:00Z');

  it('refuses a from earlier than the limit before today, naming the key and the earliest day', () => {
    expect(() =>
      parseUsageWindow({ from: '1970-01-01', to: '1970-01-31' }, now),
    ).toThrow(
      /from \(1970-01-01\) is more than 400 days before today: ask for a range starting on 2025-05-11 or later \(the limit is aiml.usage.maxHistoryDays\)/,
    );
    expect(() =>
      parseUsageWindow({ from: '2026-01-01', to: '2026-01-31' }, now, 100),
    ).toThrow(/more than 100 days before today/);
  });

  it('accepts a window starting exactly at the limit', () => {
    expect(
      parseUsageWindow({ from: '2025-05-11', to: '2025-06-10' }, now).from,
    ).toBe('2025-05-11');
  });
});
