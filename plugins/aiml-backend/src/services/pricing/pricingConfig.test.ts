import { mockServices } from '@backstage/backend-test-utils';
import { readPriceBook } from '../usage/pricing';
import { readAwsPricingSettings } from './awsPricingSettings';
import { listPriceOf } from './priceListDocument';

const config = (pricing: object) =>
  mockServices.rootConfig({ data: { aiml: { pricing } } });

describe('aiml.pricing.commitments', () => {
  it('reads commitments by family or account, a percentage or a rate', () => {
    const book = readPriceBook(
      config({
        commitments: [
          { name: 'sp', instanceFamily: 'p5', discountPercent: 28 },
          { accountId: '111122223333', hourlyRate: 12.5 },
        ],
      }),
      [{ name: 'c', region: 'us-east-1', accountId: '111122223333' } as any],
    );
    expect(book.options.commitments).toEqual([
      { name: 'sp', instanceFamily: 'p5', discountPercent: 28 },
      { accountId: '111122223333', hourlyRate: 12.5 },
    ]);
    // p5.48xlarge on demand, 55.04 × 0.72
    const [segment] = book.priceBook.instancePrices(
      { cluster: 'c', instanceType: 'p5.48xlarge', capacityType: 'on-demand' },
      0,
      3_600_000,
    )!;
    expect(segment.hourly).toBeCloseTo(39.6288, 9);
    expect(segment.source).toBe('commitment');
  });

  it.each([
    [{ discountPercent: 10 }, 'commitments[0]: name an instanceFamily'],
    [
      { instanceFamily: 'p5.48xlarge', discountPercent: 10 },
      'commitments[0].instanceFamily: must be an instance family',
    ],
    [
      { accountId: '12', hourlyRate: 1 },
      'commitments[0].accountId: must be a 12-digit',
    ],
    [
      { instanceFamily: 'p5', discountPercent: 10, hourlyRate: 3 },
      'commitments[0]: give exactly one of discountPercent or hourlyRate',
    ],
    [
      { instanceFamily: 'p5', discountPercent: 100 },
      'commitments[0].discountPercent: must be in (0, 100), got 100',
    ],
    [
      { instanceFamily: 'p5', hourlyRate: -1 },
      'commitments[0].hourlyRate: must be a price per instance-hour',
    ],
  ])('refuses %j at start-up, naming the key', (entry, message) => {
    expect(() => readPriceBook(config({ commitments: [entry] }))).toThrow(
      `Invalid configuration at aiml.pricing.${message}`,
    );
  });
});

describe('aiml.pricing.aws', () => {
  it('is off by default, every 6 hours, from us-east-1, 90 days back', () => {
    expect(readAwsPricingSettings(config({}))).toEqual({
      enabled: false,
      frequency: { hours: 6 },
      pricingRegion: 'us-east-1',
      spotHistoryDays: 90,
    });
  });

  it.each([
    [{ pricingRegion: 'us-west-2' }, 'aws.pricingRegion: the Price List API'],
    [{ regions: ['uswest2'] }, 'aws.regions[0]: must be an AWS region'],
    [{ spotHistoryDays: 120 }, 'aws.spotHistoryDays: must be a whole number'],
    [{ frequency: { minutes: 0 } }, 'aws.frequency: must be at least'],
  ])('refuses %j naming the key', (aws, message) => {
    expect(() => readAwsPricingSettings(config({ aws }))).toThrow(
      `Invalid configuration at aiml.pricing.${message}`,
    );
  });
});

describe('listPriceOf', () => {
  const doc = (attributes: object, usd = '57.2416000000') =>
    JSON.stringify({
      product: { attributes },
      terms: {
        OnDemand: {
          'SKU.T': {
            priceDimensions: {
              'SKU.T.R': { unit: 'Hrs', pricePerUnit: { USD: usd } },
            },
          },
        },
      },
    });
  const wanted = {
    instanceType: 'p5.48xlarge',
    regionCode: 'us-west-2',
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    capacitystatus: 'Used',
    preInstalledSw: 'NA',
  };

  it('reads the hourly USD price of the wanted SKU', () => {
    expect(listPriceOf(doc(wanted), 'us-west-2')).toEqual({
      instanceType: 'p5.48xlarge',
      hourly: 57.2416,
    });
  });

  it.each([
    { operatingSystem: 'Windows' },
    { tenancy: 'Dedicated' },
    { capacitystatus: 'UnusedCapacityReservation' },
    { preInstalledSw: 'SQL Std' },
    { regionCode: 'us-east-1' },
  ])('skips another SKU: %j', other => {
    expect(listPriceOf(doc({ ...wanted, ...other }), 'us-west-2')).toBe(
      undefined,
    );
  });
});
