import { createPriceBook } from './pricing';

describe('the price book', () => {
  const book = createPriceBook();

  it('prices on-demand from the catalog and spot at a 60% discount by default', () => {
    expect(book.instanceHourly('p4d.24xlarge', 'on-demand')).toBe(21.957642);
    expect(book.instanceHourly('p4d.24xlarge', 'spot')).toBeCloseTo(
      8.7830568,
      7,
    );
    expect(book.currency).toBe('USD');
  });

  it('prices an accelerator-hour as instance price over units: GPUs, or NeuronCores', () => {
    expect(book.acceleratorHourly('p5.48xlarge', 'on-demand')).toBeCloseTo(
      6.88,
      10,
    );
    // inf2.xlarge: 0.7582 per hour for 2 NeuronCores
    expect(book.acceleratorHourly('inf2.xlarge', 'on-demand')).toBeCloseTo(
      0.3791,
      10,
    );
  });

  it('applies overrides, including an explicit spot price', () => {
    const custom = createPriceBook({
      currency: 'EUR',
      spotDiscount: 0.5,
      overrides: [{ instanceType: 'p5.48xlarge', onDemand: 40, spot: 18 }],
    });
    expect(custom.instanceHourly('p5.48xlarge', 'on-demand')).toBe(40);
    expect(custom.instanceHourly('p5.48xlarge', 'spot')).toBe(18);
    expect(custom.instanceHourly('g5.xlarge', 'spot')).toBeCloseTo(0.503, 10);
    expect(custom.currency).toBe('EUR');
  });

  it('cannot price unknown instance types', () => {
    expect(book.instanceHourly('m6i.xlarge', 'on-demand')).toBeUndefined();
    expect(book.acceleratorHourly('m6i.xlarge', 'spot')).toBeUndefined();
  });

  it('refuses a discount outside [0, 1)', () => {
    expect(() => createPriceBook({ spotDiscount: 1.2 })).toThrow(
      'spotDiscount must be in [0, 1), got 1.2',
    );
  });
});
