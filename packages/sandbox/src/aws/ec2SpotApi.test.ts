import {
  DescribeSpotPriceHistoryCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeSpotPriceHistory,
  SpotPrice,
} from '@aws-sdk/client-ec2';
import { SandboxClock } from '../clock';
import {
  AwsWorld,
  clientConfig,
  startAwsWorld,
} from './__testUtils__/awsWorld';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-06-20T00:00:00Z');

const brief = (p: SpotPrice) =>
  `${p.AvailabilityZone} ${p.InstanceType} ${p.Timestamp!.toISOString()} ${
    p.SpotPrice
  }`;

// The real @aws-sdk/client-ec2 against the sandbox's AWS endpoint.
describe("the sandbox's EC2 spot price history (DescribeSpotPriceHistory)", () => {
  let world: AwsWorld;
  let ec2: EC2Client;
  let ec2West: EC2Client;

  beforeAll(async () => {
    // The planted change is in June 2026; EC2 answers 90 days back from its clock.
    world = await startAwsWorld({}, new SandboxClock(NOW - Date.now()));
    ec2 = new EC2Client(clientConfig(world));
    ec2West = new EC2Client(clientConfig(world, world.admin, 'us-west-2'));
  });

  afterAll(async () => {
    ec2?.destroy();
    ec2West?.destroy();
    await world?.close();
  });

  it('answers the planted price change with the record in effect at the start', async () => {
    const out = await ec2.send(
      new DescribeSpotPriceHistoryCommand({
        AvailabilityZone: 'us-east-1b',
        InstanceTypes: ['g5.48xlarge'],
        ProductDescriptions: ['Linux/UNIX'],
        StartTime: new Date('2026-06-02T00:00:00Z'),
        EndTime: new Date('2026-06-06T00:00:00Z'),
      }),
    );
    // README "Prices": 16.288 × 0.375 from June 1, 16.288 × 0.3 from June 4 noon; newest first.
    expect(out.SpotPriceHistory!.map(brief)).toEqual([
      'us-east-1b g5.48xlarge 2026-06-04T12:00:00.000Z 4.886400',
      'us-east-1b g5.48xlarge 2026-06-01T00:00:00.000Z 6.108000',
    ]);
    expect(out.SpotPriceHistory![0].ProductDescription).toBe('Linux/UNIX');
  });

  it('moves over time, the same for every caller, and only within 90 days', async () => {
    const ask = () =>
      ec2West.send(
        new DescribeSpotPriceHistoryCommand({
          Filters: [
            { Name: 'availability-zone', Values: ['us-west-2b'] },
            { Name: 'instance-type', Values: ['g6.12xlarge'] },
            { Name: 'product-description', Values: ['Linux/UNIX'] },
          ],
          StartTime: new Date('2026-01-01T00:00:00Z'),
        }),
      );
    const first = await ask();
    const second = await ask();
    const records = first.SpotPriceHistory!;
    expect(records.map(brief)).toEqual(second.SpotPriceHistory!.map(brief));
    // A step every 6 to 48 hours over 90 days; never two equal neighbours.
    expect(records.length).toBeGreaterThanOrEqual(45);
    for (let i = 1; i < records.length; i++) {
      expect(records[i].SpotPrice).not.toBe(records[i - 1].SpotPrice);
      expect(records[i].Timestamp!.getTime()).toBeLessThan(
        records[i - 1].Timestamp!.getTime(),
      );
    }
    const oldest = records[records.length - 1].Timestamp!.getTime();
    const secondOldest = records[records.length - 2].Timestamp!.getTime();
    expect(oldest).toBeLessThanOrEqual(NOW - 90 * DAY_MS);
    expect(secondOldest).toBeGreaterThan(NOW - 90 * DAY_MS);
    // Spot of a g6.12xlarge in us-west-2 (4.6016 × 1.04 on demand): 30–45 % ± 20 %.
    for (const r of records) {
      const price = Number(r.SpotPrice);
      expect(price).toBeGreaterThan(4.785664 * 0.3 * 0.8);
      expect(price).toBeLessThan(4.785664 * 0.45 * 1.2);
    }
  });

  it('pages with NextToken and MaxResults, newest first across zones', async () => {
    const input = {
      Filters: [{ Name: 'instance-type', Values: ['g5.*'] }],
      StartTime: new Date(NOW - 3 * DAY_MS),
    };
    const whole = await ec2.send(new DescribeSpotPriceHistoryCommand(input));
    const paged: SpotPrice[] = [];
    const sizes: number[] = [];
    for await (const page of paginateDescribeSpotPriceHistory(
      { client: ec2, pageSize: 5 },
      input,
    )) {
      sizes.push(page.SpotPriceHistory!.length);
      paged.push(...page.SpotPriceHistory!);
    }
    expect(whole.NextToken ?? '').toBe('');
    expect(paged.map(brief)).toEqual(whole.SpotPriceHistory!.map(brief));
    expect(sizes.length).toBeGreaterThan(2);
    expect(sizes.slice(0, -1).every(s => s === 5)).toBe(true);
    const types = new Set(paged.map(p => p.InstanceType));
    expect([...types].every(t => t!.startsWith('g5.'))).toBe(true);
    expect(new Set(paged.map(p => p.AvailabilityZone))).toEqual(
      new Set(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']),
    );
    const times = paged.map(p => p.Timestamp!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('answers only the price in effect without a start time, and nothing for other products', async () => {
    const now = await ec2.send(
      new DescribeSpotPriceHistoryCommand({
        AvailabilityZone: 'us-east-1a',
        InstanceTypes: ['p5.48xlarge', 'p4d.24xlarge'],
      }),
    );
    expect(now.SpotPriceHistory!.map(p => p.InstanceType).sort()).toEqual([
      'p4d.24xlarge',
      'p5.48xlarge',
    ]);
    const windows = await ec2.send(
      new DescribeSpotPriceHistoryCommand({
        AvailabilityZone: 'us-east-1a',
        ProductDescriptions: ['Windows'],
        StartTime: new Date(NOW - DAY_MS),
      }),
    );
    expect(windows.SpotPriceHistory).toEqual([]);
  });

  it('refuses bad parameters as EC2 does', async () => {
    const error = await ec2
      .send(new DescribeSpotPriceHistoryCommand({ MaxResults: 2 }))
      .catch(e => e);
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});
