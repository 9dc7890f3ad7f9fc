import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4 } from '@eks-aiml/sandbox';
import { prometheusAuth, sigV4Auth } from './prometheusAuth';
import { PrometheusClient } from './prometheusClient';

const KEY = { accessKeyId: 'AKIAPROMTEST', secretAccessKey: 'secret-of-test' };
const SESSION = {
  accessKeyId: 'ASIAPROMTEST',
  secretAccessKey: 'session-secret',
  sessionToken: 'session-token',
};

/**
 * An Amazon Managed Prometheus stand-in: every request is checked by the sandbox's
 * SigV4 verifier (as AWS checks it, service `aps`) before a range query is answered.
 */
async function sigV4CheckingPrometheus() {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '/').split('?');
      const verdict = verifySigV4(
        {
          method: req.method!,
          path,
          query,
          headers: req.headers,
          body: Buffer.concat(chunks),
        },
        {
          service: 'aps',
          nowMs: Date.now(),
          findCredential: id =>
            [KEY, SESSION]
              .filter(c => c.accessKeyId === id)
              .map(c => ({ ...c, arn: 'arn:aws:iam::111122223333:user/t' }))[0],
        },
      );
      res.setHeader('content-type', 'application/json');
      if (!verdict.ok) {
        res.statusCode = 403;
        res.end(JSON.stringify({ message: verdict.failure.message }));
        return;
      }
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [{ metric: { region: verdict.region }, values: [] }],
          },
        }),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/workspaces/ws-0000/`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

const PARAMS = {
  query: 'avg_over_time(kube_pod_info{pod=~"a|b"}[60000ms])',
  start: '1780272059.999',
  end: '1780275599.999',
  step: '60',
};

describe('SigV4 for Amazon Managed Prometheus', () => {
  let amp: Awaited<ReturnType<typeof sigV4CheckingPrometheus>>;
  beforeAll(async () => {
    amp = await sigV4CheckingPrometheus();
  });
  afterAll(() => amp.close());

  it.each([
    ['long-term keys', KEY],
    ['temporary credentials with a session token', SESSION],
  ])('signs requests the verifier accepts, with %s', async (_name, keys) => {
    const client = new PrometheusClient({
      url: amp.url,
      auth: sigV4Auth({ region: 'eu-west-1', credentials: async () => keys }),
    });
    const answer = await client.queryRange(PARAMS);
    expect(answer.series[0].metric).toEqual({ region: 'eu-west-1' });
  });

  it('is refused with a wrong secret, and says so', async () => {
    const client = new PrometheusClient({
      url: amp.url,
      auth: prometheusAuth(
        { type: 'sigv4', region: 'us-east-1' },
        () => async () => ({ ...KEY, secretAccessKey: 'wrong' }),
      ),
    });
    await expect(client.queryRange(PARAMS)).rejects.toThrow(
      /answered 403: .*signature we calculated does not match/,
    );
  });

  it('sends a bearer token, or nothing', async () => {
    const request = {
      method: 'POST',
      url: new URL('http://p/'),
      headers: {},
      body: '',
    };
    const noCredentials = () => {
      throw new Error('not asked');
    };
    expect(
      await prometheusAuth(
        { type: 'bearer', token: 't0k' },
        noCredentials,
      )(request),
    ).toEqual({ authorization: 'Bearer t0k' });
    expect(
      await prometheusAuth({ type: 'none' }, noCredentials)(request),
    ).toEqual({});
  });
});
