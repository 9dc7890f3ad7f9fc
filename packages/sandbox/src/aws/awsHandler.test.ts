import { SANDBOX_ACCOUNT_ID } from '../types';
import { AwsWorld, signedFetch, startAwsWorld } from './__testUtils__/awsWorld';
import { signEksToken } from './eksToken';
import { MAX_REQUEST_BODY_BYTES } from './awsHandler';

describe('the AWS endpoint over raw HTTP', () => {
  let world: AwsWorld;

  beforeAll(async () => {
    world = await startAwsWorld();
  });

  afterAll(async () => {
    await world.close();
  });

  const createEntry = (
    body: string,
    tamper?: Parameters<typeof signedFetch>[1]['tamper'],
  ) =>
    signedFetch(world, {
      service: 'eks',
      method: 'POST',
      path: '/clusters/ml-use1-a/access-entries',
      headers: { 'content-type': 'application/json' },
      body,
      tamper,
    });

  it('answers a signed request, with the sandbox clock in Date and a request id', async () => {
    const res = await signedFetch(world, {
      service: 'eks',
      method: 'GET',
      path: '/clusters',
      query: { maxResults: '1' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      clusters: ['ml-use1-a'],
      nextToken: expect.any(String),
    });
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      Math.abs(Date.parse(res.headers.get('date')!) - world.clock.nowMs()),
    ).toBeLessThan(2000);
  });

  it('refuses malformed JSON with 400 SerializationException', async () => {
    const res = await createEntry('{"principalArn": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(await res.json()).toEqual({ message: expect.any(String) });
  });

  it('refuses wrongly typed members with 400 SerializationException and ignores unknown ones', async () => {
    const wrong = await createEntry('{"principalArn": 42}');
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('x-amzn-errortype')).toBe(
      'SerializationException',
    );

    const extra = await createEntry(
      JSON.stringify({
        principalArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/extra`,
        someFutureMember: { nested: true },
      }),
    );
    expect(extra.status).toBe(200);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await createEntry(
      JSON.stringify({ pad: 'x'.repeat(MAX_REQUEST_BODY_BYTES) }),
    );
    expect(res.status).toBe(413);
    expect(res.headers.get('x-amzn-errortype')).toBe(
      'RequestEntityTooLargeException',
    );
  });

  it('refuses a body changed after signing with 403 InvalidSignatureException', async () => {
    const principalArn = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/tamper`;
    const res = await createEntry(JSON.stringify({ principalArn }), request => {
      request.body = JSON.stringify({ principalArn: `${principalArn}2` });
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe(
      'InvalidSignatureException',
    );
    expect(
      world.eks.accessEntry('ml-use1-a', `${principalArn}2`),
    ).toBeUndefined();
  });

  it('refuses a forged signature', async () => {
    const res = await signedFetch(world, {
      service: 'eks',
      method: 'GET',
      path: '/clusters',
      tamper: request => {
        request.headers.authorization = request.headers.authorization.replace(
          /Signature=[0-9a-f]{64}/,
          `Signature=${'0'.repeat(64)}`,
        );
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe(
      'InvalidSignatureException',
    );
  });

  it('refuses unsigned requests with 403 MissingAuthenticationToken', async () => {
    const eks = await fetch(`${world.endpoint}/clusters`);
    expect(eks.status).toBe(403);
    expect(eks.headers.get('x-amzn-errortype')).toBe(
      'MissingAuthenticationTokenException',
    );
    const sts = await fetch(
      `${world.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`,
    );
    expect(sts.status).toBe(403);
    expect(await sts.text()).toContain(
      '<Code>MissingAuthenticationToken</Code>',
    );
  });

  it('answers STS errors in the query protocol XML', async () => {
    const res = await signedFetch(world, {
      service: 'sts',
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetSessionToken&Version=2011-06-15',
    });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>InvalidAction<\/Code>\s*<Message>Could not find operation GetSessionToken for version 2011-06-15<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>/,
    );
  });

  it('answers GetCallerIdentity for a presigned GET (an EKS token URL, with its header)', async () => {
    const token = await signEksToken(
      world.admin,
      'ml-use1-a',
      world.endpoint,
      world.clock,
    );
    const url = Buffer.from(
      token.slice('k8s-aws-v1.'.length),
      'base64url',
    ).toString();
    const res = await fetch(url, { headers: { 'x-k8s-aws-id': 'ml-use1-a' } });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    );
    expect(xml).toContain(
      `<Arn>arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/sandbox-admin</Arn>`,
    );
    const other = await fetch(url, {
      headers: { 'x-k8s-aws-id': 'ml-use1-b' },
    });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('answers an operation it does not emulate with 404 UnknownOperationException', async () => {
    const res = await signedFetch(world, {
      service: 'eks',
      method: 'POST',
      path: '/clusters',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe(
      'UnknownOperationException',
    );
  });

  it('leaves /sandbox/ paths to the next handler', async () => {
    const res = await fetch(`${world.endpoint}/sandbox/clock`);
    expect(res.status).toBe(418);
  });

  it('answers unexpected errors with 500 and no stack', async () => {
    const spy = jest.spyOn(world.eks, 'clusters').mockImplementation(() => {
      throw new Error('boom at secret/place.ts:1');
    });
    try {
      const res = await signedFetch(world, {
        service: 'eks',
        method: 'GET',
        path: '/clusters',
      });
      expect(res.status).toBe(500);
      expect(res.headers.get('x-amzn-errortype')).toBe('ServerException');
      const text = await res.text();
      expect(text).not.toContain('boom');
      expect(text).not.toContain('.ts');
      expect(world.errors).toHaveLength(1);
    } finally {
      spy.mockRestore();
      world.errors.length = 0;
    }
  });
});
