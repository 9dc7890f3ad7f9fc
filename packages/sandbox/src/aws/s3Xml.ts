import { S3Error } from './s3Errors';
import { AwsResponse, xmlEscape } from './responses';

/**
 * S3's XML documents (the restXml protocol): what the operations answer, the
 * error document, and the one request document the emulated operations read
 * (CompleteMultipartUpload).
 */

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** One element with escaped text; nothing for an undefined value. */
export function element(
  name: string,
  value: string | number | boolean | undefined,
): string {
  return value === undefined
    ? ''
    : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** A 200 answer with `<root xmlns="…2006-03-01/">…</root>`. */
export function xmlDocument(root: string, children: string[]): AwsResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: `${PROLOG}<${root} xmlns="${S3_NAMESPACE}">${children.join(
      '',
    )}</${root}>`,
  };
}

/** `2009-10-12T17:50:30.000Z`, as S3 writes timestamps in XML. */
export function xmlTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The error document S3 sends. A HEAD answer has no body, so the SDKs name the
 * error after the status (404 NotFound) as they do with S3.
 */
export function s3ErrorResponse(
  error: S3Error,
  requestId: string,
  method: string,
): AwsResponse {
  const headers = {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    ...error.headers,
  };
  if (method === 'HEAD') {
    return {
      status: error.status,
      headers: { ...headers, 'content-length': '0' },
      body: '',
    };
  }
  const fields = Object.entries(error.fields).map(([name, value]) =>
    element(name, value),
  );
  return {
    status: error.status,
    headers,
    body:
      `${PROLOG}<Error>${element('Code', error.code)}${element(
        'Message',
        error.message,
      )}` +
      `${fields.join('')}${element('RequestId', requestId)}${element(
        'HostId',
        requestId,
      )}</Error>`,
  };
}

function xmlUnescape(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, code) =>
      String.fromCodePoint(parseInt(code, 16)),
    )
    .replace(/&amp;/g, '&');
}

function malformedXml(): S3Error {
  return new S3Error(
    400,
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

/** A part as CompleteMultipartUpload lists it. */
export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/**
 * The parts of a `<CompleteMultipartUpload>` body, in document order. Other
 * elements of a part (its checksums) are read past: the sandbox does not
 * verify checksums.
 */
export function parseCompleteMultipartUpload(body: Buffer): CompletedPart[] {
  const text = body.toString('utf8').replace(/<\?xml[^>]*\?>/, '');
  const root =
    /^\s*<CompleteMultipartUpload(?:\s[^>]*)?>([\s\S]*)<\/CompleteMultipartUpload>\s*$/.exec(
      text,
    );
  if (!root) throw malformedXml();
  const parts: CompletedPart[] = [];
  for (const match of root[1].matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const partNumber = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(match[1]);
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(match[1]);
    if (!partNumber || !etag) throw malformedXml();
    parts.push({
      partNumber: Number(partNumber[1]),
      etag: xmlUnescape(etag[1]).trim(),
    });
  }
  if (parts.length === 0) throw malformedXml();
  return parts;
}
