import { SignatureV4 } from '@smithy/signature-v4';
import { SandboxClock } from '../clock';
import { SANDBOX_ACCOUNT_ID } from '../types';
import { PORTAL_ROLE, SSO_ROLE, TEST_CLUSTERS } from './__testUtils__/awsWorld';
import { EksState } from './eksState';
import { signEksToken, verifyEksToken } from './eksToken';
import { IdentityStore, SANDBOX_ADMIN_ARN } from './identities';
import { NodeSha256 } from './sha256';

const STS = 'http://127.0.0.1:45678';

function setup() {
  const clock = new SandboxClock();
  const identities = IdentityStore.create(clock, [PORTAL_ROLE, SSO_ROLE]);
  const ctx = { clock, identities, stsEndpoint: STS };
  const eks = EksState.create(TEST_CLUSTERS, ctx);
  return { clock, identities, ctx, eks, admin: identities.adminCredential() };
}

function decode(token: string): URL {
  return new URL(
    Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
  );
}

function encode(url: string): string {
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}

describe('EKS tokens', () => {
  it('verifies a token for its cluster as the signing principal', async () => {
    const { clock, ctx, eks, admin } = setup();
    const token = await signEksToken(admin, 'ml-use1-a', STS, clock);
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = decode(token);
    expect(url.host).toBe('127.0.0.1:45678');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(verifyEksToken(token, 'ml-use1-a', ctx)).toEqual({
      ok: true,
      principal: {
        arn: SANDBOX_ADMIN_ARN,
        account: SANDBOX_ACCOUNT_ID,
        userId: expect.stringMatching(/^AIDA/),
        principalArn: SANDBOX_ADMIN_ARN,
      },
    });
    expect(await eks.verifyToken(token, 'ml-use1-a')).toMatchObject({
      principalArn: SANDBOX_ADMIN_ARN,
    });
  });

  it('stands an assumed role session for its role ARN (with path) and session name', async () => {
    const { clock, ctx, identities } = setup();
    const session = identities.issueRoleCredential({
      roleArn: SSO_ROLE.arn,
      sessionName: 'maya',
      durationSeconds: 3600,
    });
    const token = await signEksToken(session, 'ml-use1-a', STS, clock);
    expect(verifyEksToken(token, 'ml-use1-a', ctx)).toEqual({
      ok: true,
      principal: {
        arn: `arn:aws:sts::${SANDBOX_ACCOUNT_ID}:assumed-role/AWSReservedSSO_MLLead_0123abcd/maya`,
        account: SANDBOX_ACCOUNT_ID,
        userId: expect.stringMatching(/^AROA[A-Z2-7]{17}:maya$/),
        principalArn: SSO_ROLE.arn,
        sessionName: 'maya',
      },
    });
  });

  it('refuses a token made for another cluster', async () => {
    const { clock, ctx, eks, admin } = setup();
    const token = await signEksToken(admin, 'ml-use1-b', STS, clock);
    expect(verifyEksToken(token, 'ml-use1-a', ctx)).toEqual({
      ok: false,
      reason: 'the token is not signed for cluster ml-use1-a, or was altered',
    });
    expect(await eks.verifyToken(token, 'ml-use1-a')).toBeUndefined();
    expect(await eks.verifyToken(token, 'no-such-cluster')).toBeUndefined();
  });

  it('honours X-Amz-Expires on the sandbox clock, up to 15 minutes', async () => {
    const { clock, ctx, admin } = setup();
    const short = await signEksToken(admin, 'ml-use1-a', STS, clock);
    const long = await signEksToken(admin, 'ml-use1-a', STS, clock, {
      expiresSeconds: 900,
    });
    const tooLong = await signEksToken(admin, 'ml-use1-a', STS, clock, {
      expiresSeconds: 901,
    });
    expect(verifyEksToken(tooLong, 'ml-use1-a', ctx)).toMatchObject({
      ok: false,
    });

    clock.advance(61_000);
    expect(verifyEksToken(short, 'ml-use1-a', ctx)).toEqual({
      ok: false,
      reason: 'the token has expired',
    });
    expect(verifyEksToken(long, 'ml-use1-a', ctx).ok).toBe(true);

    clock.advance(900_000);
    expect(verifyEksToken(long, 'ml-use1-a', ctx).ok).toBe(false);
  });

  it('refuses a token whose temporary credentials expired', async () => {
    const { clock, ctx, identities } = setup();
    const session = identities.issueRoleCredential({
      roleArn: SSO_ROLE.arn,
      sessionName: 'brief',
      durationSeconds: 900,
    });
    clock.advance(890_000);
    const token = await signEksToken(session, 'ml-use1-a', STS, clock);
    expect(verifyEksToken(token, 'ml-use1-a', ctx).ok).toBe(true);
    clock.advance(20_000);
    expect(verifyEksToken(token, 'ml-use1-a', ctx)).toMatchObject({
      ok: false,
      reason: 'The security token included in the request is expired',
    });
  });

  it('refuses tampered tokens', async () => {
    const { clock, ctx, admin } = setup();
    const token = await signEksToken(admin, 'ml-use1-a', STS, clock);
    const url = decode(token);
    const variants: Record<string, string> = {};

    const badSignature = new URL(url);
    const sig = badSignature.searchParams.get('X-Amz-Signature')!;
    badSignature.searchParams.set(
      'X-Amz-Signature',
      `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`,
    );
    variants.signature = encode(badSignature.toString());

    const otherHost = new URL(url);
    otherHost.host = '127.0.0.1:1';
    variants.host = encode(otherHost.toString());

    const otherAction = new URL(url);
    otherAction.searchParams.set('Action', 'AssumeRole');
    variants.action = encode(otherAction.toString());

    const extra = new URL(url);
    extra.searchParams.set('RoleArn', PORTAL_ROLE.arn);
    variants.extraParameter = encode(extra.toString());

    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '600');
    variants.expires = encode(longer.toString());

    variants.padded = `${token}=`;
    variants.prefix = token.replace('k8s-aws-v1.', 'k8s-aws-v2.');
    variants.garbage = 'k8s-aws-v1.bm90IGEgdXJs';

    for (const [name, variant] of Object.entries(variants)) {
      expect({
        name,
        ok: verifyEksToken(variant, 'ml-use1-a', ctx).ok,
      }).toEqual({ name, ok: false });
    }
  });

  it('accepts tokens presigned by other signers: any region, expiresIn 0 as EKS 15 minutes, encodeURIComponent encoding', async () => {
    const { clock, ctx, identities } = setup();
    const session = identities.issueRoleCredential({
      roleArn: PORTAL_ROLE.arn,
      sessionName: 'backstage',
      durationSeconds: 3600,
    });
    // The way Backstage's AwsIamStrategy builds its token, against the sandbox host.
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: session.accessKeyId,
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
      },
      region: 'us-west-2',
      service: 'sts',
      sha256: NodeSha256,
    });
    const request = await signer.presign(
      {
        headers: { host: '127.0.0.1:45678', 'x-k8s-aws-id': 'ml-usw2' },
        hostname: '127.0.0.1',
        port: 45678,
        method: 'GET',
        path: '/',
        protocol: 'http:',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      },
      { expiresIn: 0, signingDate: clock.now() },
    );
    const query = Object.keys(request.query ?? {})
      .map(
        q =>
          `${encodeURIComponent(q)}=${encodeURIComponent(
            request.query?.[q] as string,
          )}`,
      )
      .join('&');
    const token = encode(`http://127.0.0.1:45678/?${query}`);
    clock.advance(14 * 60_000);
    expect(verifyEksToken(token, 'ml-usw2', ctx)).toMatchObject({
      ok: true,
      principal: { principalArn: PORTAL_ROLE.arn, sessionName: 'backstage' },
    });
    clock.advance(2 * 60_000);
    expect(verifyEksToken(token, 'ml-usw2', ctx).ok).toBe(false);
  });
});
