import { createHash } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { notImplemented, S3Error } from './s3Errors';

/**
 * An S3 request's body checked as S3 checks it once it has read it. The
 * signature covers only a claim about the body (`x-amz-content-sha256`): a
 * SHA-256 the body must match, `UNSIGNED-PAYLOAD`, or an aws-chunked stream
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html).
 */

const SHA256_HEX = /^[0-9a-f]{64}$/;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** aws-chunked with unsigned chunks and trailing checksums: what the SDKs send for streams. */
const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

function header(
  headers: IncomingHttpHeaders,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function incompleteBody(): S3Error {
  return new S3Error(
    400,
    'IncompleteBody',
    'You did not provide the number of bytes specified by the Content-Length HTTP header',
  );
}

/**
 * The payload of an aws-chunked body: `<hex size>[;extensions]\r\n<bytes>\r\n`
 * chunks up to a zero-size one, then trailers (checksums, not verified here).
 */
function decodeAwsChunked(raw: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) throw incompleteBody();
    const size = raw.toString('latin1', at, eol).split(';')[0];
    if (!/^[0-9a-fA-F]+$/.test(size)) throw incompleteBody();
    const length = parseInt(size, 16);
    at = eol + 2;
    if (length === 0) return Buffer.concat(chunks);
    if (raw.toString('latin1', at + length, at + length + 2) !== '\r\n') {
      throw incompleteBody();
    }
    chunks.push(raw.subarray(at, at + length));
    at += length + 2;
  }
}

function checkContentMd5(headers: IncomingHttpHeaders, body: Buffer): void {
  const given = header(headers, 'content-md5');
  if (given === undefined) return;
  const digest = Buffer.from(given, 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== given.trim()) {
    throw new S3Error(
      400,
      'InvalidDigest',
      'The Content-MD5 you specified was invalid.',
      { 'Content-MD5': given },
    );
  }
  if (!digest.equals(createHash('md5').update(body).digest())) {
    throw new S3Error(
      400,
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
      { ExpectedDigest: given },
    );
  }
}

/**
 * The bytes an S3 request carries, given its raw body and the payload hash it
 * was signed with: checked against a SHA-256 claim and Content-MD5, decoded
 * from aws-chunked.
 */
export function s3Payload(
  raw: Buffer,
  headers: IncomingHttpHeaders,
  payloadHash: string,
): Buffer {
  let body: Buffer;
  if (SHA256_HEX.test(payloadHash)) {
    const computed = createHash('sha256').update(raw).digest('hex');
    if (computed !== payloadHash) {
      throw new S3Error(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {
          ClientComputedContentSHA256: payloadHash,
          S3ComputedContentSHA256: computed,
        },
      );
    }
    body = raw;
  } else if (payloadHash === UNSIGNED_PAYLOAD) {
    body = raw;
  } else if (payloadHash === STREAMING_UNSIGNED_TRAILER) {
    body = decodeAwsChunked(raw);
    const declared = header(headers, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== body.length) {
      throw incompleteBody();
    }
  } else if (payloadHash.startsWith('STREAMING-')) {
    throw notImplemented(
      `signed aws-chunked payloads (${payloadHash}): send UNSIGNED-PAYLOAD, ${STREAMING_UNSIGNED_TRAILER} or the body's SHA-256`,
    );
  } else {
    throw new S3Error(
      400,
      'InvalidArgument',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.',
      { ArgumentName: 'x-amz-content-sha256', ArgumentValue: payloadHash },
    );
  }
  checkContentMd5(headers, body);
  return body;
}
