import { ServiceUnavailableError } from '@backstage/errors';
import { PrometheusClient } from './prometheusClient';

const PARAMS = { query: 'up{}', start: '1', end: '2', step: '1' };

/** A fetch answering with one response, recording what it was asked. */
function fetchAnswering(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fake = (async (url: any, init: any) => {
    calls.push({ url: String(url), init });
    return new Response(
      typeof body === 'string' ? body : JSON.stringify(body),
      { status },
    );
  }) as typeof fetch;
  return { fake, calls };
}

const matrix = (result: unknown[], extra: object = {}) => ({
  status: 'success',
  data: { resultType: 'matrix', result },
  ...extra,
});

describe('PrometheusClient', () => {
  it('POSTs the query as a form under the base path, with the auth headers', async () => {
    const { fake, calls } = fetchAnswering(
      200,
      matrix([{ metric: { pod: 'a' }, values: [[1, '0.5']] }], {
        warnings: ['store eu-1 unavailable'],
      }),
    );
    const client = new PrometheusClient({
      url: 'https://aps.example/workspaces/ws-1?x=y',
      auth: async () => ({ authorization: 'Bearer s3cret' }),
      fetch: fake,
    });
    const answer = await client.queryRange(PARAMS);
    // One value per evaluation time (start 1 s, end 2 s, step 1 s): NaN without a point.
    expect(answer).toEqual({
      series: [{ metric: { pod: 'a' }, values: Float64Array.from([0.5, NaN]) }],
      warnings: ['store eu-1 unavailable'],
    });
    expect(calls[0].url).toBe(
      'https://aps.example/workspaces/ws-1/api/v1/query_range',
    );
    expect(calls[0].init).toMatchObject({
      method: 'POST',
      body: 'query=up%7B%7D&start=1&end=2&step=1',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'accept-encoding': 'identity',
        authorization: 'Bearer s3cret',
      },
    });
    expect(client.description).toBe(
      'Prometheus at https://aps.example/workspaces/ws-1',
    );
  });

  it.each([
    [
      503,
      { status: 'error', errorType: 'unavailable', error: 'too many queries' },
      'Prometheus at http://prom.example/ answered 503: unavailable: too many queries',
    ],
    [
      422,
      { status: 'error', errorType: 'execution', error: 'query timed out' },
      'Prometheus at http://prom.example/ answered 422: execution: query timed out',
    ],
    [
      502,
      '<html>\n  <body>Bad gateway</body>\n</html>',
      'Prometheus at http://prom.example/ answered 502: <html> <body>Bad gateway</body> </html>',
    ],
    [
      200,
      { status: 'success', data: { resultType: 'vector', result: [] } },
      'Prometheus at http://prom.example/ answered a vector where a range query gives a matrix',
    ],
  ])(
    'turns an answer %d into a 503 naming the server',
    async (status, body, text) => {
      const client = new PrometheusClient({
        url: 'http://prom.example/',
        auth: async () => ({ authorization: 'Bearer s3cret' }),
        fetch: fetchAnswering(status, body).fake,
      });
      const error = await client.queryRange(PARAMS).catch(e => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(text);
      expect(error.message).not.toContain('s3cret');
    },
  );

  it('says when the server cannot be reached, without credentials of the URL', async () => {
    const client = new PrometheusClient({
      url: 'http://user:pw@127.0.0.1:1/prometheus/',
      fetch: (async () => {
        throw new TypeError('fetch failed', {
          cause: new Error('connect ECONNREFUSED 127.0.0.1:1'),
        });
      }) as typeof fetch,
    });
    const error = await client.queryRange(PARAMS).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'Prometheus at http://127.0.0.1:1/prometheus/ cannot be reached: connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
