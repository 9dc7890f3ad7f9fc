import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsRequestRecord, Sandbox } from '@eks-aiml/sandbox';
import { aimlApi } from '../support/aimlApi';
import { waitForMembership } from '../support/personas';
import { PortalBackend, startPortalBackend } from '../support/portalBackend';

jest.setTimeout(400_000);

// The backend on the sandbox with aiml.pricing.aws enabled: it fetches list prices
// (Price List GetProducts) and spot history (EC2 DescribeSpotPriceHistory) through the
// real SDK clients into its database, and prices the planted week by them. The
// sandbox's clock starts on 2026-06-09, so EC2's 90 days cover the planted week.
// Expected figures: packages/sandbox/README.md, "Prices" and "Projects".

const WEEK = 'from=2026-06-01&to=2026-06-08';

describe('prices from AWS (the sandbox’s Price List and EC2), wire', () => {
  let sandbox: Sandbox;
  let dir: string;
  let pricingDown = false;
  const requests: AwsRequestRecord[] = [];
  const backends: PortalBackend[] = [];

  const start = async (port: number) => {
    const backend = await startPortalBackend({
      port,
      timeoutMs: 240_000,
      env: {
        APP_CONFIG_aiml_sandbox_enabled: 'false',
        APP_CONFIG_aiml_sandbox_attach: dir,
        APP_CONFIG_aiml_pricing_aws_enabled: 'true',
      },
    });
    backends.push(backend);
    await waitForMembership(backend, 'fatima', 'finops').catch(e => {
      throw new Error(`${e}\n${backend.output().slice(-4000)}`);
    });
    return backend;
  };

  /** GET as FinOps, who sees the fleet. */
  const getJson = async (backend: PortalBackend, urlPath: string) => {
    const res = await aimlApi(backend)('fatima', 'GET', urlPath);
    if (res.status !== 200) {
      throw new Error(`GET ${urlPath} answered ${res.status}: ${res.text}`);
    }
    return res.json;
  };

  /** GET /pricing once both kinds of fetch have been attempted. */
  const fetched = async (backend: PortalBackend) => {
    for (let i = 0; i < 240; i++) {
      const pricing = await getJson(backend, '/pricing');
      if (pricing.aws.fetches.length === 2) return pricing;
      await sleep(500);
    }
    throw new Error(`no AWS price fetch:\n${backend.output()}`);
  };

  const clusterRow = (body: any, cluster: string) =>
    body.report.byCluster.find((c: any) => c.cluster === cluster);

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      clockStartMs: Date.parse('2026-06-09T00:00:00Z'),
      onAwsRequest: r => requests.push(r),
      awsFault: r =>
        pricingDown && r.service === 'pricing'
          ? { error: { status: 503, type: 'ServiceUnavailableException' } }
          : undefined,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
    sandbox.writeOut(dir);
  });

  afterAll(async () => {
    // AIML_TEST_LOG_DIR=dir keeps the backends' logs, for looking into a failure.
    for (const [i, b] of backends.entries()) {
      if (process.env.AIML_TEST_LOG_DIR) {
        fs.writeFileSync(
          path.join(process.env.AIML_TEST_LOG_DIR, `pricing-${i}.log`),
          b.output(),
        );
      }
    }
    await Promise.all(backends.map(b => b.stop()));
    await sandbox?.stop();
  });

  describe('with the Price List up', () => {
    let backend: PortalBackend;
    let pricing: any;

    beforeAll(async () => {
      backend = await start(7270);
      pricing = await fetched(backend);
    });

    it('fetched both kinds through the SDKs and shows each cluster’s prices with their source', () => {
      expect(pricing.aws.enabled).toBe(true);
      expect(pricing.aws.fetches.map((f: any) => [f.kind, f.error])).toEqual([
        ['list', null],
        ['spot', null],
      ]);
      const ops = new Set(requests.map(r => `${r.service}:${r.status}`));
      expect(ops).toContain('pricing:200');
      expect(ops).toContain('ec2:200');
      const p5 = (cluster: string) =>
        pricing.clusters
          .find((c: any) => c.cluster === cluster)
          .instanceTypes.find((t: any) => t.instanceType === 'p5.48xlarge');
      // us-west-2 = 55.04 × 1.04
      expect(p5('ml-sandbox-usw2').onDemand).toEqual({
        hourly: 57.2416,
        source: 'list',
      });
      expect(p5('ml-sandbox-use1').onDemand).toEqual({
        hourly: 55.04,
        source: 'list',
      });
      const g5 = pricing.clusters
        .find((c: any) => c.cluster === 'ml-sandbox-use1')
        .instanceTypes.find((t: any) => t.instanceType === 'g5.48xlarge');
      // Without zone: the fallback 16.288 × 0.4; us-east-1b after the planted week: history.
      expect(g5.spot.find((s: any) => s.zone === null)).toEqual({
        zone: null,
        hourly: expect.closeTo(6.5152, 9),
        source: 'fallback',
      });
      expect(g5.spot.find((s: any) => s.zone === 'us-east-1b').source).toBe(
        'spot-history',
      );
    });

    it('prices the planted spot sweep by its zone’s history across the price change', async () => {
      const body = await getJson(
        backend,
        `/usage/projects/default/ranker-train?${WEEK}`,
      );
      const row = clusterRow(body, 'ml-sandbox-use1');
      // 84 h × 6.108 + 84 h × 4.8864 = 923.5296 (1094.55 at the static discount)
      expect(row.allocatedHours).toBeCloseTo(1344, 6);
      expect(row.spend).toBeCloseTo(923.5296, 6);
      expect(row.priceSources).toEqual([
        {
          source: 'spot-history',
          allocatedHours: expect.closeTo(1344, 6),
          spend: expect.closeTo(923.5296, 6),
        },
      ]);
    });

    it('prices a us-west-2 node by us-west-2’s list price, us-east-1 by its own', async () => {
      const llama = await getJson(
        backend,
        `/usage/projects/default/llama-finetune?${WEEK}`,
      );
      // 1344 H100-hours × 57.2416 / 8 = 9616.5888 (9246.72 at us-east-1's price)
      const west = clusterRow(llama, 'ml-sandbox-usw2');
      expect(west.spend).toBeCloseTo(9616.5888, 6);
      expect(west.priceSources.map((s: any) => s.source)).toEqual(['list']);
      const vision = await getJson(
        backend,
        `/usage/projects/default/vision-pretrain?${WEEK}`,
      );
      // trn1.32xlarge on demand in us-east-1: 5376 NeuronCore-hours × 21.5 / 32 = 3612
      const east = clusterRow(vision, 'ml-sandbox-use1');
      expect(east.spend).toBeCloseTo(3612, 6);
      expect(east.priceSources.map((s: any) => s.source)).toEqual(['list']);
    });
  });

  describe('with the Price List down', () => {
    let backend: PortalBackend;
    let pricing: any;

    beforeAll(async () => {
      pricingDown = true;
      backend = await start(7271);
      pricing = await fetched(backend);
    });

    it('records the failure and prices on demand by the built-in table, labelled fallback', async () => {
      const list = pricing.aws.fetches.find((f: any) => f.kind === 'list');
      expect(list.succeededAt).toBeNull();
      expect(list.error).toContain('ServiceUnavailableException');
      const llama = await getJson(
        backend,
        `/usage/projects/default/llama-finetune?${WEEK}`,
      );
      // The design's table: 1344 × 55.04 / 8 = 9246.72, as the README's planted row 5
      const west = clusterRow(llama, 'ml-sandbox-usw2');
      expect(west.spend).toBeCloseTo(9246.72, 6);
      expect(west.priceSources.map((s: any) => s.source)).toEqual(['fallback']);
      // Spot history still came from EC2.
      const sweep = await getJson(
        backend,
        `/usage/projects/default/ranker-train?${WEEK}`,
      );
      expect(clusterRow(sweep, 'ml-sandbox-use1').spend).toBeCloseTo(
        923.5296,
        6,
      );
    });
  });
});
