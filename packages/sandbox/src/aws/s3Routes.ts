import { notImplemented, S3Error } from './s3Errors';
import { parseQueryString } from './sigv4';

/**
 * How S3 tells its operations apart on a path-style request: the method, the
 * level of the path (`/`, `/<bucket>`, `/<bucket>/<key>`) and the subresource
 * in the query (`?uploads`, `?uploadId=…`, `?list-type=2`). A query parameter
 * no emulated operation takes names an operation the sandbox does not
 * emulate, and is answered NotImplemented rather than misread.
 */

export type S3OperationName =
  | 'ListBuckets'
  | 'HeadBucket'
  | 'ListObjectsV2'
  | 'ListObjects'
  | 'GetObject'
  | 'HeadObject'
  | 'PutObject'
  | 'UploadPart'
  | 'CreateMultipartUpload'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'DeleteObject';

type Level = 'service' | 'bucket' | 'object';

interface OperationDef {
  name: S3OperationName;
  method: string;
  level: Level;
  /** The query parameter that selects this operation over the level's default. */
  selector?: string;
  /** The query parameters it takes. */
  params: string[];
}

/** GetObject's and HeadObject's response header overrides. */
export const RESPONSE_OVERRIDES = [
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
];

/** Selecting operations first: the first whose selector is present wins. */
const OPERATIONS: OperationDef[] = [
  { name: 'ListBuckets', method: 'GET', level: 'service', params: [] },
  { name: 'HeadBucket', method: 'HEAD', level: 'bucket', params: [] },
  {
    name: 'ListObjectsV2',
    method: 'GET',
    level: 'bucket',
    selector: 'list-type',
    params: [
      'list-type',
      'prefix',
      'delimiter',
      'max-keys',
      'continuation-token',
      'start-after',
      'encoding-type',
      'fetch-owner',
    ],
  },
  {
    name: 'ListObjects',
    method: 'GET',
    level: 'bucket',
    params: ['prefix', 'delimiter', 'max-keys', 'marker', 'encoding-type'],
  },
  {
    name: 'GetObject',
    method: 'GET',
    level: 'object',
    params: RESPONSE_OVERRIDES,
  },
  {
    name: 'HeadObject',
    method: 'HEAD',
    level: 'object',
    params: RESPONSE_OVERRIDES,
  },
  {
    name: 'UploadPart',
    method: 'PUT',
    level: 'object',
    selector: 'uploadId',
    params: ['uploadId', 'partNumber'],
  },
  { name: 'PutObject', method: 'PUT', level: 'object', params: [] },
  {
    name: 'CreateMultipartUpload',
    method: 'POST',
    level: 'object',
    selector: 'uploads',
    params: ['uploads'],
  },
  {
    name: 'CompleteMultipartUpload',
    method: 'POST',
    level: 'object',
    selector: 'uploadId',
    params: ['uploadId'],
  },
  {
    name: 'AbortMultipartUpload',
    method: 'DELETE',
    level: 'object',
    selector: 'uploadId',
    params: ['uploadId'],
  },
  { name: 'DeleteObject', method: 'DELETE', level: 'object', params: [] },
];

/** Query parameters any operation may carry: the SDKs' `x-id` and a presigned URL's signature. */
function isGeneric(param: string): boolean {
  return param === 'x-id' || param.toLowerCase().startsWith('x-amz-');
}

/** A request resolved to its operation. */
export interface S3Route {
  operation: S3OperationName;
  bucket?: string;
  key?: string;
  /** Query parameters, decoded; the last of repeated ones. */
  params: Map<string, string>;
}

function decodePathPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.", {
      URI: raw,
    });
  }
}

/** The operation of a path-style S3 request; throws NotImplemented for others. */
export function s3Route(method: string, path: string, query: string): S3Route {
  const rest = path.replace(/^\//, '');
  const slash = rest.indexOf('/');
  const bucket = decodePathPart(slash < 0 ? rest : rest.slice(0, slash));
  const key = slash < 0 ? '' : decodePathPart(rest.slice(slash + 1));
  let level: Level = 'object';
  if (bucket === '') level = 'service';
  else if (key === '') level = 'bucket';

  const params = new Map(parseQueryString(query));
  const candidates = OPERATIONS.filter(
    op => op.method === method && op.level === level,
  );
  const op =
    candidates.find(c => c.selector !== undefined && params.has(c.selector)) ??
    candidates.find(c => c.selector === undefined);
  const unknown = [...params.keys()].filter(
    p => !isGeneric(p) && !op?.params.includes(p),
  );
  if (!op || unknown.length > 0) {
    throw notImplemented(
      `${method} on ${level === 'object' ? 'an object' : `the ${level}`}${
        unknown.length > 0 ? ` with ?${unknown.join('&')}` : ''
      }`,
    );
  }
  return {
    operation: op.name,
    bucket: level === 'service' ? undefined : bucket,
    key: level === 'object' ? key : undefined,
    params,
  };
}

/** The operation's name for the request log, or undefined when none is emulated. */
export function s3OperationOf(
  method: string,
  path: string,
  query: string,
): S3OperationName | undefined {
  try {
    return s3Route(method, path, query).operation;
  } catch {
    return undefined;
  }
}
