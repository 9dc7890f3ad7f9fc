import { signEksToken } from './eksToken';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const body = token.slice('k8s-aws-v1.'.length);
  expect(body).not.toMatch(/[=+/]/); // base64url without padding
  return new URL(Buffer.from(body, 'base64url').toString());
}

describe('signEksToken', () => {
  it('presigns GetCallerIdentity at the regional STS endpoint with the cluster header signed', async () => {
    const { token, expiresAtMs } = await signEksToken({
      clusterName: 'ml-prod',
      region: 'us-west-2',
      credentials,
      nowMs: Date.UTC(2026, 0, 1),
    });
    const url = decode(token);
    expect(url.host).toBe('sts.us-west-2.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260101T000000Z');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20260101/us-west-2/sts/aws4_request',
    );
    expect(expiresAtMs).toBe(Date.UTC(2026, 0, 1) + 60_000);
  });

  it('signs differently for another cluster', async () => {
    const sign = (clusterName: string) =>
      signEksToken({
        clusterName,
        region: 'us-east-1',
        credentials,
        nowMs: 0,
      }).then(t => decode(t.token).searchParams.get('X-Amz-Signature'));
    expect(await sign('a')).not.toBe(await sign('b'));
  });

  it('carries the session token of temporary credentials', async () => {
    const { token } = await signEksToken({
      clusterName: 'ml-prod',
      region: 'us-east-1',
      credentials: { ...credentials, sessionToken: 'session/with+chars=' },
      stsEndpoint: 'http://127.0.0.1:4566',
    });
    const url = decode(token);
    expect(url.host).toBe('127.0.0.1:4566');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(
      'session/with+chars=',
    );
  });
});
