import { LoggerService } from '@backstage/backend-plugin-api';
import { paginateDescribeSpotPriceHistory } from '@aws-sdk/client-ec2';
import { paginateGetProducts } from '@aws-sdk/client-pricing';
import { ACCELERATOR_INSTANCE_TYPES } from '@eks-aiml/plugin-aiml-common';
import type {
  AimlClock,
  AimlClusterConfig,
  AimlClusterRegistry,
} from '@eks-aiml/plugin-aiml-node';
import type { AwsPricingSettings } from './awsPricingSettings';
import { listPriceOf } from './priceListDocument';
import type { ListPrice, PriceStore, SpotPriceRecord } from './priceStore';

const DAY_MS = 86_400_000;
/** EC2 keeps this much spot price history. */
const EC2_HISTORY_DAYS = 90;
const LINUX = 'Linux/UNIX';

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Fetches AWS prices into the plugin database: on-demand list prices of the catalog's
 * instance types per region (Price List GetProducts, Linux, shared tenancy, used
 * capacity, no pre-installed software) and spot price history of every cluster's zones
 * (EC2 DescribeSpotPriceHistory, Linux/UNIX), each with the clusters' own credentials.
 * A usage request never calls AWS: it reads what this stored.
 */
export class AwsPriceFetcher {
  constructor(
    private readonly deps: {
      registry: AimlClusterRegistry;
      store: PriceStore;
      clock: AimlClock;
      logger: LoggerService;
      settings: AwsPricingSettings;
    },
  ) {}

  /** Fetches both kinds; a kind that fails is recorded and the other still fetched. */
  async fetchAll(): Promise<void> {
    await this.run('list', () => this.fetchListPrices());
    await this.run('spot', () => this.fetchSpotHistory());
  }

  private async run(kind: string, fetch: () => Promise<number>) {
    const { store, clock, logger } = this.deps;
    const at = clock.nowMs();
    try {
      const count = await fetch();
      await store.putStatus(kind, at);
      logger.info(`AWS ${kind} prices: ${count} stored`);
    } catch (error) {
      await store.putStatus(kind, at, describe(error));
      logger.warn(
        `AWS ${kind} prices could not be fetched; stored prices and the built-in table stay in use: ${describe(
          error,
        )}`,
      );
    }
  }

  private regions(): string[] {
    const clusters = this.deps.registry.listClusters();
    return (
      this.deps.settings.regions ?? [...new Set(clusters.map(c => c.region))]
    );
  }

  private async fetchListPrices(): Promise<number> {
    const [first] = this.deps.registry.listClusters();
    if (!first) return 0;
    const client = this.deps.registry
      .aws()
      .pricing(first, this.deps.settings.pricingRegion);
    const types = ACCELERATOR_INSTANCE_TYPES.map(t => t.instanceType);
    const prices: ListPrice[] = [];
    for (const region of this.regions()) {
      const found = new Map<string, number>();
      for await (const page of paginateGetProducts(
        { client },
        {
          ServiceCode: 'AmazonEC2',
          FormatVersion: 'aws_v1',
          Filters: [
            { Type: 'TERM_MATCH', Field: 'ServiceCode', Value: 'AmazonEC2' },
            { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
            { Type: 'ANY_OF', Field: 'instanceType', Value: types.join(',') },
            { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
            { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
            { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
            { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
          ],
        },
      )) {
        for (const doc of page.PriceList ?? []) {
          const price = listPriceOf(String(doc), region);
          if (price && types.includes(price.instanceType)) {
            found.set(price.instanceType, price.hourly);
          }
        }
      }
      for (const [instanceType, hourly] of found) {
        prices.push({ region, instanceType, hourly });
      }
    }
    await this.deps.store.putListPrices(prices, this.deps.clock.nowMs());
    return prices.length;
  }

  /** One cluster per account and region: zone names are per account. */
  private spotSources(): AimlClusterConfig[] {
    const seen = new Map<string, AimlClusterConfig>();
    for (const c of this.deps.registry.listClusters()) {
      const key = `${c.accountId ?? ''}/${c.region}`;
      if (!seen.has(key)) seen.set(key, c);
    }
    return [...seen.values()];
  }

  private async fetchSpotHistory(): Promise<number> {
    const { store, clock, settings } = this.deps;
    const nowMs = clock.nowMs();
    const types = ACCELERATOR_INSTANCE_TYPES.map(t => t.instanceType);
    let count = 0;
    const failures: string[] = [];
    for (const cluster of this.spotSources()) {
      const accountId = cluster.accountId ?? '';
      try {
        const newest = await store.newestSpotMs(accountId, cluster.region);
        const startMs = Math.max(
          newest ?? nowMs - settings.spotHistoryDays * DAY_MS,
          nowMs - EC2_HISTORY_DAYS * DAY_MS,
        );
        const records: SpotPriceRecord[] = [];
        for await (const page of paginateDescribeSpotPriceHistory(
          { client: this.deps.registry.aws().ec2(cluster), pageSize: 1000 },
          {
            StartTime: new Date(startMs),
            EndTime: new Date(nowMs),
            Filters: [
              { Name: 'product-description', Values: [LINUX] },
              { Name: 'instance-type', Values: types },
            ],
          },
        )) {
          for (const p of page.SpotPriceHistory ?? []) {
            const hourly = Number(p.SpotPrice);
            if (
              p.ProductDescription !== LINUX ||
              !p.AvailabilityZone ||
              !p.InstanceType ||
              !p.Timestamp ||
              !(hourly >= 0 && hourly < Infinity)
            ) {
              continue;
            }
            records.push({
              accountId,
              zone: p.AvailabilityZone,
              instanceType: p.InstanceType,
              fromMs: p.Timestamp.getTime(),
              hourly,
            });
          }
        }
        await store.putSpotRecords(records);
        count += records.length;
      } catch (error) {
        failures.push(
          `${cluster.region} (${cluster.name}): ${describe(error)}`,
        );
      }
    }
    if (failures.length) throw new Error(failures.join('; '));
    return count;
  }
}
