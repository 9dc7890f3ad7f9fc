import { parseDuration } from './durations';

describe('parseDuration', () => {
  it.each([
    ['8h', 8 * 3600_000],
    ['30m', 30 * 60_000],
    ['1d', 86_400_000],
    ['PT8H', 8 * 3600_000],
    ['PT1H30M', 5400_000],
    ['P1D', 86_400_000],
    ['PT600S', 600_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '8', 'h', 'PT', 'P', '0h', 'PT0S', '-1h', '8 hours', 'P1W'])(
    'refuses %j',
    text => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});
