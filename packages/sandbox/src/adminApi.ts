import { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { SandboxClock } from './clock';

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function authorized(req: IncomingMessage, adminToken: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${adminToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The sandbox's own API under `/sandbox/`: read the clock, move it forward.
 * Only for holders of the sandbox admin token (tests, the portal in sandbox mode).
 */
export function handleAdminRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { clock: SandboxClock; adminToken: string; onChange: () => void },
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
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
      if (body.length > 4096) req.destroy();
    });
    req.on('end', () => {
      let advanceSeconds: unknown;
      try {
        advanceSeconds = JSON.parse(body).advanceSeconds;
      } catch {
        send(res, 400, {
          message: 'the body must be JSON: {"advanceSeconds": <number ≥ 0>}',
        });
        return;
      }
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
  send(res, 404, {
    message: `no sandbox admin route ${req.method} ${req.url}`,
  });
}
