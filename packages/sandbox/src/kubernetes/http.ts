/**
 * The HTTP edge: reading bodies with the API server's size limit, parsing them
 * by content type, and writing JSON answers and Status errors.
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { KubeStatusError, statusErrors } from './status';

/** The API server's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Beyond this much, stop draining an oversized body and drop the connection. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads a request body. An oversized body is drained (so the client reads the
 * answer instead of a reset connection) and rejected with 413.
 */
export function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
      req.destroy();
      reject(statusErrors.tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        reject(statusErrors.tooLarge(limit));
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      if (size > limit) reject(statusErrors.tooLarge(limit));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a JSON body; `what` shapes the 400 message when it does not parse. */
export function parseJson(
  body: Buffer,
  onError: (message: string) => KubeStatusError,
): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw onError((e as Error).message);
  }
}

/** Parses a YAML (or JSON, which is YAML) body. */
export function parseYamlBody(
  body: Buffer,
  onError: (message: string) => KubeStatusError,
): unknown {
  try {
    return parseYaml(body.toString('utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw onError((e as Error).message.split('\n')[0]);
  }
}

/** Writes a JSON answer with the headers a real API server sends. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    'audit-id': randomUUID(),
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Writes plain text (health checks). */
export function sendText(
  res: ServerResponse,
  code: number,
  text: string,
): void {
  res.writeHead(code, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Writes a Status error with its code. */
export function sendStatus(res: ServerResponse, err: KubeStatusError): void {
  sendJson(res, err.code, err.toStatus());
}
