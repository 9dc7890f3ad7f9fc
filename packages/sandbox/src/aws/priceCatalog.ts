import {
  ACCELERATOR_INSTANCE_TYPES,
  AcceleratorInstanceType,
  findAcceleratorInstanceType,
} from '@eks-aiml/plugin-aiml-common';
import { hash32 } from '../metrics/profiles';

/**
 * The prices the sandbox's Pricing and EC2 APIs answer with: on-demand list prices
 * per region and the SKUs around them (packages/sandbox/README.md, "Prices").
 */

/** A region the sandbox prices, as the Price List names it. */
export interface PricedRegion {
  regionCode: string;
  /** The Price List's `location` attribute. */
  location: string;
  /** Its availability zones (spot price history is per zone). */
  zones: string[];
  /**
   * On-demand price = us-east-1's (the product design's table) × this factor,
   * rounded to 6 decimals: plausible regional differences, easy to hand-compute.
   */
  factor: number;
}

/** The regions served: the sandbox's clusters' and one more. */
export const PRICED_REGIONS: ReadonlyArray<PricedRegion> = [
  {
    regionCode: 'us-east-1',
    location: 'US East (N. Virginia)',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'],
    factor: 1,
  },
  {
    regionCode: 'us-west-2',
    location: 'US West (Oregon)',
    zones: ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'],
    factor: 1.04,
  },
  {
    regionCode: 'eu-west-1',
    location: 'EU (Ireland)',
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    factor: 1.12,
  },
];

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The region of an availability zone (`us-west-2b` → its region), if served. */
export function regionOfZone(zone: string): PricedRegion | undefined {
  return PRICED_REGIONS.find(r => r.zones.includes(zone));
}

/** Linux, shared tenancy, used capacity, no pre-installed software: the price the product wants. */
export function onDemandPrice(
  regionCode: string,
  instanceType: string,
): number | undefined {
  const region = PRICED_REGIONS.find(r => r.regionCode === regionCode);
  const t = findAcceleratorInstanceType(instanceType);
  if (!region || !t) return undefined;
  return round6(t.onDemandHourly * region.factor);
}

/** One SKU of the Price List: a product's attributes and its on-demand price. */
export interface PriceListSku {
  sku: string;
  attributes: Record<string, string>;
  usd: number;
}

/**
 * The SKUs the real Price List has beside the wanted one for an instance type
 * (so that a client that does not filter gets several prices): Windows, dedicated
 * tenancy, unused capacity reservations and SQL Server pre-installed.
 */
const VARIANTS: ReadonlyArray<{
  operatingSystem: string;
  tenancy: string;
  capacitystatus: string;
  preInstalledSw: string;
  /** The variant's price from the wanted one and the vCPUs. */
  price: (base: number, vcpus: number) => number;
  usagePrefix: string;
  operation: string;
}> = [
  {
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    capacitystatus: 'Used',
    preInstalledSw: 'NA',
    price: base => base,
    usagePrefix: 'BoxUsage',
    operation: 'RunInstances',
  },
  {
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    capacitystatus: 'UnusedCapacityReservation',
    preInstalledSw: 'NA',
    price: base => base,
    usagePrefix: 'UnusedBox',
    operation: 'RunInstances',
  },
  {
    operatingSystem: 'Linux',
    tenancy: 'Dedicated',
    capacitystatus: 'Used',
    preInstalledSw: 'NA',
    price: base => base * 1.1,
    usagePrefix: 'DedicatedUsage',
    operation: 'RunInstances',
  },
  {
    operatingSystem: 'Windows',
    tenancy: 'Shared',
    capacitystatus: 'Used',
    preInstalledSw: 'NA',
    price: (base, vcpus) => base + 0.046 * vcpus,
    usagePrefix: 'BoxUsage',
    operation: 'RunInstances:0002',
  },
  {
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    capacitystatus: 'Used',
    preInstalledSw: 'SQL Std',
    price: (base, vcpus) => base + 0.12 * vcpus,
    usagePrefix: 'BoxUsage',
    operation: 'RunInstances:0004',
  },
];

const SKU_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A stable 16-character SKU, as the Price List's look. */
function skuOf(text: string): string {
  let out = '';
  let h = hash32(text);
  for (let i = 0; i < 16; i++) {
    if (i % 6 === 0) h = hash32(`${text}/${i}`);
    out += SKU_ALPHABET[h % SKU_ALPHABET.length];
    h = Math.floor(h / SKU_ALPHABET.length);
  }
  return out;
}

const USAGE_REGION_PREFIX: Record<string, string> = {
  'us-east-1': '',
  'us-west-2': 'USW2-',
  'eu-west-1': 'EU-',
};

function skusOf(
  region: PricedRegion,
  t: AcceleratorInstanceType,
): PriceListSku[] {
  const base = t.onDemandHourly * region.factor;
  return VARIANTS.map(v => ({
    sku: skuOf(
      `${region.regionCode}/${t.instanceType}/${v.operation}/${v.tenancy}/${v.capacitystatus}/${v.preInstalledSw}`,
    ),
    usd: round6(v.price(base, t.vcpus)),
    attributes: {
      servicecode: 'AmazonEC2',
      servicename: 'Amazon Elastic Compute Cloud',
      regionCode: region.regionCode,
      location: region.location,
      locationType: 'AWS Region',
      instanceType: t.instanceType,
      instanceFamily: 'GPU instance',
      vcpu: String(t.vcpus),
      memory: `${t.memoryGiB} GiB`,
      operatingSystem: v.operatingSystem,
      tenancy: v.tenancy,
      capacitystatus: v.capacitystatus,
      preInstalledSw: v.preInstalledSw,
      licenseModel:
        v.operatingSystem === 'Windows'
          ? 'License included'
          : 'No License required',
      usagetype: `${USAGE_REGION_PREFIX[region.regionCode]}${v.usagePrefix}:${
        t.instanceType
      }`,
      operation: v.operation,
    },
  }));
}

/** Every EC2 SKU the sandbox's Price List holds, in a stable order. */
export const PRICE_LIST_SKUS: ReadonlyArray<PriceListSku> =
  PRICED_REGIONS.flatMap(region =>
    ACCELERATOR_INSTANCE_TYPES.flatMap(t => skusOf(region, t)),
  );
