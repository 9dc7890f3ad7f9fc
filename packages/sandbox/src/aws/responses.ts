/**
 * Responses in the wire protocols the sandbox speaks: restJson1 (EKS), the
 * query protocol's XML (STS) and restXml (S3, in s3Xml.ts). Route handlers return these; the HTTP
 * handler adds the request id and the sandbox's Date and writes them.
 */

/** A response not yet written. */
export interface AwsResponse {
  status: number;
  /** A `content-length` here is kept: a HEAD answer declares a body it does not send. */
  headers: Record<string, string>;
  /** Text is sent as UTF-8; S3 objects are bytes. */
  body: string | Buffer;
}

/** A restJson1 success: JSON body. */
export function jsonResponse(status: number, body: unknown): AwsResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/**
 * A restJson1 error as EKS sends it: the type in `x-amzn-errortype` (which
 * the SDK reads first) and `{"message": ...}` as the body.
 */
export function jsonError(
  status: number,
  type: string,
  message: string,
): AwsResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': type,
    },
    body: JSON.stringify({ message }),
  };
}

/**
 * An awsJson1_1 error (ECR, the Price List): the type in `x-amzn-errortype` and
 * `__type`, the text in `message`.
 */
export function awsJsonError(
  status: number,
  type: string,
  message: string,
): AwsResponse {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': type,
    },
    body: JSON.stringify({ __type: type, message }),
  };
}

/**
 * The input of an awsJson1_1 request (an empty body is `{}`), or the
 * `SerializationException` to answer when it is not a JSON object.
 */
export function awsJsonInput(
  body: Buffer,
): { input: Record<string, unknown> } | { error: AwsResponse } {
  try {
    const parsed = JSON.parse(body.toString('utf8') || '{}');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return { input: parsed };
  } catch {
    // answered below
  }
  return {
    error: awsJsonError(400, 'SerializationException', 'Malformed JSON body'),
  };
}

/** The STS XML namespace every response carries. */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A query-protocol success: `<{Action}Response><{Action}Result>…` with the request id. */
export function xmlResponse(
  action: string,
  resultXml: string,
  requestId: string,
): AwsResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<${action}Response xmlns="${STS_NAMESPACE}">\n` +
      `  <${action}Result>\n${resultXml}  </${action}Result>\n` +
      `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
      `</${action}Response>\n`,
  };
}

/** A query-protocol error: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`. */
export function xmlError(
  status: number,
  code: string,
  message: string,
  requestId: string,
): AwsResponse {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body:
      `<ErrorResponse xmlns="${STS_NAMESPACE}">\n` +
      `  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(
        code,
      )}</Code>\n` +
      `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n` +
      `  <RequestId>${requestId}</RequestId>\n` +
      `</ErrorResponse>\n`,
  };
}
