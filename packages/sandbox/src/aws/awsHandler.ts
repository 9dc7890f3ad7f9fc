import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxClock } from '../clock';
import { eksOperationOf, handleEksRequest } from './eks';
import { EksState } from './eksState';
import { IdentityStore } from './identities';
import { AwsResponse, jsonError, xmlError } from './responses';
import { sigV4Error, verifySigV4 } from './sigv4';
import { handleStsAction, stsParameters } from './sts';

/** AWS services refuse request bodies over 1 MiB on these APIs. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** What {@link createAwsRequestHandler} serves. */
export interface AwsRequestHandlerOptions {
  clock: SandboxClock;
  identities: IdentityStore;
  eks: EksState;
  /** Called after a request changed state (AssumeRole, EKS writes), e.g. to persist it. */
  onChange?: () => void;
  /** Told about unexpected errors (answered 500); stderr by default. */
  onError?: (error: unknown) => void;
  /** Told about every EKS and STS request answered: a request log for tests. */
  onRequest?: (record: AwsRequestRecord) => void;
  /** Fault injection for tests: may slow down, fail or drop an authenticated request. */
  fault?: (request: AwsRequestInfo) => AwsFault | undefined;
}

/** An authenticated request, as the request log and fault injection see it. */
export interface AwsRequestInfo {
  service: 'eks' | 'sts';
  /** The EKS operation, e.g. `CreateAccessEntry`; undefined for STS and unknown paths. */
  operation?: string;
  method: string;
  /** The path, its labels percent-decoded. */
  path: string;
}

/** One answered request. */
export interface AwsRequestRecord extends AwsRequestInfo {
  /** The HTTP status; 0 when the connection was dropped by a fault. */
  status: number;
  /** The EKS error type (`x-amzn-errortype`) of a failed request. */
  errorType?: string;
  /** Whether the answer came from an injected fault. */
  faulted: boolean;
}

/** What an injected fault does to one request. */
export interface AwsFault {
  /** Answer this much later. */
  delayMs?: number;
  /** Answer with this error, e.g. `{status: 429, type: 'ThrottlingException'}`. */
  error?: { status: number; type: string; message?: string };
  /** Close the connection without answering. */
  drop?: boolean;
  /** Apply the request first, then fail or drop it: the client cannot tell it succeeded. */
  afterApplying?: boolean;
}

/**
 * A node request listener: answers EKS and STS, and returns false (after
 * calling `next`, if given) for `/sandbox/…` paths, which belong to the
 * sandbox's own admin API.
 */
export type AwsRequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => boolean;

type Service = 'eks' | 'sts';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A path with its percent-encoded labels decoded (as far as they decode). */
function decodePath(path: string): string {
  return path
    .split('/')
    .map(segment => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** Header values by lower-case name, repeated headers kept apart (SigV4 joins them with `,`). */
function headersOf(req: IncomingMessage): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    (headers[name] ??= []).push(req.rawHeaders[i + 1]);
  }
  return headers;
}

/**
 * Reads the body up to the limit: the bytes, `tooLarge` as soon as it passes
 * the limit, or `aborted` when the client went away first.
 */
function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | 'tooLarge' | 'aborted'> {
  return new Promise(resolve => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: Buffer | 'tooLarge' | 'aborted') => {
      if (!done) resolve(result);
      done = true;
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish('tooLarge');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('error', () => finish('aborted'));
    req.on('close', () => finish('aborted'));
  });
}

function errorFor(
  service: Service,
  status: number,
  code: string,
  message: string,
  requestId: string,
): AwsResponse {
  return service === 'eks'
    ? jsonError(status, code, message)
    : xmlError(status, code, message, requestId);
}

/**
 * The EKS and STS endpoint of the sandbox: reads the body (1 MiB at most),
 * verifies SigV4 (signing name `sts` for `/`, `eks` for everything else),
 * and dispatches. Never throws: unexpected errors are answered with 500.
 */
export function createAwsRequestHandler(
  options: AwsRequestHandlerOptions,
): AwsRequestHandler {
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(
        `sandbox AWS endpoint: ${
          error instanceof Error ? error.stack : String(error)
        }\n`,
      ));

  const send = (res: ServerResponse, requestId: string, r: AwsResponse) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    const body = Buffer.from(r.body, 'utf8');
    res.writeHead(r.status, {
      ...r.headers,
      'content-length': String(body.length),
      'x-amzn-requestid': requestId,
      // The SDKs correct their clock from this header: it must be the
      // sandbox's clock, so a sandbox moved forward stays usable.
      date: options.clock.now().toUTCString(),
    });
    res.end(body);
  };

  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    service: Service,
    requestId: string,
  ) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    const info: AwsRequestInfo = {
      service,
      operation:
        service === 'eks'
          ? eksOperationOf(req.method ?? 'GET', path)
          : undefined,
      method: req.method ?? 'GET',
      path: decodePath(path),
    };
    const reply = (r: AwsResponse, faulted = false) => {
      options.onRequest?.({
        ...info,
        status: r.status,
        errorType: r.headers['x-amzn-errortype'],
        faulted,
      });
      send(res, requestId, r);
    };
    /** Answers with the injected fault; false when there is none to inject. */
    const injectFault = (fault: AwsFault | undefined): boolean => {
      if (fault?.drop) {
        options.onRequest?.({ ...info, status: 0, faulted: true });
        res.destroy();
        return true;
      }
      if (!fault?.error) return false;
      const { status, type, message } = fault.error;
      reply(
        errorFor(
          service,
          status,
          type,
          message ?? `Injected fault: ${type}`,
          requestId,
        ),
        true,
      );
      return true;
    };

    const declared = Number(req.headers['content-length'] ?? 0);
    const body =
      declared > MAX_REQUEST_BODY_BYTES
        ? 'tooLarge'
        : await readBody(req, MAX_REQUEST_BODY_BYTES);
    if (body === 'aborted') return;
    if (body === 'tooLarge') {
      // Answer now and let the rest of the upload drain into nothing, so the
      // client reads the 413 instead of a reset connection.
      req.resume();
      res.setHeader('connection', 'close');
      reply(
        errorFor(
          service,
          413,
          service === 'eks'
            ? 'RequestEntityTooLargeException'
            : 'RequestEntityTooLarge',
          `Request must be smaller than ${MAX_REQUEST_BODY_BYTES} bytes`,
          requestId,
        ),
      );
      return;
    }

    const auth = verifySigV4(
      {
        method: req.method ?? 'GET',
        path,
        query,
        headers: headersOf(req),
        body,
      },
      {
        service,
        findCredential: id => options.identities.findCredential(id),
        nowMs: options.clock.nowMs(),
      },
    );
    if (!auth.ok) {
      const e = sigV4Error(auth.failure, service);
      reply(errorFor(service, e.status, e.code, e.message, requestId));
      return;
    }

    const fault = options.fault?.(info);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (!fault?.afterApplying && injectFault(fault)) return;

    if (service === 'sts') {
      if (req.method !== 'POST' && req.method !== 'GET') {
        reply(
          xmlError(
            405,
            'InvalidAction',
            `STS does not answer ${req.method}`,
            requestId,
          ),
        );
        return;
      }
      const params = stsParameters(query, body, req.headers['content-type']);
      const answer = handleStsAction(params, {
        caller: auth.credential,
        identities: options.identities,
        clock: options.clock,
        requestId,
        onChange: options.onChange,
      });
      if (!injectFault(fault)) reply(answer);
      return;
    }

    const response = handleEksRequest(
      { method: req.method ?? 'GET', path, query, body },
      { eks: options.eks, region: auth.region },
    );
    if (req.method !== 'GET' && response.status < 300) options.onChange?.();
    if (!injectFault(fault)) reply(response);
  };

  return (req, res, next) => {
    if ((req.url ?? '/').startsWith('/sandbox/')) {
      next?.();
      return false;
    }
    const requestId = randomUUID();
    const path = (req.url ?? '/').split('?')[0];
    const service: Service = path === '/' ? 'sts' : 'eks';
    const fail = (error: unknown) => {
      try {
        onError(error);
      } catch {
        // A failing error reporter must not take the server down.
      }
      try {
        send(
          res,
          requestId,
          service === 'eks'
            ? jsonError(
                500,
                'ServerException',
                'An internal error occurred in the sandbox.',
              )
            : xmlError(
                500,
                'InternalFailure',
                'An internal error occurred in the sandbox.',
                requestId,
              ),
        );
      } catch {
        res.destroy();
      }
    };
    serve(req, res, service, requestId).catch(fail);
    return true;
  };
}
