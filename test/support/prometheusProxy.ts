import http from 'node:http';
import type { Socket } from 'node:net';

/**
 * How the proxy answers:
 * - `pass`: forwards to Prometheus;
 * - `hang`: accepts the request and never answers (a Prometheus too slow to wait for);
 * - `error`: answers as a Prometheus whose query failed (422, `execution`);
 * - `partial`: forwards, then adds a warning to the answer, as Thanos or Cortex do when a
 *   store is down.
 */
export type ProxyMode = 'pass' | 'hang' | 'error' | 'partial';

/** The request as received, for a check of its signature. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface PrometheusProxy {
  url: string;
  mode: ProxyMode;
  /** Requests received so far. */
  requests: number;
  /** Requests the check refused. */
  refused: number;
  /** Stops listening: connections are refused, as to a Prometheus that is down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export const PARTIAL_WARNING = 'store eu-1 unavailable: partial response';

/**
 * A loopback stand-in between the backend and a real Prometheus that injects the faults
 * of {@link ProxyMode}, and can check each request first (e.g. its SigV4 signature,
 * as Amazon Managed Prometheus does): a check returning a message refuses it with 403.
 */
export async function startPrometheusProxy(options: {
  port: number;
  upstream: string;
  check?: (req: ReceivedRequest) => string | undefined;
}): Promise<PrometheusProxy> {
  const sockets = new Set<Socket>();
  const proxy = {
    url: `http://127.0.0.1:${options.port}/`,
    mode: 'pass' as ProxyMode,
    requests: 0,
    refused: 0,
  };
  const answer = async (req: ReceivedRequest, res: http.ServerResponse) => {
    const refusal = options.check?.(req);
    if (refusal) {
      proxy.refused++;
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: refusal }));
      return;
    }
    if (proxy.mode === 'hang') return;
    if (proxy.mode === 'error') {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'error',
          errorType: 'execution',
          error:
            'query processing would load too many samples into memory in query execution',
        }),
      );
      return;
    }
    const upstream = await fetch(
      `${options.upstream}${req.path}${req.query ? `?${req.query}` : ''}`,
      {
        method: req.method,
        headers: {
          'content-type': String(req.headers['content-type'] ?? ''),
          'accept-encoding': String(req.headers['accept-encoding'] ?? ''),
        },
        body: req.method === 'GET' ? undefined : req.body,
      },
    );
    let body = await upstream.text();
    if (proxy.mode === 'partial' && upstream.ok) {
      body = JSON.stringify({
        ...JSON.parse(body),
        warnings: [PARTIAL_WARNING],
      });
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      proxy.requests++;
      const [path, query = ''] = (req.url ?? '/').split('?');
      answer(
        {
          method: req.method ?? 'GET',
          path,
          query,
          headers: req.headers,
          body: Buffer.concat(chunks),
        },
        res,
      ).catch(error => {
        res.writeHead(502);
        res.end(String(error));
      });
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = () =>
    new Promise<void>(resolve =>
      server.listen(options.port, '127.0.0.1', resolve),
    );
  const close = () =>
    new Promise<void>(resolve => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  await listen();
  return Object.assign(proxy, { down: close, up: listen, close });
}
