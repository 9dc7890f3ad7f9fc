import { SignatureV4 } from '@smithy/signature-v4';
import { SandboxCredential } from '../types';
import { NodeSha256 } from './sha256';
import {
  canonicalQueryString,
  canonicalUri,
  SignedRequest,
  sigV4Error,
  uriEscape,
  verifySigV4,
} from './sigv4';

const credential: SandboxCredential = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  arn: 'arn:aws:iam::111122223333:user/test',
};
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Signs with the SDK's signer, then returns the request as a server receives it. */
async function sdkSigned(
  options: {
    method?: string;
    path?: string;
    query?: Record<string, string | string[]>;
    headers?: Record<string, string>;
    body?: string;
    presign?: number;
    service?: string;
    signingDate?: number;
  } = {},
  signingCredential: SandboxCredential = credential,
): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: signingCredential,
    region: 'us-east-1',
    service: options.service ?? 'eks',
    sha256: NodeSha256,
  });
  const request = {
    method: options.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: options.path ?? '/clusters',
    query: options.query ?? {},
    headers: { host: '127.0.0.1:4566', ...options.headers },
    body: options.body,
  };
  const signingDate = new Date(options.signingDate ?? NOW);
  const signed =
    options.presign !== undefined
      ? await signer.presign(request, {
          expiresIn: options.presign,
          signingDate,
        })
      : await signer.sign(request, { signingDate });
  // What the SDK's HTTP handler puts on the wire.
  const query = Object.keys(signed.query ?? {})
    .sort()
    .flatMap(k => {
      const v = signed.query![k];
      return (Array.isArray(v) ? v : [v]).map(
        x => `${uriEscape(k)}=${uriEscape(x as string)}`,
      );
    })
    .join('&');
  return {
    method: signed.method,
    path: signed.path,
    query,
    headers: Object.fromEntries(
      Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]),
    ),
    body: options.body ?? '',
  };
}

function verify(req: SignedRequest, nowMs = NOW) {
  return verifySigV4(req, {
    service: 'eks',
    findCredential: id =>
      id === credential.accessKeyId ? credential : undefined,
    nowMs,
  });
}

describe('SigV4 verification', () => {
  it('double-encodes the path as the SDK does for non-S3 services', () => {
    expect(
      canonicalUri(
        '/clusters/x/access-entries/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Faws-reserved%2Fa',
      ),
    ).toBe(
      '/clusters/x/access-entries/arn%253Aaws%253Aiam%253A%253A111122223333%253Arole%252Faws-reserved%252Fa',
    );
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/a/./b/../c//d/')).toBe('/a/c/d/');
  });

  it('verifies the get-vanilla case of the AWS SigV4 test suite', () => {
    const result = verifySigV4(
      {
        method: 'GET',
        path: '/',
        query: '',
        headers: {
          host: 'example.amazonaws.com',
          'x-amz-date': '20150830T123600Z',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
        },
        body: '',
      },
      {
        service: 'service',
        findCredential: () => credential,
        nowMs: Date.UTC(2015, 7, 30, 12, 36),
      },
    );
    expect(result.ok).toBe(true);
  });

  it('sorts and encodes the canonical query, without the signature', () => {
    expect(
      canonicalQueryString('b=2&a=%2F+x&a=1&X-Amz-Signature=abc&flag'),
    ).toBe('a=%2F%20x&a=1&b=2&flag=');
  });

  it.each([
    ['a plain GET', {}],
    [
      'a percent-encoded ARN path label',
      {
        path: `/clusters/c/access-entries/${encodeURIComponent(
          'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/X_1',
        )}/access-policies`,
      },
    ],
    [
      'awkward query values',
      {
        query: {
          nextToken: "a+b/c=d!'()*~ é",
          associatedPolicyArn: 'arn:aws:eks::aws:cluster-access-policy/X',
          maxResults: '1',
          multi: ['z', 'a'],
          empty: '',
        },
      },
    ],
    [
      'a JSON POST with spaced headers',
      {
        method: 'POST',
        body: '{"principalArn":"arn:aws:iam::111122223333:user/maya"}',
        headers: {
          'content-type': 'application/json',
          'x-custom': '  a   b  ',
        },
      },
    ],
    ['a presigned GET', { presign: 300 }],
  ])('accepts %s signed by @smithy/signature-v4', async (_name, options) => {
    const result = verify(await sdkSigned(options));
    expect(result).toMatchObject({ ok: true, region: 'us-east-1' });
  });

  it('accepts temporary credentials with their session token only', async () => {
    const temporary: SandboxCredential = {
      ...credential,
      accessKeyId: 'ASIATEMP',
      sessionToken: 'tok/en+with=chars',
      expiresAtMs: NOW + 60_000,
    };
    const find = (c: SandboxCredential) => (id: string) =>
      id === c.accessKeyId ? c : undefined;
    const req = await sdkSigned({ presign: 60 }, temporary);
    expect(
      verifySigV4(req, {
        service: 'eks',
        findCredential: find(temporary),
        nowMs: NOW,
      }).ok,
    ).toBe(true);
    expect(
      verifySigV4(req, {
        service: 'eks',
        findCredential: find({ ...temporary, sessionToken: 'other' }),
        nowMs: NOW,
      }),
    ).toMatchObject({ ok: false, failure: { kind: 'unrecognizedClient' } });
    expect(
      verifySigV4(req, {
        service: 'eks',
        findCredential: find(temporary),
        nowMs: NOW + 60_000,
      }),
    ).toMatchObject({ ok: false, failure: { kind: 'expiredToken' } });
  });

  it('refuses a changed body, path, query or signed header', async () => {
    const post = await sdkSigned({
      method: 'POST',
      path: '/clusters/a/access-entries',
      body: '{"principalArn":"arn:aws:iam::111122223333:user/maya"}',
      headers: { 'content-type': 'application/json' },
    });
    const changes: SignedRequest[] = [
      { ...post, body: post.body.toString().replace('maya', 'mary') },
      { ...post, path: '/clusters/b/access-entries' },
      { ...post, query: 'maxResults=1' },
      { ...post, headers: { ...post.headers, 'content-type': 'text/plain' } },
      { ...post, method: 'PUT' },
    ];
    for (const changed of changes) {
      expect(verify(changed)).toMatchObject({
        ok: false,
        failure: { kind: 'signatureMismatch' },
      });
    }
  });

  it('refuses a wrong secret and an unknown key', async () => {
    const wrongSecret = await sdkSigned(
      {},
      { ...credential, secretAccessKey: 'x' },
    );
    expect(verify(wrongSecret)).toMatchObject({
      ok: false,
      failure: { kind: 'signatureMismatch' },
    });
    const unknown = await sdkSigned(
      {},
      { ...credential, accessKeyId: 'AKIDOTHER' },
    );
    expect(verify(unknown)).toMatchObject({
      ok: false,
      failure: { kind: 'unrecognizedClient' },
    });
  });

  it('refuses requests signed more than 15 minutes from the clock, and expired presigned URLs', async () => {
    const req = await sdkSigned();
    expect(verify(req, NOW + 14 * 60_000).ok).toBe(true);
    expect(verify(req, NOW + 16 * 60_000)).toMatchObject({
      ok: false,
      failure: {
        kind: 'signatureExpired',
        message:
          'Signature expired: 20260115T120000Z is now earlier than 20260115T120100Z (20260115T121600Z - 15 min.)',
      },
    });
    expect(verify(req, NOW - 16 * 60_000)).toMatchObject({
      ok: false,
      failure: { kind: 'signatureExpired' },
    });
    const presigned = await sdkSigned({ presign: 60 });
    expect(verify(presigned, NOW + 59_000).ok).toBe(true);
    expect(verify(presigned, NOW + 61_000)).toMatchObject({
      ok: false,
      failure: { kind: 'signatureExpired' },
    });
  });

  it('refuses another service scope, missing and malformed signatures', async () => {
    expect(verify(await sdkSigned({ service: 'sts' }))).toMatchObject({
      ok: false,
      failure: {
        kind: 'signatureMismatch',
        message: "Credential should be scoped to correct service: 'eks'. ",
      },
    });
    const req = await sdkSigned();
    expect(
      verify({ ...req, headers: { host: '127.0.0.1:4566' } }),
    ).toMatchObject({ ok: false, failure: { kind: 'missingAuthentication' } });
    expect(
      verify({
        ...req,
        headers: {
          ...req.headers,
          authorization: 'AWS4-HMAC-SHA256 Credential=x',
        },
      }),
    ).toMatchObject({ ok: false, failure: { kind: 'incompleteSignature' } });
  });

  it('maps failures to each protocol’s error codes', () => {
    const mismatch = { kind: 'signatureMismatch' as const, message: 'm' };
    expect(sigV4Error(mismatch, 'eks')).toEqual({
      status: 403,
      code: 'InvalidSignatureException',
      message: 'm',
    });
    expect(sigV4Error(mismatch, 'sts').code).toBe('SignatureDoesNotMatch');
    expect(
      sigV4Error({ kind: 'unrecognizedClient', message: 'm' }, 'eks').code,
    ).toBe('UnrecognizedClientException');
    expect(
      sigV4Error({ kind: 'unrecognizedClient', message: 'm' }, 'sts').code,
    ).toBe('InvalidClientTokenId');
    expect(sigV4Error({ kind: 'expiredToken', message: 'm' }, 'sts').code).toBe(
      'ExpiredToken',
    );
  });
});
