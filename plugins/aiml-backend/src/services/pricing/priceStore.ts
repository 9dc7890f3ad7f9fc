import { DatabaseService } from '@backstage/backend-plugin-api';
import type { AwsPrices } from '@eks-aiml/plugin-aiml-common';
import { Knex } from 'knex';
import { migratedDatabase } from '../migratedDatabase';

/** An on-demand list price as fetched. */
export interface ListPrice {
  region: string;
  instanceType: string;
  hourly: number;
}

/** One spot price history record as fetched. */
export interface SpotPriceRecord {
  accountId: string;
  zone: string;
  instanceType: string;
  fromMs: number;
  hourly: number;
}

/** The outcome of the latest fetch of one kind (`list`, `spot`). */
export interface PriceFetchStatus {
  kind: string;
  attemptedAtMs: number;
  succeededAtMs?: number;
  error?: string;
}

/** Rows written at once: SQLite allows 999 bound parameters a statement. */
const BATCH = 150;

/** Prices fetched from AWS, in the plugin's database (SQLite or PostgreSQL). */
export class PriceStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<PriceStore> {
    return new PriceStore(await migratedDatabase(database));
  }

  /** Replaces the list prices of these regions and instance types. */
  async putListPrices(prices: ListPrice[], nowMs: number): Promise<void> {
    for (let i = 0; i < prices.length; i += BATCH) {
      await this.db('aiml_list_prices')
        .insert(
          prices.slice(i, i + BATCH).map(p => ({
            region: p.region,
            instance_type: p.instanceType,
            hourly: p.hourly,
            fetched_at: nowMs,
          })),
        )
        .onConflict(['region', 'instance_type'])
        .merge(['hourly', 'fetched_at']);
    }
  }

  /** Adds spot records; a record already stored is kept as it is. */
  async putSpotRecords(records: SpotPriceRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += BATCH) {
      await this.db('aiml_spot_prices')
        .insert(
          records.slice(i, i + BATCH).map(r => ({
            account_id: r.accountId,
            zone: r.zone,
            instance_type: r.instanceType,
            from_ms: r.fromMs,
            hourly: r.hourly,
          })),
        )
        .onConflict(['account_id', 'zone', 'instance_type', 'from_ms'])
        .ignore();
    }
  }

  /** The newest stored spot record's time in these zones of an account, if any. */
  async newestSpotMs(
    accountId: string,
    zonePrefix: string,
  ): Promise<number | undefined> {
    const row = await this.db('aiml_spot_prices')
      .where({ account_id: accountId })
      .andWhere('zone', 'like', `${zonePrefix}%`)
      .max({ newest: 'from_ms' })
      .first();
    return row?.newest === null || row?.newest === undefined
      ? undefined
      : Number(row.newest);
  }

  /**
   * What the price book needs for `[fromMs, toMs)`: every list price, and per zone the
   * spot record in effect at `fromMs` and every later one before `toMs`.
   */
  async load(fromMs: number, toMs: number): Promise<AwsPrices> {
    const list = await this.db('aiml_list_prices').select();
    // The record in effect at the start: the newest at or before it, per zone and type.
    const latest = this.db('aiml_spot_prices')
      .select('account_id', 'zone', 'instance_type')
      .max({ newest: 'from_ms' })
      .where('from_ms', '<=', fromMs)
      .groupBy('account_id', 'zone', 'instance_type')
      .as('l');
    const starts = await this.db('aiml_spot_prices as s')
      .select('s.*')
      .join(latest, join =>
        join
          .on('s.account_id', '=', 'l.account_id')
          .andOn('s.zone', '=', 'l.zone')
          .andOn('s.instance_type', '=', 'l.instance_type')
          .andOn('s.from_ms', '=', 'l.newest'),
      );
    const later = await this.db('aiml_spot_prices')
      .where('from_ms', '>', fromMs)
      .andWhere('from_ms', '<', toMs);
    const spotRows = [...starts, ...later].sort(
      (a, b) =>
        `${a.account_id}/${a.zone}/${a.instance_type}`.localeCompare(
          `${b.account_id}/${b.zone}/${b.instance_type}`,
        ) || Number(a.from_ms) - Number(b.from_ms),
    );
    const spot = new Map<string, AwsPrices['spot'][number]>();
    for (const r of spotRows) {
      const key = `${r.account_id}/${r.zone}/${r.instance_type}`;
      let entry = spot.get(key);
      if (!entry) {
        entry = {
          // '' is a cluster configured without an account: any account matches.
          ...(r.account_id ? { accountId: r.account_id } : {}),
          zone: r.zone,
          instanceType: r.instance_type,
          records: [],
        };
        spot.set(key, entry);
      }
      entry.records.push({
        fromMs: Number(r.from_ms),
        hourly: Number(r.hourly),
      });
    }
    return {
      onDemand: list.map(r => ({
        region: r.region,
        instanceType: r.instance_type,
        hourly: Number(r.hourly),
      })),
      spot: [...spot.values()],
    };
  }

  /** Records a fetch's outcome; a failure keeps the time of the last success. */
  async putStatus(
    kind: string,
    attemptedAtMs: number,
    error?: string,
  ): Promise<void> {
    await this.db('aiml_price_fetches')
      .insert({
        kind,
        attempted_at: attemptedAtMs,
        succeeded_at: error ? null : attemptedAtMs,
        error: error ?? null,
      })
      .onConflict('kind')
      .merge(
        error
          ? { attempted_at: attemptedAtMs, error }
          : {
              attempted_at: attemptedAtMs,
              succeeded_at: attemptedAtMs,
              error: null,
            },
      );
  }

  /** The latest fetches' outcomes. */
  async statuses(): Promise<PriceFetchStatus[]> {
    const rows = await this.db('aiml_price_fetches').select().orderBy('kind');
    return rows.map(r => ({
      kind: r.kind,
      attemptedAtMs: Number(r.attempted_at),
      ...(r.succeeded_at === null
        ? {}
        : { succeededAtMs: Number(r.succeeded_at) }),
      ...(r.error ? { error: r.error } : {}),
    }));
  }
}
