import { IncomingHttpHeaders } from 'node:http';
import { SANDBOX_ACCOUNT_ID } from '../types';
import { AwsResponse } from './responses';
import { invalidArgument, notImplemented, S3Error } from './s3Errors';
import { listObjects } from './s3Listing';
import { s3Payload } from './s3Payload';
import {
  RESPONSE_OVERRIDES,
  S3OperationName,
  S3Route,
  s3Route,
} from './s3Routes';
import { S3Object, S3ObjectAttributes, S3State } from './s3State';
import {
  element,
  parseCompleteMultipartUpload,
  s3ErrorResponse,
  xmlDocument,
  xmlTimestamp,
} from './s3Xml';
import { uriEscape } from './sigv4';

/**
 * The S3 API over restXml, path-style (`/<bucket>/<key>`): the object
 * operations a training job's checkpoints need (put, get, head, list, delete,
 * multipart upload), on the buckets of {@link S3State}.
 */

/** An authenticated S3 request, as received. */
export interface S3Request {
  method: string;
  /** The raw path (percent-encoded). */
  path: string;
  /** The raw query string. */
  query: string;
  headers: IncomingHttpHeaders;
  /** The body as received (aws-chunked still encoded). */
  body: Buffer;
  /** The payload hash the signature covers: what the body is checked against. */
  payloadHash: string;
  /** The region of the request's signature: a bucket answers only for its own. */
  region: string;
}

export interface S3RequestContext {
  state: S3State;
  requestId: string;
}

const DEFAULT_MAX_KEYS = 1000;
/** Object headers S3 stores as given and answers GetObject and HeadObject with. */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];
const META_PREFIX = 'x-amz-meta-';

function header(req: S3Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function attributesOf(req: S3Request): S3ObjectAttributes {
  const metadata: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) {
    const value = header(req, name)!;
    if (name.startsWith(META_PREFIX)) {
      metadata[name.slice(META_PREFIX.length)] = value;
    } else if (STORED_HEADERS.includes(name)) {
      headers[name] = value;
    }
  }
  // aws-chunked describes how this request was sent, not the object.
  const encoding = headers['content-encoding']
    ?.split(',')
    .map(e => e.trim())
    .filter(e => e !== '' && e !== 'aws-chunked')
    .join(', ');
  if (encoding) headers['content-encoding'] = encoding;
  else delete headers['content-encoding'];
  return { contentType: header(req, 'content-type'), metadata, headers };
}

function objectHeaders(object: S3Object): Record<string, string> {
  return {
    'content-type': object.attributes.contentType ?? 'binary/octet-stream',
    etag: object.etag,
    'last-modified': new Date(object.lastModifiedMs).toUTCString(),
    'accept-ranges': 'bytes',
    ...object.attributes.headers,
    ...Object.fromEntries(
      Object.entries(object.attributes.metadata).map(([name, value]) => [
        META_PREFIX + name,
        value,
      ]),
    ),
  };
}

/** Whether an If-Match / If-None-Match list names the object's ETag. */
function etagListed(list: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return list
    .split(',')
    .map(e => e.trim().replace(/^W\//, '').replace(/"/g, ''))
    .some(e => e === '*' || e === bare);
}

type ByteRange = { start: number; end: number } | 'unsatisfiable';

/** A single `bytes=` range; anything else is ignored, as S3 ignores it. */
function byteRange(
  value: string | undefined,
  size: number,
): ByteRange | undefined {
  const m = value && /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 || size === 0
      ? 'unsatisfiable'
      : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return {
    start,
    end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1),
  };
}

/** The bucket of the route in the signature's region, as S3 insists. */
function bucketOf(route: S3Route, req: S3Request, state: S3State): string {
  const bucket = route.bucket!;
  const region = state.regionOf(bucket);
  if (region !== req.region) {
    throw new S3Error(
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${req.region}' is wrong; expecting '${region}'`,
      { Region: region },
      { 'x-amz-bucket-region': region },
    );
  }
  return bucket;
}

function getObject(
  req: S3Request,
  route: S3Route,
  state: S3State,
): AwsResponse {
  const object = state.getObject(bucketOf(route, req, state), route.key!);
  const headers = objectHeaders(object);
  const ifMatch = header(req, 'if-match');
  if (ifMatch !== undefined && !etagListed(ifMatch, object.etag)) {
    throw new S3Error(
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      { Condition: 'If-Match' },
    );
  }
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifNoneMatch !== undefined && etagListed(ifNoneMatch, object.etag)) {
    return {
      status: 304,
      headers: {
        etag: headers.etag,
        'last-modified': headers['last-modified'],
      },
      body: '',
    };
  }
  for (const name of RESPONSE_OVERRIDES) {
    const value = route.params.get(name);
    if (value !== undefined) headers[name.slice('response-'.length)] = value;
  }
  const size = object.body.length;
  const range = byteRange(header(req, 'range'), size);
  if (range === 'unsatisfiable') {
    throw new S3Error(
      416,
      'InvalidRange',
      'The requested range is not satisfiable',
      { RangeRequested: header(req, 'range')!, ActualObjectSize: size },
      { 'content-range': `bytes */${size}` },
    );
  }
  const body = range
    ? object.body.subarray(range.start, range.end + 1)
    : object.body;
  if (range)
    headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  if (req.method === 'HEAD') {
    return {
      status: range ? 206 : 200,
      headers: { ...headers, 'content-length': String(body.length) },
      body: '',
    };
  }
  return { status: range ? 206 : 200, headers, body };
}

function maxKeysOf(route: S3Route): number {
  const raw = route.params.get('max-keys');
  if (raw === undefined) return DEFAULT_MAX_KEYS;
  if (!/^\d+$/.test(raw)) {
    throw invalidArgument(
      'Provided max-keys not an integer or within integer range',
      'max-keys',
      raw,
    );
  }
  return Math.min(Number(raw), DEFAULT_MAX_KEYS);
}

/** ListObjectsV2, or with `v1` the original ListObjects (marker instead of tokens). */
function listBucket(
  req: S3Request,
  route: S3Route,
  state: S3State,
  v1: boolean,
): AwsResponse {
  const bucket = bucketOf(route, req, state);
  const p = route.params;
  const encodingType = p.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    throw invalidArgument(
      'Invalid Encoding Method specified in Request',
      'encoding-type',
      encodingType,
    );
  }
  // S3 escapes keys in the answer only when asked to (keys may hold characters XML can't).
  const shown = (value: string | undefined) =>
    value !== undefined && encodingType === 'url'
      ? uriEscape(value).replace(/%2F/g, '/')
      : value;
  const prefix = p.get('prefix') ?? '';
  const delimiter = p.get('delimiter') || undefined;
  const maxKeys = maxKeysOf(route);
  const token = p.get('continuation-token');
  const startAfter = p.get('start-after');
  let after = v1 ? p.get('marker') || undefined : startAfter || undefined;
  if (!v1 && token !== undefined) {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (token === '' || Buffer.from(after).toString('base64url') !== token) {
      throw invalidArgument(
        'The continuation token provided is incorrect',
        'continuation-token',
        token,
      );
    }
  }
  const listing = listObjects(state.sortedObjects(bucket), {
    prefix,
    delimiter,
    maxKeys,
    after,
  });
  const contents = listing.objects.map(
    o =>
      `<Contents>${element('Key', shown(o.key))}${element(
        'LastModified',
        xmlTimestamp(o.lastModifiedMs),
      )}${element('ETag', o.etag)}${element('Size', o.body.length)}${element(
        'StorageClass',
        'STANDARD',
      )}</Contents>`,
  );
  const commonPrefixes = listing.commonPrefixes.map(
    cp => `<CommonPrefixes>${element('Prefix', shown(cp))}</CommonPrefixes>`,
  );
  const next = listing.isTruncated ? listing.last : undefined;
  const paging = v1
    ? [
        element('Marker', shown(p.get('marker') ?? '')),
        // S3 gives NextMarker only with a delimiter; without, the last key is the marker.
        element('NextMarker', delimiter ? shown(next) : undefined),
      ]
    : [
        element(
          'KeyCount',
          listing.objects.length + listing.commonPrefixes.length,
        ),
        element('ContinuationToken', token),
        element(
          'NextContinuationToken',
          next === undefined
            ? undefined
            : Buffer.from(next).toString('base64url'),
        ),
        element('StartAfter', shown(startAfter)),
      ];
  return xmlDocument('ListBucketResult', [
    element('Name', bucket),
    element('Prefix', shown(prefix)),
    element('Delimiter', shown(delimiter)),
    element('MaxKeys', maxKeys),
    element('EncodingType', encodingType),
    element('IsTruncated', listing.isTruncated),
    ...paging,
    ...contents,
    ...commonPrefixes,
  ]);
}

function refuseCopy(req: S3Request): void {
  if (header(req, 'x-amz-copy-source') !== undefined) {
    throw notImplemented('copying objects (x-amz-copy-source)');
  }
}

function partNumberOf(route: S3Route): number {
  const raw = route.params.get('partNumber') ?? '';
  if (!/^\d+$/.test(raw)) {
    throw invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      raw,
    );
  }
  return Number(raw);
}

type Operation = (
  req: S3Request,
  route: S3Route,
  state: S3State,
) => AwsResponse;

const OPERATIONS: Record<S3OperationName, Operation> = {
  ListBuckets: (_req, _route, state) =>
    xmlDocument('ListAllMyBucketsResult', [
      `<Owner>${element('ID', SANDBOX_ACCOUNT_ID)}${element(
        'DisplayName',
        'sandbox-admin',
      )}</Owner>`,
      `<Buckets>${state
        .summaries()
        .map(
          b =>
            `<Bucket>${element('Name', b.name)}${element(
              'CreationDate',
              xmlTimestamp(b.createdMs),
            )}${element('BucketRegion', b.region)}</Bucket>`,
        )
        .join('')}</Buckets>`,
    ]),
  HeadBucket: (req, route, state) => {
    const bucket = bucketOf(route, req, state);
    return {
      status: 200,
      headers: { 'x-amz-bucket-region': state.regionOf(bucket) },
      body: '',
    };
  },
  ListObjectsV2: (req, route, state) => listBucket(req, route, state, false),
  ListObjects: (req, route, state) => listBucket(req, route, state, true),
  GetObject: getObject,
  HeadObject: getObject,
  PutObject: (req, route, state) => {
    refuseCopy(req);
    const object = state.putObject(
      bucketOf(route, req, state),
      route.key!,
      req.body,
      attributesOf(req),
    );
    return { status: 200, headers: { etag: object.etag }, body: '' };
  },
  UploadPart: (req, route, state) => {
    refuseCopy(req);
    const etag = state.uploadPart(
      bucketOf(route, req, state),
      route.key!,
      route.params.get('uploadId')!,
      partNumberOf(route),
      req.body,
    );
    return { status: 200, headers: { etag }, body: '' };
  },
  CreateMultipartUpload: (req, route, state) => {
    const bucket = bucketOf(route, req, state);
    const uploadId = state.createMultipartUpload(
      bucket,
      route.key!,
      attributesOf(req),
    );
    return xmlDocument('InitiateMultipartUploadResult', [
      element('Bucket', bucket),
      element('Key', route.key),
      element('UploadId', uploadId),
    ]);
  },
  CompleteMultipartUpload: (req, route, state) => {
    const bucket = bucketOf(route, req, state);
    const object = state.completeMultipartUpload(
      bucket,
      route.key!,
      route.params.get('uploadId')!,
      parseCompleteMultipartUpload(req.body),
    );
    const location = `http://${header(req, 'host')}/${bucket}/${uriEscape(
      object.key,
    ).replace(/%2F/g, '/')}`;
    return xmlDocument('CompleteMultipartUploadResult', [
      element('Location', location),
      element('Bucket', bucket),
      element('Key', object.key),
      element('ETag', object.etag),
    ]);
  },
  AbortMultipartUpload: (req, route, state) => {
    state.abortMultipartUpload(
      bucketOf(route, req, state),
      route.key!,
      route.params.get('uploadId')!,
    );
    return { status: 204, headers: {}, body: '' };
  },
  DeleteObject: (req, route, state) => {
    state.deleteObject(bucketOf(route, req, state), route.key!);
    return { status: 204, headers: {}, body: '' };
  },
};

/** Answers an authenticated S3 request; S3's errors become its error document. */
export function handleS3Request(
  req: S3Request,
  ctx: S3RequestContext,
): AwsResponse {
  try {
    const route = s3Route(req.method, req.path, req.query);
    const body = s3Payload(req.body, req.headers, req.payloadHash);
    const answer = OPERATIONS[route.operation](
      { ...req, body },
      route,
      ctx.state,
    );
    return {
      ...answer,
      headers: { ...answer.headers, 'x-amz-request-id': ctx.requestId },
    };
  } catch (error) {
    if (error instanceof S3Error) {
      return s3ErrorResponse(error, ctx.requestId, req.method);
    }
    throw error;
  }
}
