import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxClock } from '../clock';
import { ecrError, ecrOperationOf, handleEcrRequest } from './ecr';
import { ec2Error, handleEc2Request } from './ec2SpotApi';
import { EcrState } from './ecrState';
import { eksOperationOf, handleEksRequest } from './eks';
import { EksState } from './eksState';
import { IdentityStore } from './identities';
import { handlePriceListRequest, priceListOperationOf } from './priceListApi';
import { awsJsonError, AwsResponse, jsonError, xmlError } from './responses';
import { handleS3Request } from './s3';
import { entityTooLarge, S3Error } from './s3Errors';
import { s3OperationOf } from './s3Routes';
import { MAX_S3_REQUEST_BYTES, S3State } from './s3State';
import { s3ErrorResponse } from './s3Xml';
import { signingNameOf, sigV4Error, verifySigV4 } from './sigv4';
import { handleStsAction, stsParameters } from './sts';

/** EKS and STS refuse request bodies over 1 MiB. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** What {@link createAwsRequestHandler} serves. */
export interface AwsRequestHandlerOptions {
  clock: SandboxClock;
  identities: IdentityStore;
  eks: EksState;
  s3: S3State;
  /** ECR's registries; without it, ECR requests are answered as an unknown operation. */
  ecr?: EcrState;
  /** Called after a request changed persisted state (AssumeRole, EKS writes; S3 is not persisted), e.g. to persist it. */
  onChange?: () => void;
  /** Told about unexpected errors (answered 500); stderr by default. */
  onError?: (error: unknown) => void;
  /** Told about every EKS, STS and S3 request answered: a request log for tests. */
  onRequest?: (record: AwsRequestRecord) => void;
  /** Fault injection for tests: may slow down, fail or drop an authenticated request. */
  fault?: (request: AwsRequestInfo) => AwsFault | undefined;
}

/** An authenticated request, as the request log and fault injection see it. */
export interface AwsRequestInfo {
  service: 'eks' | 'sts' | 's3' | 'ecr' | 'ec2' | 'pricing';
  /** The EKS, S3, ECR or Price List operation, e.g. `CreateAccessEntry`, `PutObject`, `PutImage`, `GetProducts`; undefined for STS, EC2 (the action is in the body) and unknown requests. */
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
 * A node request listener: answers EKS, STS and S3, and returns false (after
 * calling `next`, if given) for `/sandbox/…` paths, which belong to the
 * sandbox's own admin API.
 */
export type AwsRequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => boolean;

type Service = AwsRequestInfo['service'];

/** What differs between the services' wire protocols around their operations. */
interface Protocol {
  maxBodyBytes: number;
  /**
   * Whether the signature covers a claim about the body (S3's
   * x-amz-content-sha256) rather than the body: then it is checked before the
   * body is read, as S3 does with uploads of up to gigabytes.
   */
  signsPayloadClaim: boolean;
  error(
    status: number,
    code: string,
    message: string,
    requestId: string,
    method: string,
  ): AwsResponse;
  tooLarge(
    declaredBytes: number,
    requestId: string,
    method: string,
  ): AwsResponse;
  /** The code of an unexpected failure (HTTP 500). */
  internalError: string;
  operationOf(
    method: string,
    path: string,
    query: string,
    target?: string,
  ): string | undefined;
}

const PROTOCOLS: Record<Service, Protocol> = {
  eks: {
    maxBodyBytes: MAX_REQUEST_BODY_BYTES,
    signsPayloadClaim: false,
    error: (status, code, message) => jsonError(status, code, message),
    tooLarge: () =>
      jsonError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_REQUEST_BODY_BYTES} bytes`,
      ),
    internalError: 'ServerException',
    operationOf: eksOperationOf,
  },
  sts: {
    maxBodyBytes: MAX_REQUEST_BODY_BYTES,
    signsPayloadClaim: false,
    error: (status, code, message, requestId) =>
      xmlError(status, code, message, requestId),
    tooLarge: (_declared, requestId) =>
      xmlError(
        413,
        'RequestEntityTooLarge',
        `Request must be smaller than ${MAX_REQUEST_BODY_BYTES} bytes`,
        requestId,
      ),
    internalError: 'InternalFailure',
    operationOf: () => undefined,
  },
  ecr: {
    maxBodyBytes: MAX_REQUEST_BODY_BYTES,
    signsPayloadClaim: false,
    error: (status, code, message) => ecrError(status, code, message),
    tooLarge: () =>
      ecrError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_REQUEST_BODY_BYTES} bytes`,
      ),
    internalError: 'ServerException',
    operationOf: (_method, _path, _query, target) => ecrOperationOf(target),
  },
  s3: {
    maxBodyBytes: MAX_S3_REQUEST_BYTES,
    signsPayloadClaim: true,
    error: (status, code, message, requestId, method) =>
      s3ErrorResponse(new S3Error(status, code, message), requestId, method),
    tooLarge: (declared, requestId, method) =>
      s3ErrorResponse(
        entityTooLarge(declared, MAX_S3_REQUEST_BYTES),
        requestId,
        method,
      ),
    internalError: 'InternalError',
    operationOf: s3OperationOf,
  },
  ec2: {
    maxBodyBytes: MAX_REQUEST_BODY_BYTES,
    signsPayloadClaim: false,
    error: (status, code, message, requestId) =>
      ec2Error(status, code, message, requestId),
    tooLarge: (_declared, requestId) =>
      ec2Error(
        413,
        'RequestEntityTooLarge',
        `Request must be smaller than ${MAX_REQUEST_BODY_BYTES} bytes`,
        requestId,
      ),
    internalError: 'InternalError',
    operationOf: () => undefined,
  },
  pricing: {
    maxBodyBytes: MAX_REQUEST_BODY_BYTES,
    signsPayloadClaim: false,
    error: (status, code, message) => awsJsonError(status, code, message),
    tooLarge: () =>
      awsJsonError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_REQUEST_BODY_BYTES} bytes`,
      ),
    internalError: 'InternalErrorException',
    operationOf: (_method, _path, _query, target) =>
      priceListOperationOf(target),
  },
};

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

/**
 * The service a request is for: S3, ECR, EC2 or the Price List when its
 * signature is scoped to `s3`, `ecr`, `ec2` or `pricing`, else STS for `/` and EKS
 * for everything else (whose signatures must then be scoped to that service).
 */
function serviceOf(req: IncomingMessage): Service {
  const [path, query = ''] = (req.url ?? '/').split(/\?(.*)/s);
  const signingName = signingNameOf({ headers: headersOf(req), query });
  if (
    signingName === 's3' ||
    signingName === 'ecr' ||
    signingName === 'ec2' ||
    signingName === 'pricing'
  ) {
    return signingName;
  }
  return path === '/' ? 'sts' : 'eks';
}

/**
 * The EKS, STS and S3 endpoint of the sandbox: reads the body (1 MiB at most;
 * for S3 {@link MAX_S3_REQUEST_BYTES}, once the signature is checked),
 * verifies SigV4 and dispatches. Never throws: unexpected errors are answered
 * with 500.
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
    const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
    const length = r.headers['content-length'] ?? String(body.length);
    res.writeHead(r.status, {
      ...r.headers,
      // 204 and 304 carry no body and must not declare one.
      ...(r.status === 204 || r.status === 304
        ? {}
        : { 'content-length': length }),
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
    const protocol = PROTOCOLS[service];
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    const info: AwsRequestInfo = {
      service,
      operation: protocol.operationOf(
        method,
        path,
        query,
        req.headers['x-amz-target'] as string | undefined,
      ),
      method,
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
    /** Answers without reading the rest of the body: it drains into nothing, so the client reads the answer instead of a reset connection. */
    const replyEarly = (r: AwsResponse) => {
      req.resume();
      res.setHeader('connection', 'close');
      reply(r);
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
        protocol.error(
          status,
          type,
          message ?? `Injected fault: ${type}`,
          requestId,
          method,
        ),
        true,
      );
      return true;
    };
    /** The body, or undefined once answered (too large) or abandoned by the client. */
    const receiveBody = async (): Promise<Buffer | undefined> => {
      const declared = Number(req.headers['content-length'] ?? 0);
      const body =
        declared > protocol.maxBodyBytes
          ? 'tooLarge'
          : await readBody(req, protocol.maxBodyBytes);
      if (body === 'tooLarge') {
        replyEarly(protocol.tooLarge(declared, requestId, method));
        return undefined;
      }
      return body === 'aborted' ? undefined : body;
    };

    let body = protocol.signsPayloadClaim ? undefined : await receiveBody();
    if (!protocol.signsPayloadClaim && !body) return;
    const auth = verifySigV4(
      {
        method,
        path,
        query,
        headers: headersOf(req),
        // Under S3's rules the signature covers x-amz-content-sha256, not the unread body.
        body: body ?? Buffer.alloc(0),
      },
      {
        service,
        s3: protocol.signsPayloadClaim,
        findCredential: id => options.identities.findCredential(id),
        nowMs: options.clock.nowMs(),
      },
    );
    if (!auth.ok) {
      const e = sigV4Error(auth.failure, service);
      const answer = protocol.error(
        e.status,
        e.code,
        e.message,
        requestId,
        method,
      );
      if (body) reply(answer);
      else replyEarly(answer);
      return;
    }
    body ??= await receiveBody();
    if (!body) return;

    const fault = options.fault?.(info);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (!fault?.afterApplying && injectFault(fault)) return;

    if (service === 's3') {
      const answer = handleS3Request(
        {
          method,
          path,
          query,
          headers: req.headers,
          body,
          payloadHash: auth.payloadHash,
          region: auth.region,
        },
        { state: options.s3, requestId },
      );
      if (!injectFault(fault)) reply(answer);
      return;
    }

    if (service === 'ecr') {
      const answer = options.ecr
        ? handleEcrRequest(
            {
              target: req.headers['x-amz-target'] as string | undefined,
              body,
            },
            { ecr: options.ecr, region: auth.region },
          )
        : ecrError(400, 'UnknownOperationException', 'ECR is not served');
      if (!injectFault(fault)) reply(answer);
      return;
    }

    if (service === 'pricing') {
      const answer = handlePriceListRequest({
        target: req.headers['x-amz-target'] as string | undefined,
        body,
      });
      if (!injectFault(fault)) reply(answer);
      return;
    }

    if (service === 'ec2') {
      const answer = handleEc2Request(
        stsParameters(query, body, req.headers['content-type']),
        { region: auth.region, nowMs: options.clock.nowMs(), requestId },
      );
      if (!injectFault(fault)) reply(answer);
      return;
    }

    if (service === 'sts') {
      if (method !== 'POST' && method !== 'GET') {
        reply(
          xmlError(
            405,
            'InvalidAction',
            `STS does not answer ${method}`,
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
      { method, path, query, body },
      { eks: options.eks, region: auth.region },
    );
    if (method !== 'GET' && response.status < 300) options.onChange?.();
    if (!injectFault(fault)) reply(response);
  };

  return (req, res, next) => {
    if ((req.url ?? '/').startsWith('/sandbox/')) {
      next?.();
      return false;
    }
    const requestId = randomUUID();
    const service = serviceOf(req);
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
          PROTOCOLS[service].error(
            500,
            PROTOCOLS[service].internalError,
            'An internal error occurred in the sandbox.',
            requestId,
            req.method ?? 'GET',
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
