import { RecentReports } from './recentReports';

describe('RecentReports', () => {
  let now = 0;
  const recent = () => new RecentReports<string>(2, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('answers an entry until its time is up', () => {
    const r = recent();
    r.set('a', 'A', 100);
    now += 99;
    expect(r.get('a')).toBe('A');
    now += 1;
    expect(r.get('a')).toBeUndefined();
  });

  it('keeps the most recently used entries within its bound', () => {
    const r = recent();
    r.set('a', 'A', 1_000);
    r.set('b', 'B', 1_000);
    expect(r.get('a')).toBe('A'); // a is now the most recent
    r.set('c', 'C', 1_000);
    expect([r.get('a'), r.get('b'), r.get('c')]).toEqual(['A', undefined, 'C']);
  });
});
