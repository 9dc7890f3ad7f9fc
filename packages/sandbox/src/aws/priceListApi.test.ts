import {
  GetProductsCommand,
  paginateGetProducts,
  PricingClient,
  PricingServiceException,
} from '@aws-sdk/client-pricing';
import { ACCELERATOR_INSTANCE_TYPES } from '@eks-aiml/plugin-aiml-common';
import {
  AwsWorld,
  clientConfig,
  startAwsWorld,
} from './__testUtils__/awsWorld';

/** The filters that pick the one SKU the product prices by. */
const wanted = (instanceType: string, region: string) => [
  { Type: 'TERM_MATCH' as const, Field: 'ServiceCode', Value: 'AmazonEC2' },
  { Type: 'TERM_MATCH' as const, Field: 'instanceType', Value: instanceType },
  { Type: 'TERM_MATCH' as const, Field: 'regionCode', Value: region },
  { Type: 'TERM_MATCH' as const, Field: 'operatingSystem', Value: 'Linux' },
  { Type: 'TERM_MATCH' as const, Field: 'tenancy', Value: 'Shared' },
  { Type: 'TERM_MATCH' as const, Field: 'capacitystatus', Value: 'Used' },
  { Type: 'TERM_MATCH' as const, Field: 'preInstalledSw', Value: 'NA' },
];

/** The on-demand USD price of a price-list document. */
function onDemandUsd(doc: string): string {
  const parsed = JSON.parse(doc);
  const [term] = Object.values(parsed.terms.OnDemand) as any[];
  const [dimension] = Object.values(term.priceDimensions) as any[];
  return dimension.pricePerUnit.USD;
}

async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (e) {
    if (e instanceof PricingServiceException) return e.name;
    throw e;
  }
  throw new Error('the call succeeded');
}

// The real @aws-sdk/client-pricing against the sandbox's AWS endpoint.
describe("the sandbox's Price List API (GetProducts)", () => {
  let world: AwsWorld;
  let pricing: PricingClient;

  beforeAll(async () => {
    world = await startAwsWorld();
    pricing = new PricingClient(clientConfig(world));
  });

  afterAll(async () => {
    pricing.destroy();
    await world.close();
  });

  it('answers the one Linux, shared, used-capacity SKU with its region’s price', async () => {
    const out = await pricing.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        FormatVersion: 'aws_v1',
        Filters: wanted('p5.48xlarge', 'us-west-2'),
      }),
    );
    expect(out.FormatVersion).toBe('aws_v1');
    expect(out.PriceList).toHaveLength(1);
    const doc = JSON.parse(String(out.PriceList![0]));
    expect(doc.product.attributes).toMatchObject({
      instanceType: 'p5.48xlarge',
      regionCode: 'us-west-2',
      location: 'US West (Oregon)',
      operatingSystem: 'Linux',
      tenancy: 'Shared',
      capacitystatus: 'Used',
      preInstalledSw: 'NA',
    });
    // us-west-2 = us-east-1's 55.04 × 1.04 (README, "Prices").
    expect(onDemandUsd(String(out.PriceList![0]))).toBe('57.2416000000');
  });

  it("prices us-east-1 as the product design's table and eu-west-1 by its location name", async () => {
    const use1 = await pricing.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        Filters: wanted('p4d.24xlarge', 'us-east-1'),
      }),
    );
    expect(onDemandUsd(String(use1.PriceList![0]))).toBe('21.9576420000');
    const euw1 = await pricing.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        Filters: [
          ...wanted('g5.xlarge', 'x').filter(f => f.Field !== 'regionCode'),
          { Type: 'TERM_MATCH', Field: 'location', Value: 'EU (Ireland)' },
        ],
      }),
    );
    // 1.006 × 1.12
    expect(euw1.PriceList!.map((d: unknown) => onDemandUsd(String(d)))).toEqual(
      ['1.1267200000'],
    );
  });

  it('holds the other SKUs of an instance type, which a client must filter out', async () => {
    const out = await pricing.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        Filters: [
          { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'g6.xlarge' },
          { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        ],
      }),
    );
    const docs = out.PriceList!.map((d: unknown) => JSON.parse(String(d)));
    expect(
      docs.map((d: any) => {
        const a = d.product.attributes;
        return `${a.operatingSystem}/${a.tenancy}/${a.capacitystatus}/${a.preInstalledSw}`;
      }),
    ).toEqual([
      'Linux/Shared/Used/NA',
      'Linux/Shared/UnusedCapacityReservation/NA',
      'Linux/Dedicated/Used/NA',
      'Windows/Shared/Used/NA',
      'Linux/Shared/Used/SQL Std',
    ]);
    // Dedicated: 0.8048 × 1.1; Windows: + 0.046 per vCPU (4); SQL Std: + 0.12 per vCPU.
    expect(out.PriceList!.map((d: unknown) => onDemandUsd(String(d)))).toEqual([
      '0.8048000000',
      '0.8048000000',
      '0.8852800000',
      '0.9888000000',
      '1.2848000000',
    ]);
  });

  it('pages with NextToken, at most 100 documents a page', async () => {
    const pages: number[] = [];
    const skus = new Set<string>();
    for await (const page of paginateGetProducts(
      { client: pricing },
      {
        ServiceCode: 'AmazonEC2',
        Filters: [
          { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        ],
      },
    )) {
      pages.push(page.PriceList!.length);
      for (const d of page.PriceList! as unknown[])
        skus.add(JSON.parse(String(d)).product.sku);
    }
    // Five SKUs per catalog instance type.
    const total = ACCELERATOR_INSTANCE_TYPES.length * 5;
    expect(pages).toEqual([100, total - 100]);
    expect(skus.size).toBe(total);
  });

  it('refuses what the real API refuses, in its words', async () => {
    expect(
      await failure(
        pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonS3' })),
      ),
    ).toBe('NotFoundException');
    expect(
      await failure(
        pricing.send(
          new GetProductsCommand({
            ServiceCode: 'AmazonEC2',
            Filters: [{ Type: 'FUZZY' as any, Field: 'x', Value: 'y' }],
          }),
        ),
      ),
    ).toBe('ValidationException');
    const stranger = new PricingClient({
      ...clientConfig(world),
      credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'nope' },
    });
    expect(
      await failure(
        stranger.send(new GetProductsCommand({ ServiceCode: 'AmazonEC2' })),
      ),
    ).toBe('UnrecognizedClientException');
    stranger.destroy();
  });
});
