import { ServiceUnavailableError } from '@backstage/errors';
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
 * One series of a range query's answer, as Prometheus sends it.
 *
 * @public
 */
export interface PrometheusMatrixSeries {
  /** The series' labels (`avg_over_time` drops the metric name). */
  metric: Record<string, string>;
  /** `[epoch seconds, "value"]` for the evaluation times that had samples. */
  values: Array<[number, string]>;
}

/**
 * A range query's answer: the series, and the warnings of a server that answered in
 * part (e.g. Thanos or Cortex with a store down).
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

  /** The matrix of one range query; the signal aborts it (the caller's deadline). */
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
      const cause = (error as any)?.cause?.message ?? (error as any)?.message;
      throw new ServiceUnavailableError(
        `${this.description} cannot be reached: ${cause ?? String(error)}`,
      );
    }
    let answer: any;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    if (!res.ok || answer?.status !== 'success') {
      const reason =
        answer?.error !== undefined
          ? `${answer.errorType ?? 'error'}: ${answer.error}`
          : text;
      throw new ServiceUnavailableError(
        `${this.description} answered ${res.status}: ${oneLine(reason)}`,
      );
    }
    if (
      answer.data?.resultType !== 'matrix' ||
      !Array.isArray(answer.data.result)
    ) {
      throw new ServiceUnavailableError(
        `${this.description} answered a ${oneLine(
          String(answer.data?.resultType),
          40,
        )} where a range query gives a matrix`,
      );
    }
    return {
      series: answer.data.result,
      warnings: Array.isArray(answer.warnings)
        ? answer.warnings.map(String)
        : [],
    };
  }
}
