import { isError, ServiceUnavailableError } from '@backstage/errors';
import {
  EvaluationGrid,
  MatrixAnswer,
  PrometheusMatrixSeries,
  readMatrixAnswerInSlices,
} from './matrixAnswer';
import type { RangeQueryParams } from './promql';

/**
 * An HTTP request to Prometheus before it is sent, for {@link PrometheusAuth} to sign.
 *
 * @public
 */
export interface PrometheusRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

/**
 * Adds authentication to a request: the headers to send with it (none, a bearer
 * token, or a SigV4 signature for Amazon Managed Prometheus).
 *
 * @public
 */
export type PrometheusAuth = (
  request: PrometheusRequest,
) => Promise<Record<string, string>>;

/**
 * A range query's answer: the series, one value per evaluation time (NaN where none),
 * and the warnings of a server that answered in part (e.g. Thanos or Cortex with a
 * store down).
 *
 * @public
 */
export interface PrometheusMatrix {
  series: PrometheusMatrixSeries[];
  warnings: string[];
}

/**
 * Options of {@link PrometheusClient}.
 *
 * @public
 */
export interface PrometheusClientOptions {
  /** The base URL: a Prometheus, or an Amazon Managed Prometheus workspace URL. */
  url: string;
  /** Authentication (default none). */
  auth?: PrometheusAuth;
  /** The fetch to use (default the global one); tests pass their own. */
  fetch?: typeof fetch;
}

/** The evaluation times a query's parameters ask for. */
function gridOf(params: RangeQueryParams): EvaluationGrid {
  const start = Number(params.start);
  const step = Number(params.step);
  return {
    startMs: Math.round(start * 1000),
    stepMs: step * 1000,
    points: Math.round((Number(params.end) - start) / step) + 1,
  };
}

const oneLine = (text: string, max = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/**
 * Runs range queries against one Prometheus HTTP API (`POST /api/v1/query_range`, so
 * long selectors never hit URL limits). Every failure is a ServiceUnavailableError
 * whose message names the server (its URL without credentials or query) and says what
 * it answered; a bearer token or signature never appears in one.
 *
 * @public
 */
export class PrometheusClient {
  /** `Prometheus at <url>`, for messages. */
  readonly description: string;
  private readonly endpoint: URL;
  private readonly auth: PrometheusAuth;
  private readonly fetch: typeof fetch;

  constructor(options: PrometheusClientOptions) {
    const base = new URL(options.url);
    const shown = `${base.origin}${base.pathname}`;
    this.description = `Prometheus at ${shown}`;
    base.username = '';
    base.password = '';
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.endpoint = new URL('api/v1/query_range', base);
    this.auth = options.auth ?? (async () => ({}));
    this.fetch = options.fetch ?? fetch;
  }

  /**
   * The matrix of one range query, one value per evaluation time; the signal aborts it
   * (the caller's deadline).
   */
  async queryRange(
    params: RangeQueryParams,
    signal?: AbortSignal,
  ): Promise<PrometheusMatrix> {
    const body = new URLSearchParams({ ...params }).toString();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      // Prometheus would gzip the matrix (tens of MB for weeks of minutes) at a CPU
      // cost ten times that of sending it plainly over a data-centre network.
      'accept-encoding': 'identity',
    };
    const request = { method: 'POST', url: this.endpoint, headers, body };
    let res: Response;
    let text: string;
    try {
      const signed = await this.auth(request);
      res = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: { ...headers, ...signed },
        body,
        signal,
        redirect: 'error',
      });
      text = await res.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // fetch reports the network's reason (refused, DNS, TLS) as the error's cause.
      const cause = isError(error)
        ? (isError(error.cause) ? error.cause.message : undefined) ??
          error.message
        : undefined;
      throw new ServiceUnavailableError(
        `${this.description} cannot be reached: ${cause ?? String(error)}`,
      );
    }
    let answer: MatrixAnswer | undefined;
    try {
      answer = await readMatrixAnswerInSlices(text, gridOf(params));
    } catch {
      answer = undefined;
    }
    const envelope = answer?.envelope;
    if (!res.ok || envelope?.status !== 'success') {
      const reason =
        envelope?.error !== undefined
          ? `${envelope.errorType ?? 'error'}: ${envelope.error}`
          : text;
      throw new ServiceUnavailableError(
        `${this.description} answered ${res.status}: ${oneLine(reason)}`,
      );
    }
    if (!answer?.series) {
      throw new ServiceUnavailableError(
        `${this.description} answered a ${oneLine(
          String(envelope.data?.resultType),
          40,
        )} where a range query gives a matrix`,
      );
    }
    return {
      series: answer.series,
      warnings: Array.isArray(envelope.warnings)
        ? envelope.warnings.map(String)
        : [],
    };
  }
}
