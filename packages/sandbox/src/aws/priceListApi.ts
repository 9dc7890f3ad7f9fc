import { PRICE_LIST_SKUS, PriceListSku } from './priceCatalog';
import { AwsResponse, awsJsonError, awsJsonInput } from './responses';

/**
 * The AWS Price List Query API's GetProducts over awsJson1_1 (`POST /`,
 * `X-Amz-Target: AWSPriceListService.GetProducts`): EC2's SKUs of the sandbox's
 * regions as `aws_v1` price-list documents (JSON strings), filtered and paged as the
 * real API does.
 */

const TARGET_PREFIX = 'AWSPriceListService.';
/** The operations served. */
export const PRICE_LIST_OPERATIONS = ['GetProducts'];
const MAX_RESULTS = 100;
/** When the sandbox's prices were "published". */
const PUBLICATION_DATE = '2026-07-01T00:00:00Z';
const FILTER_TYPES = ['TERM_MATCH', 'EQUALS', 'CONTAINS', 'ANY_OF', 'NONE_OF'];

/** The Price List operation an `X-Amz-Target` header names. */
export function priceListOperationOf(
  target: string | undefined,
): string | undefined {
  return target?.startsWith(TARGET_PREFIX)
    ? target.slice(TARGET_PREFIX.length)
    : undefined;
}

class PriceListError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

interface Filter {
  Type: string;
  Field: string;
  Value: string;
}

function parseFilters(raw: unknown): Filter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw new PriceListError('ValidationException', 'Filters must be a list');
  }
  return raw.map((f, i) => {
    const { Type, Field, Value } = (f ?? {}) as Record<string, unknown>;
    if (typeof Type !== 'string' || !FILTER_TYPES.includes(Type)) {
      throw new PriceListError(
        'ValidationException',
        `1 validation error detected: Value '${String(Type)}' at 'filters.${
          i + 1
        }.member.type' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_TYPES.join(
          ', ',
        )}]`,
      );
    }
    if (typeof Field !== 'string' || typeof Value !== 'string') {
      throw new PriceListError(
        'ValidationException',
        `Filters[${i}] needs a Field and a Value`,
      );
    }
    return { Type, Field, Value };
  });
}

/** A SKU's attribute by a filter's field name (case-insensitive, as the API takes them). */
function attributeOf(sku: PriceListSku, field: string): string | undefined {
  const name = field.toLowerCase();
  const key = Object.keys(sku.attributes).find(k => k.toLowerCase() === name);
  return key === undefined ? undefined : sku.attributes[key];
}

function matches(sku: PriceListSku, f: Filter): boolean {
  const value = attributeOf(sku, f.Field);
  const wanted = f.Value.toLowerCase();
  const have = value?.toLowerCase();
  switch (f.Type) {
    case 'CONTAINS':
      return have !== undefined && have.includes(wanted);
    case 'ANY_OF':
      return have !== undefined && wanted.split(',').includes(have);
    case 'NONE_OF':
      return have === undefined || !wanted.split(',').includes(have);
    default:
      return have === wanted;
  }
}

/** The `aws_v1` document of one SKU: product, its on-demand term, publication. */
function priceListDocument(sku: PriceListSku): string {
  const offerTermCode = 'JRTCKXETXF';
  const rateCode = `${sku.sku}.${offerTermCode}.6YS6EN2CT7`;
  const a = sku.attributes;
  return JSON.stringify({
    product: {
      productFamily: 'Compute Instance',
      attributes: a,
      sku: sku.sku,
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${sku.sku}.${offerTermCode}`]: {
          priceDimensions: {
            [rateCode]: {
              unit: 'Hrs',
              endRange: 'Inf',
              description: `$${sku.usd} per On Demand ${a.operatingSystem} ${a.instanceType} Instance Hour`,
              appliesTo: [],
              rateCode,
              beginRange: '0',
              pricePerUnit: { USD: sku.usd.toFixed(10) },
            },
          },
          sku: sku.sku,
          effectiveDate: PUBLICATION_DATE,
          offerTermCode,
          termAttributes: {},
        },
      },
    },
    version: '20260701000000',
    publicationDate: PUBLICATION_DATE,
  });
}

/** The page a NextToken points at. */
function offsetOf(token: unknown): number {
  if (token === undefined) return 0;
  const offset =
    typeof token === 'string'
      ? Number(Buffer.from(token, 'base64url').toString('utf8'))
      : NaN;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new PriceListError('InvalidNextTokenException', 'Invalid NextToken');
  }
  return offset;
}

function getProducts(input: Record<string, unknown>) {
  const { ServiceCode, FormatVersion, MaxResults, NextToken } = input;
  if (typeof ServiceCode !== 'string') {
    throw new PriceListError(
      'InvalidParameterException',
      'ServiceCode is required',
    );
  }
  if (FormatVersion !== undefined && FormatVersion !== 'aws_v1') {
    throw new PriceListError(
      'InvalidParameterException',
      `FormatVersion ${String(FormatVersion)} is not supported; use aws_v1`,
    );
  }
  const max = MaxResults === undefined ? MAX_RESULTS : Number(MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
    throw new PriceListError(
      'ValidationException',
      `MaxResults must be between 1 and ${MAX_RESULTS}`,
    );
  }
  if (ServiceCode !== 'AmazonEC2') {
    throw new PriceListError(
      'NotFoundException',
      `The sandbox's Price List serves AmazonEC2, not ${ServiceCode}`,
    );
  }
  const filters = parseFilters(input.Filters);
  const found = PRICE_LIST_SKUS.filter(sku =>
    filters.every(f => matches(sku, f)),
  );
  const offset = offsetOf(NextToken);
  const page = found.slice(offset, offset + max);
  const next = offset + max;
  return {
    FormatVersion: 'aws_v1',
    PriceList: page.map(priceListDocument),
    ...(next < found.length
      ? { NextToken: Buffer.from(String(next)).toString('base64url') }
      : {}),
  };
}

/** Answers one authenticated Price List request. */
export function handlePriceListRequest(request: {
  target?: string;
  body: Buffer;
}): AwsResponse {
  const operation = priceListOperationOf(request.target);
  if (!operation || !PRICE_LIST_OPERATIONS.includes(operation)) {
    return awsJsonError(
      400,
      'UnknownOperationException',
      `The sandbox's Price List serves ${PRICE_LIST_OPERATIONS.join(
        ', ',
      )}; not ${
        operation ?? request.target ?? 'a request without X-Amz-Target'
      }`,
    );
  }
  const parsed = awsJsonInput(request.body);
  if ('error' in parsed) return parsed.error;
  const { input } = parsed;
  try {
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify(getProducts(input)),
    };
  } catch (e) {
    if (e instanceof PriceListError)
      return awsJsonError(400, e.type, e.message);
    throw e;
  }
}
