import { RecentEntries } from './recentEntries';

describe('RecentEntries', () => {
  let now = 0;
  const recent = (maxBytes = 1_000) =>
    new RecentEntries<string>({ maxEntries: 2, maxBytes }, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('answers an entry until its time is up', () => {
    const r = recent();
    r.set('a', 'A', 100, 1);
    now += 99;
    expect(r.get('a')).toBe('A');
    now += 1;
    expect(r.get('a')).toBeUndefined();
  });

  it('keeps the most recently used entries within its bound', () => {
    const r = recent();
    r.set('a', 'A', 1_000, 1);
    r.set('b', 'B', 1_000, 1);
    expect(r.get('a')).toBe('A'); // a is now the most recent
    r.set('c', 'C', 1_000, 1);
    expect([r.get('a'), r.get('b'), r.get('c')]).toEqual(['A', undefined, 'C']);
  });

  it('keeps no more bytes than its bound, the newest entry always', () => {
    const r = recent(100);
    r.set('a', 'A', 1_000, 60);
    r.set('b', 'B', 1_000, 60);
    expect([r.get('a'), r.get('b')]).toEqual([undefined, 'B']);
    // Replacing an entry counts its new size only.
    r.set('b', 'B2', 1_000, 90);
    r.set('c', 'C', 1_000, 10);
    expect([r.get('b'), r.get('c')]).toEqual(['B2', 'C']);
    r.set('d', 'D', 1_000, 500);
    expect([r.get('b'), r.get('c'), r.get('d')]).toEqual([
      undefined,
      undefined,
      'D',
    ]);
  });

  it('counts a settled value’s size, if the entry still holds it', () => {
    const r = recent(100);
    const pending = 'P';
    r.set('a', 'A', 1_000, 10);
    r.set('p', pending, 1_000, 0);
    // Another value under the same key is not resized.
    r.resize('p', 'other', 1_000);
    expect([r.get('a'), r.get('p')]).toEqual(['A', 'P']);
    // Settled at 95 bytes: 105 counted, so the older entry goes.
    r.resize('p', pending, 95);
    expect([r.get('a'), r.get('p')]).toEqual([undefined, 'P']);
    r.set('b', 'B', 1_000, 10);
    expect([r.get('p'), r.get('b')]).toEqual([undefined, 'B']);
  });

  it('forgets an entry only while it holds the value named', () => {
    const r = recent();
    r.set('a', 'A', 1_000, 1);
    r.delete('a', 'older');
    expect(r.get('a')).toBe('A');
    r.delete('a', 'A');
    expect(r.get('a')).toBeUndefined();
  });
});
