import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SandboxCredential } from '../types';

/**
 * AWS Signature Version 4, verified the way AWS services verify it: the
 * canonical request is rebuilt from the request as received and signed again
 * with the secret of the access key it names.
 */

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
/** AWS refuses a request signed more than 15 minutes away from its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Presigned URLs live at most a week. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** A request as received, before any decoding: what SigV4 signs. */
export interface SignedRequest {
  method: string;
  /** The path as sent on the wire (still percent-encoded), without the query. */
  path: string;
  /** The raw query string, without the leading `?`. */
  query: string;
  /** Header values by lower-case name; repeated headers as arrays. */
  headers: Record<string, string | string[] | undefined>;
  /** Not read under S3's rules, which sign a claim about the body instead. */
  body: Buffer | string;
}

/** Why a signature was refused; each maps to a service-specific error code. */
export type SigV4FailureKind =
  | 'missingAuthentication'
  | 'incompleteSignature'
  | 'unrecognizedClient'
  | 'signatureMismatch'
  | 'signatureExpired'
  | 'expiredToken';

/** A refused signature, with the message AWS would send. */
export interface SigV4Failure {
  kind: SigV4FailureKind;
  message: string;
}

/** What a valid signature establishes. */
export interface SigV4Success {
  credential: SandboxCredential;
  /** The region of the credential scope: regional services answer for it. */
  region: string;
  signedAtMs: number;
  presigned: boolean;
  /** X-Amz-Expires of a presigned request. */
  expiresSeconds?: number;
  signedHeaders: string[];
  /**
   * The payload hash the signature covers: the body's SHA-256, or under S3's
   * rules the claim of `x-amz-content-sha256`, which the caller checks the body against.
   */
  payloadHash: string;
}

/** The outcome of {@link verifySigV4}. */
export type SigV4Result =
  | ({ ok: true } & SigV4Success)
  | { ok: false; failure: SigV4Failure };

/** What {@link verifySigV4} needs besides the request. */
export interface SigV4VerifyOptions {
  /** The signing name the credential scope must carry (`eks`, `sts`, `s3`). */
  service: string;
  /**
   * S3's signing rules instead of the other services': the canonical URI is the
   * path percent-encoded once, not normalized, and the payload hash is what
   * `x-amz-content-sha256` claims (`UNSIGNED-PAYLOAD` for a presigned URL
   * without it), so the signature is checked before the body is read.
   */
  s3?: boolean;
  findCredential(accessKeyId: string): SandboxCredential | undefined;
  nowMs: number;
  /**
   * Whether to check X-Amz-Date against the clock (and X-Amz-Expires of a
   * presigned request). EKS tokens have their own window, so their verifier
   * turns this off and checks time itself. Credential expiry is always checked.
   */
  checkRequestTime?: boolean;
}

/** An error as one AWS service reports it. */
export interface AwsErrorShape {
  status: number;
  code: string;
  message: string;
}

const MESSAGES = {
  unrecognized: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  expiredToken: 'The security token included in the request is expired',
};

type ErrorCode = { status: number; code: string };

/** The errors of the protocols the sandbox speaks, per failure (S3's statuses differ). */
const ERROR_CODES: Record<
  SigV4FailureKind,
  { status: number; eks: string; sts: string; s3: ErrorCode }
> = {
  missingAuthentication: {
    status: 403,
    eks: 'MissingAuthenticationTokenException',
    sts: 'MissingAuthenticationToken',
    s3: { status: 403, code: 'AccessDenied' },
  },
  incompleteSignature: {
    status: 400,
    eks: 'IncompleteSignatureException',
    sts: 'IncompleteSignature',
    s3: { status: 400, code: 'AuthorizationHeaderMalformed' },
  },
  unrecognizedClient: {
    status: 403,
    eks: 'UnrecognizedClientException',
    sts: 'InvalidClientTokenId',
    s3: { status: 403, code: 'InvalidAccessKeyId' },
  },
  signatureMismatch: {
    status: 403,
    eks: 'InvalidSignatureException',
    sts: 'SignatureDoesNotMatch',
    s3: { status: 403, code: 'SignatureDoesNotMatch' },
  },
  signatureExpired: {
    status: 403,
    eks: 'InvalidSignatureException',
    sts: 'SignatureDoesNotMatch',
    s3: { status: 403, code: 'RequestTimeTooSkewed' },
  },
  expiredToken: {
    status: 403,
    eks: 'ExpiredTokenException',
    sts: 'ExpiredToken',
    s3: { status: 400, code: 'ExpiredToken' },
  },
};

/** How S3 words the failures whose wording differs from the other services'. */
const S3_MESSAGES: Partial<Record<SigV4FailureKind, string>> = {
  missingAuthentication: 'Access Denied',
  unrecognizedClient:
    'The AWS Access Key Id you provided does not exist in our records.',
  expiredToken: 'The provided token has expired.',
};

/**
 * The error EKS (restJson1), ECR and the Price List (awsJson1_1, same codes), STS and
 * EC2 (query) or S3 (restXml) sends for a refused signature.
 */
export function sigV4Error(
  failure: SigV4Failure,
  service: 'eks' | 'sts' | 's3' | 'ecr' | 'ec2' | 'pricing',
): AwsErrorShape {
  const codes = ERROR_CODES[failure.kind];
  if (service === 's3') {
    const message =
      failure.message === MESSAGES.mismatch
        ? 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
        : S3_MESSAGES[failure.kind] ?? failure.message;
    return { ...codes.s3, message };
  }
  // STS words this one differently from the JSON services.
  const message =
    failure.kind === 'missingAuthentication' && service === 'sts'
      ? 'Request is missing Authentication Token'
      : failure.message;
  return {
    status: codes.status,
    code: codes[protocolFamily(service)],
    message,
  };
}

/** The services whose refusals read like EKS's (JSON) or STS's (query). */
function protocolFamily(service: 'eks' | 'sts' | 'ecr' | 'ec2' | 'pricing') {
  return service === 'sts' || service === 'ec2' ? 'sts' : 'eks';
}

function fail(kind: SigV4FailureKind, message: string): SigV4Result {
  return { ok: false, failure: { kind, message } };
}

/** URI-encodes like the AWS SDKs: RFC 3986 unreserved characters stay as they are. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The canonical URI of a non-S3 request: the path as sent, with `.`/`..` and
 * empty segments removed, URI-encoded once more. Since the client already
 * encoded each label, this is the "encode twice" AWS asks for
 * (`arn%3Aaws` becomes `arn%253Aaws`), exactly as @smithy/signature-v4 does.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  const normalized = `${leading}${segments.join('/')}${trailing}`;
  return uriEscape(normalized).replace(/%2F/g, '/');
}

/**
 * The canonical URI of an S3 request: each segment of the path as sent,
 * decoded and encoded once, kept as it is otherwise (S3 keys may hold `//`,
 * `.` and `..`).
 */
export function s3CanonicalUri(rawPath: string): string {
  return rawPath
    .split('/')
    .map(segment => uriEscape(decodeComponent(segment, false)))
    .join('/');
}

function decodeComponent(value: string, plusIsSpace = true): string {
  try {
    return decodeURIComponent(plusIsSpace ? value.replace(/\+/g, ' ') : value);
  } catch {
    // A malformed escape can't be what the client signed: keep it verbatim,
    // the signature check will refuse the request.
    return value;
  }
}

/** Query parameters in order, decoded; a key without `=` has the empty value. */
export function parseQueryString(raw: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(key), decodeComponent(value)]);
  }
  return pairs;
}

/** The canonical query: every parameter but the signature, encoded, sorted by key then value. */
export function canonicalQueryString(raw: string): string {
  return parseQueryString(raw)
    .filter(([key]) => key.toLowerCase() !== 'x-amz-signature')
    .map(([key, value]) => [uriEscape(key), uriEscape(value)])
    .sort(([ak, av], [bk, bv]) => compare(ak, bk) || compare(av, bv))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function headerValue(
  headers: SignedRequest['headers'],
  name: string,
): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  return values
    .map(v =>
      v
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim(),
    )
    .join(',');
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The SigV4 signature of a canonical request, as the client computed it. */
export function computeSignature(options: {
  secretAccessKey: string;
  amzDate: string;
  region: string;
  service: string;
  canonicalRequest: string;
}): string {
  const shortDate = options.amzDate.slice(0, 8);
  const scope = `${shortDate}/${options.region}/${options.service}/${TERMINATOR}`;
  const stringToSign = [
    ALGORITHM,
    options.amzDate,
    scope,
    sha256Hex(options.canonicalRequest),
  ].join('\n');
  let key: Buffer = hmac(`AWS4${options.secretAccessKey}`, shortDate);
  key = hmac(key, options.region);
  key = hmac(key, options.service);
  key = hmac(key, TERMINATOR);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/** Milliseconds since the epoch of an `X-Amz-Date` (`20240101T000000Z`), if well formed. */
export function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface AuthParts {
  presigned: boolean;
  credential: string;
  amzDate: string | undefined;
  signedHeaders: string;
  signature: string;
  sessionToken?: string;
  expires?: string;
}

/** Reads the signature from the Authorization header or the presigned query. */
function readAuthParts(
  req: Pick<SignedRequest, 'headers' | 'query'>,
): AuthParts | SigV4Failure {
  const authorization = headerValue(req.headers, 'authorization');
  const query = new Map(parseQueryString(req.query));
  const presigned = query.has('X-Amz-Algorithm');
  if (authorization !== undefined && presigned) {
    return {
      kind: 'incompleteSignature',
      message:
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified',
    };
  }
  if (presigned) {
    if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
      return {
        kind: 'incompleteSignature',
        message: `Unsupported AWS 'algorithm': '${query.get(
          'X-Amz-Algorithm',
        )}'`,
      };
    }
    const missing = [
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-SignedHeaders',
      'X-Amz-Signature',
    ].filter(name => !query.get(name));
    if (missing.length > 0) {
      return {
        kind: 'incompleteSignature',
        message: missing
          .map(name => `AWS query-string parameters must include '${name}'.`)
          .join(' '),
      };
    }
    return {
      presigned: true,
      credential: query.get('X-Amz-Credential')!,
      amzDate: query.get('X-Amz-Date'),
      signedHeaders: query.get('X-Amz-SignedHeaders')!,
      signature: query.get('X-Amz-Signature')!,
      sessionToken: query.get('X-Amz-Security-Token'),
      expires: query.get('X-Amz-Expires'),
    };
  }
  if (authorization === undefined) {
    return {
      kind: 'missingAuthentication',
      message: 'Missing Authentication Token',
    };
  }
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) {
    return {
      kind: 'incompleteSignature',
      message: `Unsupported AWS 'algorithm': '${algorithm}'`,
    };
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter(
    name => !fields.get(name),
  );
  if (missing.length > 0) {
    return {
      kind: 'incompleteSignature',
      message: missing
        .map(name => `Authorization header requires '${name}' parameter.`)
        .join(' '),
    };
  }
  return {
    presigned: false,
    credential: fields.get('Credential')!,
    amzDate: headerValue(req.headers, 'x-amz-date'),
    signedHeaders: fields.get('SignedHeaders')!,
    signature: fields.get('Signature')!,
    sessionToken: headerValue(req.headers, 'x-amz-security-token'),
  };
}

/**
 * The signing name in a request's credential scope (`eks`, `sts`, `s3`), if it
 * carries a readable signature: one endpoint serves several services.
 */
export function signingNameOf(
  req: Pick<SignedRequest, 'headers' | 'query'>,
): string | undefined {
  const parts = readAuthParts(req);
  return 'kind' in parts ? undefined : parts.credential.split('/')[3];
}

function checkTime(
  parts: AuthParts,
  signedAtMs: number,
  nowMs: number,
): SigV4Failure | { expiresSeconds?: number } {
  const now = formatAmzDate(nowMs);
  if (signedAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    return {
      kind: 'signatureExpired',
      message: `Signature not yet current: ${
        parts.amzDate
      } is still later than ${formatAmzDate(
        nowMs + MAX_CLOCK_SKEW_MS,
      )} (${now} + 15 min.)`,
    };
  }
  if (!parts.presigned) {
    if (signedAtMs < nowMs - MAX_CLOCK_SKEW_MS) {
      return {
        kind: 'signatureExpired',
        message: `Signature expired: ${
          parts.amzDate
        } is now earlier than ${formatAmzDate(
          nowMs - MAX_CLOCK_SKEW_MS,
        )} (${now} - 15 min.)`,
      };
    }
    return {};
  }
  const expires = Number(parts.expires);
  if (
    !parts.expires ||
    !/^\d+$/.test(parts.expires) ||
    expires < 1 ||
    expires > MAX_PRESIGN_SECONDS
  ) {
    return {
      kind: 'incompleteSignature',
      message: `X-Amz-Expires must be an integer between 1 and ${MAX_PRESIGN_SECONDS} seconds.`,
    };
  }
  if (nowMs > signedAtMs + expires * 1000) {
    return {
      kind: 'signatureExpired',
      message: `Signature expired: ${parts.amzDate} + ${expires} s is now earlier than ${now}`,
    };
  }
  return { expiresSeconds: expires };
}

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query)
 * against the credential store and the given clock.
 */
export function verifySigV4(
  req: SignedRequest,
  options: SigV4VerifyOptions,
): SigV4Result {
  const parts = readAuthParts(req);
  if ('kind' in parts) return { ok: false, failure: parts };

  const scope = parts.credential.split('/');
  if (scope.length !== 5) {
    return fail(
      'incompleteSignature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.credential}'`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (parts.amzDate === undefined) {
    return fail(
      'incompleteSignature',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const signedAtMs = parseAmzDate(parts.amzDate);
  if (signedAtMs === undefined) {
    return fail(
      'incompleteSignature',
      `Date must be in ISO-8601 'basic format'. Got '${parts.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }

  // Who is asking comes first: an unknown key or a stale session token is
  // reported as such whatever else is wrong with the request.
  const credential = options.findCredential(accessKeyId);
  if (!credential) return fail('unrecognizedClient', MESSAGES.unrecognized);
  if (credential.sessionToken !== undefined || parts.sessionToken) {
    if (
      credential.sessionToken === undefined ||
      parts.sessionToken === undefined ||
      !sameSecret(credential.sessionToken, parts.sessionToken)
    ) {
      return fail('unrecognizedClient', MESSAGES.unrecognized);
    }
  }
  if (
    credential.expiresAtMs !== undefined &&
    options.nowMs >= credential.expiresAtMs
  ) {
    return fail('expiredToken', MESSAGES.expiredToken);
  }

  if (terminator !== TERMINATOR) {
    return fail(
      'signatureMismatch',
      `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`,
    );
  }
  if (service !== options.service) {
    return fail(
      'signatureMismatch',
      `Credential should be scoped to correct service: '${options.service}'. `,
    );
  }
  if (!/^[a-z0-9-]+$/.test(region)) {
    return fail(
      'signatureMismatch',
      `Credential should be scoped to a valid region, not '${region}'. `,
    );
  }
  if (scopeDate !== parts.amzDate.slice(0, 8)) {
    return fail(
      'signatureMismatch',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${parts.amzDate.slice(
        0,
        8,
      )}', from '${parts.amzDate}'.`,
    );
  }

  let expiresSeconds: number | undefined;
  if (options.checkRequestTime !== false) {
    const time = checkTime(parts, signedAtMs, options.nowMs);
    if ('kind' in time) return { ok: false, failure: time };
    expiresSeconds = time.expiresSeconds;
  } else if (parts.expires !== undefined) {
    expiresSeconds = Number(parts.expires);
  }

  const signedHeaders = parts.signedHeaders.split(';');
  if (!signedHeaders.includes('host')) {
    return fail(
      'incompleteSignature',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  const payloadHash = options.s3
    ? headerValue(req.headers, 'x-amz-content-sha256') ??
      (parts.presigned ? 'UNSIGNED-PAYLOAD' : undefined)
    : // The hash of the body as received, never the client's
      // x-amz-content-sha256 claim: a body changed after signing must fail.
      sha256Hex(req.body);
  if (payloadHash === undefined) {
    return fail(
      'incompleteSignature',
      'Missing required header for this request: x-amz-content-sha256',
    );
  }
  const canonicalRequest = [
    req.method.toUpperCase(),
    options.s3 ? s3CanonicalUri(req.path) : canonicalUri(req.path),
    canonicalQueryString(req.query),
    ...signedHeaders.map(
      name => `${name}:${headerValue(req.headers, name) ?? ''}`,
    ),
    '',
    parts.signedHeaders,
    payloadHash,
  ].join('\n');
  const expected = computeSignature({
    secretAccessKey: credential.secretAccessKey,
    amzDate: parts.amzDate,
    region,
    service,
    canonicalRequest,
  });
  const given = Buffer.from(parts.signature.toLowerCase());
  if (
    given.length !== expected.length ||
    !timingSafeEqual(given, Buffer.from(expected))
  ) {
    return fail('signatureMismatch', MESSAGES.mismatch);
  }
  return {
    ok: true,
    credential,
    region,
    signedAtMs,
    presigned: parts.presigned,
    expiresSeconds,
    signedHeaders,
    payloadHash,
  };
}
