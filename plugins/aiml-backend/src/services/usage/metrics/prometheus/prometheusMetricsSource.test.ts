import { ServiceUnavailableError } from '@backstage/errors';
import { PrometheusClient } from './prometheusClient';
import {
  PrometheusMetricsSource,
  PrometheusRangeReader,
} from './prometheusMetricsSource';

const START = Date.parse('2026-06-01T00:00:00Z');
const WINDOW = { startMs: START, endMs: START + 4 * 60_000, stepSeconds: 60 };

type Answer = (form: URLSearchParams) => unknown;

function client(answer: Answer, queries: string[] = []) {
  return new PrometheusClient({
    url: 'http://prom.example/',
    fetch: (async (_url: any, init: any) => {
      const form = new URLSearchParams(init.body);
      queries.push(form.get('query')!);
      const body: any = answer(form);
      return new Response(JSON.stringify(body), {
        status: body.status === 'error' ? 400 : 200,
      });
    }) as typeof fetch,
  });
}

const matrix = (result: unknown[], warnings?: string[]) => ({
  status: 'success',
  data: { resultType: 'matrix', result },
  ...(warnings ? { warnings } : {}),
});

describe('PrometheusRangeReader', () => {
  it('puts each evaluation at its step, NaN where the series had no sample', async () => {
    const queries: string[] = [];
    const reader = new PrometheusRangeReader(
      client(form => {
        const first = Number(form.get('start'));
        // Steps 0, 1 and 3 have samples; step 2 has none.
        return matrix([
          {
            metric: { node: 'n1' },
            values: [
              [first, '8'],
              [first + 60, '7.5'],
              [first + 180, '8'],
            ],
          },
        ]);
      }, queries),
      { matchers: c => [{ label: 'cluster', op: '=', value: c }] },
    );
    const series = await reader.range(
      'ml-prod',
      { metric: 'kube_node_status_capacity' },
      WINDOW,
    );
    expect(series).toHaveLength(1);
    expect(series[0].labels).toEqual({ node: 'n1' });
    expect(Array.from(series[0].values)).toEqual([8, 7.5, NaN, 8]);
    expect(queries).toEqual([
      'avg_over_time(kube_node_status_capacity{cluster="ml-prod"}[60000ms])',
    ]);
  });
});

describe('PrometheusMetricsSource', () => {
  it('returns the warnings of answers given in part', async () => {
    const source = new PrometheusMetricsSource({
      client: client(() => matrix([], ['store eu-1 unavailable'])),
      timeoutMs: 5000,
    });
    expect(await source.load('c1', WINDOW)).toEqual({
      nodes: [],
      pods: [],
      warnings: ['store eu-1 unavailable'],
    });
  });

  it('fails a load that outlasts its timeout, naming the server, in bounded time', async () => {
    const hanging = new PrometheusClient({
      url: 'http://prom.example/',
      fetch: ((_url: any, init: any) =>
        new Promise((_resolve, reject) =>
          init.signal.addEventListener('abort', () =>
            reject(init.signal.reason),
          ),
        )) as typeof fetch,
    });
    const source = new PrometheusMetricsSource({
      client: hanging,
      timeoutMs: 200,
    });
    const t0 = Date.now();
    const error = await source.load('c1', WINDOW).catch(e => e);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'Prometheus at http://prom.example/ did not answer within 0.2 s (metrics.timeout of the cluster)',
    );
  });

  it('fails a load when any query fails', async () => {
    const source = new PrometheusMetricsSource({
      client: client(form =>
        form.get('query')!.includes('kube_node_info')
          ? { status: 'error', errorType: 'bad_data', error: 'parse error' }
          : matrix([]),
      ),
      timeoutMs: 5000,
    });
    await expect(source.load('c1', WINDOW)).rejects.toThrow(
      'Prometheus at http://prom.example/ answered 400: bad_data: parse error',
    );
  });
});
