import { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { S3Error, S3State } from './aws';
import { SandboxClock } from './clock';

/** What the admin API acts on. */
export interface AdminApiContext {
  clock: SandboxClock;
  adminToken: string;
  onChange: () => void;
  s3: S3State;
  /** Where buckets created without a region live. */
  defaultRegion: string;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function authorized(req: IncomingMessage, adminToken: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${adminToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A small JSON body (the empty body reads as `{}`); undefined when it is not JSON. */
function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise(resolve => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
      if (body.length > 4096) req.destroy();
    });
    req.on('end', () => {
      try {
        resolve(body.trim() === '' ? {} : JSON.parse(body));
      } catch {
        resolve(undefined);
      }
    });
  });
}

const BUCKET_PATH = /^\/sandbox\/s3\/buckets\/([^/?]+)$/;

/**
 * S3 buckets made outside ACK: `GET /sandbox/s3/buckets` lists every bucket,
 * `PUT /sandbox/s3/buckets/<name>` (body `{"region": …}`, optional) creates
 * one, `DELETE` deletes an empty one. False when the path is not one of these.
 */
function handleBucketRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: AdminApiContext,
): boolean {
  if (req.url === '/sandbox/s3/buckets' && req.method === 'GET') {
    send(res, 200, { buckets: ctx.s3.summaries() });
    return true;
  }
  const name = BUCKET_PATH.exec(req.url ?? '')?.[1];
  if (name === undefined || !['PUT', 'DELETE'].includes(req.method ?? '')) {
    return false;
  }
  const act = (action: () => void) => {
    try {
      action();
      send(res, 200, { buckets: ctx.s3.summaries() });
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      send(res, error.status, { code: error.code, message: error.message });
    }
  };
  if (req.method === 'DELETE') {
    act(() => ctx.s3.deleteBucket(decodeURIComponent(name)));
    return true;
  }
  readJsonBody(req).then(body => {
    const region = (body as { region?: unknown } | undefined)?.region;
    if (
      body === undefined ||
      !['string', 'undefined'].includes(typeof region)
    ) {
      send(res, 400, {
        message: 'the body must be empty or JSON: {"region": "<region>"}',
      });
      return;
    }
    act(() =>
      ctx.s3.createBucket(
        decodeURIComponent(name),
        (region as string | undefined) ?? ctx.defaultRegion,
      ),
    );
  });
  return true;
}

/**
 * The sandbox's own API under `/sandbox/`: read the clock, move it forward;
 * list, create and delete S3 buckets outside ACK. Only for holders of the
 * sandbox admin token (tests, the portal in sandbox mode).
 */
export function handleAdminRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: AdminApiContext,
): void {
  if (!authorized(req, ctx.adminToken)) {
    send(res, 401, {
      message: 'the sandbox admin API needs the sandbox admin token',
    });
    return;
  }
  const clockBody = () => ({
    nowMs: ctx.clock.nowMs(),
    offsetMs: ctx.clock.offset(),
  });
  if (req.url === '/sandbox/clock' && req.method === 'GET') {
    send(res, 200, clockBody());
    return;
  }
  if (req.url === '/sandbox/clock' && req.method === 'POST') {
    readJsonBody(req).then(body => {
      if (body === undefined) {
        send(res, 400, {
          message: 'the body must be JSON: {"advanceSeconds": <number ≥ 0>}',
        });
        return;
      }
      const advanceSeconds = (body as { advanceSeconds?: unknown })
        .advanceSeconds;
      if (
        typeof advanceSeconds !== 'number' ||
        !Number.isFinite(advanceSeconds) ||
        advanceSeconds < 0
      ) {
        send(res, 400, {
          message:
            'advanceSeconds must be a number ≥ 0: the clock only moves forward',
        });
        return;
      }
      ctx.clock.advance(advanceSeconds * 1000);
      ctx.onChange();
      send(res, 200, clockBody());
    });
    return;
  }
  if (handleBucketRequest(req, res, ctx)) return;
  send(res, 404, {
    message: `no sandbox admin route ${req.method} ${req.url}`,
  });
}
