import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['1000', 1000],
    [1000, 1000],
    ['500m', 0.5],
    ['1000Gi', 1000 * 2 ** 30],
    ['2k', 2000],
    ['1e3', 1000],
    ['1.5Ti', 1.5 * 2 ** 40],
  ])('reads %p', (q, value) => {
    expect(parseQuantity(q)).toBe(value);
  });

  it.each(['', 'lots', '10Xi', '1.2.3'])('refuses %p', q => {
    expect(parseQuantity(q)).toBeUndefined();
  });
});
