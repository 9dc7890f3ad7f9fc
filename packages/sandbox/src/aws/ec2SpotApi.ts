import { ACCELERATOR_INSTANCE_TYPES } from '@eks-aiml/plugin-aiml-common';
import { PRICED_REGIONS } from './priceCatalog';
import { AwsResponse, xmlEscape } from './responses';
import { SpotPriceRecord, spotPriceRecords } from './spotPriceHistory';

/**
 * EC2's DescribeSpotPriceHistory over the EC2 query protocol (`Action=…&Version=2016-11-15`
 * in a form body, XML answers): the sandbox's spot market (spotPriceHistory.ts) for the
 * zones of the signature's region, Linux/UNIX only, filtered and paged as EC2 does.
 */

const EC2_VERSION = '2016-11-15';
const EC2_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`;
/** The operations served. */
export const EC2_OPERATIONS = ['DescribeSpotPriceHistory'];
const PRODUCT = 'Linux/UNIX';
/** EC2 keeps 90 days of spot price history. */
export const SPOT_HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;
const MIN_RESULTS = 5;
const MAX_RESULTS = 1000;

/** An EC2 error: `<Response><Errors><Error>…` with the request id. */
export function ec2Error(
  status: number,
  code: string,
  message: string,
  requestId: string,
): AwsResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml;charset=UTF-8' },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(
        code,
      )}</Code><Message>${xmlEscape(message)}</Message></Error></Errors>` +
      `<RequestID>${requestId}</RequestID></Response>`,
  };
}

class Ec2Error extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Values of a list parameter: `Name.1`, `Name.2`, … */
function listParam(params: Map<string, string>, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.${i}`); i++) {
    out.push(params.get(`${name}.${i}`)!);
  }
  return out;
}

/** `Filter.N.Name` / `Filter.N.Value.M` by filter name. */
function filtersOf(params: Map<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
    const name = params.get(`Filter.${i}.Name`)!;
    filters.set(name, [
      ...(filters.get(name) ?? []),
      ...listParam(params, `Filter.${i}.Value`),
    ]);
  }
  return filters;
}

/** EC2 filter values take `*` and `?` wildcards. */
function globMatcher(patterns: string[]): (value: string) => boolean {
  const res = patterns.map(
    p =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ),
  );
  return value => res.some(re => re.test(value));
}

function timeParam(
  params: Map<string, string>,
  name: string,
): number | undefined {
  const raw = params.get(name);
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Value (${raw}) for parameter ${name} is invalid. Expected an ISO 8601 date and time.`,
    );
  }
  return ms;
}

/** Narrows the candidates by the parameters and filters that name them. */
function selected(
  all: string[],
  listed: string[],
  filtered: string[] | undefined,
): string[] {
  const byList = listed.length ? all.filter(v => listed.includes(v)) : all;
  return filtered ? byList.filter(globMatcher(filtered)) : byList;
}

function describeSpotPriceHistory(
  params: Map<string, string>,
  context: { region: string; nowMs: number },
) {
  const filters = filtersOf(params);
  const region = PRICED_REGIONS.find(r => r.regionCode === context.region);
  const single = params.get('AvailabilityZone');
  const zones = selected(
    region?.zones ?? [],
    single === undefined ? [] : [single],
    filters.get('availability-zone'),
  );
  const types = selected(
    ACCELERATOR_INSTANCE_TYPES.map(t => t.instanceType),
    listParam(params, 'InstanceType'),
    filters.get('instance-type'),
  );
  const products = selected(
    [PRODUCT],
    listParam(params, 'ProductDescription'),
    filters.get('product-description'),
  );
  const maxResults =
    params.get('MaxResults') === undefined
      ? MAX_RESULTS
      : Number(params.get('MaxResults'));
  if (
    !Number.isInteger(maxResults) ||
    maxResults < MIN_RESULTS ||
    maxResults > MAX_RESULTS
  ) {
    throw new Ec2Error(
      'InvalidParameterValue',
      `Value (${params.get(
        'MaxResults',
      )}) for parameter maxResults is invalid. Expecting a value between ${MIN_RESULTS} and ${MAX_RESULTS}.`,
    );
  }
  const endMs = Math.min(
    timeParam(params, 'EndTime') ?? context.nowMs,
    context.nowMs,
  );
  // Without a start, the price in effect at the end; never more than EC2 keeps.
  const startMs = Math.max(
    timeParam(params, 'StartTime') ?? endMs,
    context.nowMs - SPOT_HISTORY_DAYS * DAY_MS,
  );
  if (startMs > endMs) {
    throw new Ec2Error(
      'InvalidParameterValue',
      'The start time must be earlier than the end time, and within the last 90 days.',
    );
  }
  const records: SpotPriceRecord[] =
    products.length === 0
      ? []
      : zones.flatMap(zone =>
          types.flatMap(type => spotPriceRecords(zone, type, startMs, endMs)),
        );
  // Newest first, as EC2 answers.
  records.sort(
    (a, b) =>
      b.timestampMs - a.timestampMs ||
      a.availabilityZone.localeCompare(b.availabilityZone) ||
      a.instanceType.localeCompare(b.instanceType),
  );
  const token = params.get('NextToken');
  const offset =
    token === undefined || token === ''
      ? 0
      : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Ec2Error('InvalidNextToken', 'The token is not valid.');
  }
  const page = records.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return {
    page,
    nextToken:
      next < records.length
        ? Buffer.from(String(next)).toString('base64url')
        : undefined,
  };
}

function itemXml(r: SpotPriceRecord): string {
  return (
    `    <item>\n` +
    `      <instanceType>${r.instanceType}</instanceType>\n` +
    `      <productDescription>${xmlEscape(PRODUCT)}</productDescription>\n` +
    `      <spotPrice>${r.price.toFixed(6)}</spotPrice>\n` +
    `      <timestamp>${new Date(r.timestampMs).toISOString()}</timestamp>\n` +
    `      <availabilityZone>${r.availabilityZone}</availabilityZone>\n` +
    `    </item>\n`
  );
}

/** Answers one authenticated EC2 request, for the region of its signature. */
export function handleEc2Request(
  params: Map<string, string>,
  context: { region: string; nowMs: number; requestId: string },
): AwsResponse {
  const { requestId } = context;
  const action = params.get('Action');
  if (!action || !EC2_OPERATIONS.includes(action)) {
    return ec2Error(
      400,
      'InvalidAction',
      `The action ${
        action ?? '(none)'
      } is not valid for this web service; the sandbox's EC2 serves ${EC2_OPERATIONS.join(
        ', ',
      )}.`,
      requestId,
    );
  }
  if (params.get('Version') !== EC2_VERSION) {
    return ec2Error(
      400,
      'InvalidParameterValue',
      `Version ${params.get('Version')} is not served; use ${EC2_VERSION}.`,
      requestId,
    );
  }
  try {
    const { page, nextToken } = describeSpotPriceHistory(params, context);
    return {
      status: 200,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body:
        `<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<DescribeSpotPriceHistoryResponse xmlns="${EC2_NAMESPACE}">\n` +
        `  <requestId>${requestId}</requestId>\n` +
        `  <spotPriceHistorySet>\n${page
          .map(itemXml)
          .join('')}  </spotPriceHistorySet>\n` +
        `  <nextToken>${nextToken ?? ''}</nextToken>\n` +
        `</DescribeSpotPriceHistoryResponse>\n`,
    };
  } catch (e) {
    if (e instanceof Ec2Error)
      return ec2Error(400, e.code, e.message, requestId);
    throw e;
  }
}
