import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  ACCELERATOR_INSTANCE_TYPES,
  acceleratorUnitsPerInstance,
  createPriceBook,
  DEFAULT_SPOT_DISCOUNT,
  PriceBook,
  PriceBookOptions,
  AimlPriceBookAnswer,
  AimlPriceBookEntry,
} from '@eks-aiml/plugin-aiml-common';
import type { AimlClusterConfig } from '@eks-aiml/plugin-aiml-node';
import { readCommitments } from '../pricing/commitments';
import { clusterPrices } from '../pricing/clusterPrices';
import type { PriceFetchStatus, PriceStore } from '../pricing/priceStore';

/** The price book of the deployment, with where its prices come from. */
export interface EffectivePriceBook {
  /** The book from config alone (the built-in table, overrides, commitments). */
  priceBook: PriceBook;
  /** Its options: config alone. */
  options: PriceBookOptions;
  /** For people: where the prices come from. */
  source: string;
  /** The options for a window: config, and the AWS prices stored for it when enabled. */
  optionsFor(fromMs: number, toMs: number): Promise<PriceBookOptions>;
  /** Changes when newer AWS prices are stored (reports priced before are stale). */
  version(): Promise<string>;
  /** Whether AWS prices are fetched (`aiml.pricing.aws.enabled`). */
  awsEnabled: boolean;
  /** The outcome of the latest AWS price fetches (none when disabled). */
  fetches(): Promise<PriceFetchStatus[]>;
}

/** How long the stored prices' version is trusted before it is read again. */
const VERSION_TTL_MS = 10_000;

function invalid(key: string, message: string): never {
  throw new Error(`Invalid configuration at ${key}: ${message}`);
}

/**
 * Reads `aiml.pricing`; throws at start-up naming the key of a bad value. With a
 * price store (`aiml.pricing.aws.enabled`), windows are priced by the AWS prices
 * stored for them.
 */
export function readPriceBook(
  config: RootConfigService,
  clusters: ReadonlyArray<AimlClusterConfig> = [],
  store?: PriceStore,
): EffectivePriceBook {
  const c = config.getOptionalConfig('aiml.pricing');
  const currency = c?.getOptionalString('currency') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    invalid(
      'aiml.pricing.currency',
      `must be an ISO 4217 code such as USD, got "${currency}"`,
    );
  }
  const spotDiscount =
    c?.getOptionalNumber('spotDiscount') ?? DEFAULT_SPOT_DISCOUNT;
  if (!(spotDiscount >= 0 && spotDiscount < 1)) {
    invalid(
      'aiml.pricing.spotDiscount',
      `must be in [0, 1), got ${spotDiscount}`,
    );
  }
  const overrides = (c?.getOptionalConfigArray('overrides') ?? []).map(
    (o, i) => {
      const key = `aiml.pricing.overrides[${i}]`;
      const price = (name: 'onDemand' | 'spot') => {
        const v = o.getOptionalNumber(name);
        if (v !== undefined && !(v >= 0 && v < Infinity)) {
          invalid(
            `${key}.${name}`,
            `must be a price per instance-hour, got ${v}`,
          );
        }
        return v;
      };
      return {
        instanceType: o.getString('instanceType'),
        onDemand: price('onDemand'),
        spot: price('spot'),
      };
    },
  );
  const commitments = readCommitments(c);
  const options: PriceBookOptions = {
    currency,
    spotDiscount,
    overrides,
    commitments,
    clusters: clusters.map(k => ({
      name: k.name,
      region: k.region,
      ...(k.accountId ? { accountId: k.accountId } : {}),
    })),
  };
  const overridden = overrides.map(o => o.instanceType);
  const table =
    "built-in on-demand prices (us-east-1, Linux; Karpenter's AWS pricing table, July 2026)";
  const spot = `spot = on-demand × ${Number(
    (1 - spotDiscount).toFixed(6),
  )} unless overridden`;
  const source = [
    ...(store
      ? [
          'AWS prices as stored: on-demand list prices per region (Price List), spot price history per zone (EC2)',
          `fallback where none is stored: ${table}, ${spot}`,
        ]
      : [table, spot]),
    ...(overridden.length
      ? [`aiml.pricing overrides for ${overridden.join(', ')}`]
      : []),
    ...(commitments.length
      ? [
          `${commitments.length} committed-use discount(s) on on-demand capacity`,
        ]
      : []),
  ].join('; ');
  let cached: { at: number; value: Promise<string> } | undefined;
  return {
    priceBook: createPriceBook(options),
    options,
    source,
    awsEnabled: store !== undefined,
    fetches: async () => (store ? store.statuses() : []),
    optionsFor: async (fromMs, toMs) =>
      store ? { ...options, aws: await store.load(fromMs, toMs) } : options,
    version: () => {
      if (!store) return Promise.resolve('');
      const now = Date.now();
      if (!cached || now - cached.at > VERSION_TTL_MS) {
        const value = store
          .statuses()
          .then(all =>
            all.map(st => `${st.kind}@${st.succeededAtMs ?? 0}`).join(','),
          );
        cached = { at: now, value };
        value.catch(() => (cached = undefined));
      }
      return cached.value;
    },
  };
}

/** One instance type of the effective price book. */
export type InstancePrice = AimlPriceBookEntry;

const iso = (ms: number | undefined) =>
  ms === undefined ? null : new Date(ms).toISOString();

/** The effective price book as `GET /pricing` answers it, at `nowMs`. */
export async function describePricing(
  book: EffectivePriceBook,
  nowMs: number,
): Promise<AimlPriceBookAnswer> {
  const { priceBook, options } = book;
  const overridden = new Set(
    (options.overrides ?? []).map(o => o.instanceType),
  );
  const orNull = (v: number | undefined) => (v === undefined ? null : v);
  const known = ACCELERATOR_INSTANCE_TYPES.map(
    (t): InstancePrice => ({
      instanceType: t.instanceType,
      acceleratorType: t.accelerator.type,
      acceleratorName: t.accelerator.displayName,
      resource: t.accelerator.resource,
      accelerators: t.devices,
      units: acceleratorUnitsPerInstance(t),
      memoryGiBPerDevice: t.accelerator.memoryGiBPerDevice,
      onDemandHourly: orNull(
        priceBook.instanceHourly(t.instanceType, 'on-demand'),
      ),
      spotHourly: orNull(priceBook.instanceHourly(t.instanceType, 'spot')),
      onDemandPerAcceleratorHour: orNull(
        priceBook.acceleratorHourly(t.instanceType, 'on-demand'),
      ),
      spotPerAcceleratorHour: orNull(
        priceBook.acceleratorHourly(t.instanceType, 'spot'),
      ),
      overridden: overridden.has(t.instanceType),
    }),
  );
  const names = new Set(known.map(k => k.instanceType));
  const extra = [...overridden]
    .filter(n => !names.has(n))
    .map(
      (instanceType): InstancePrice => ({
        instanceType,
        acceleratorType: null,
        acceleratorName: null,
        resource: null,
        accelerators: null,
        units: null,
        memoryGiBPerDevice: null,
        onDemandHourly: orNull(
          priceBook.instanceHourly(instanceType, 'on-demand'),
        ),
        spotHourly: orNull(priceBook.instanceHourly(instanceType, 'spot')),
        onDemandPerAcceleratorHour: null,
        spotPerAcceleratorHour: null,
        overridden: true,
      }),
    );
  return {
    currency: priceBook.currency,
    source: book.source,
    spotDiscount: options.spotDiscount ?? DEFAULT_SPOT_DISCOUNT,
    instanceTypes: [...known, ...extra],
    aws: {
      enabled: book.awsEnabled,
      fetches: (await book.fetches()).map(f => ({
        kind: f.kind,
        attemptedAt: iso(f.attemptedAtMs)!,
        succeededAt: iso(f.succeededAtMs),
        error: f.error ?? null,
      })),
    },
    clusters: clusterPrices(await book.optionsFor(nowMs, nowMs + 1), nowMs),
  };
}
