import { priceSourcesLabel } from './priceSources';

describe('priceSourcesLabel', () => {
  it('names a single source', () => {
    expect(
      priceSourcesLabel([
        { source: 'commitment', allocatedHours: 10, spend: 30 },
      ]),
    ).toBe('commitment');
  });

  it('gives each source its share of the spend', () => {
    // 27.486 of 37.2588 = 73.8 %, 9.7728 = 26.2 %
    expect(
      priceSourcesLabel([
        { source: 'spot-history', allocatedHours: 36, spend: 27.486 },
        { source: 'fallback', allocatedHours: 12, spend: 9.7728 },
      ]),
    ).toBe('spot history 74% · built-in table 26%');
  });

  it('shows a dash when nothing was priced', () => {
    expect(priceSourcesLabel([])).toBe('—');
  });
});
