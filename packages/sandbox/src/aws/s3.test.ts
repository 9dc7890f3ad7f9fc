import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { Upload } from '@aws-sdk/lib-storage';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { AwsRequestRecord } from './awsHandler';
import { Sandbox } from '../sandbox';
import { NodeSha256 } from './sha256';
import { MAX_S3_REQUEST_BYTES } from './s3State';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;
const BUCKET = 'sdk-checkpoints';

const md5 = (data: Buffer) => createHash('md5').update(data).digest();

/** The error an S3 call fails with (its code and HTTP status), or a failure if it succeeds. */
async function s3Failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (e) {
    if (e instanceof S3ServiceException) {
      return { code: e.name, status: e.$metadata.httpStatusCode };
    }
    throw e;
  }
  throw new Error('the call succeeded');
}

// The real @aws-sdk/client-s3 against a started sandbox, over HTTP.
describe("the sandbox's S3 API through @aws-sdk/client-s3", () => {
  let sandbox: Sandbox;
  const requests: AwsRequestRecord[] = [];
  let clientFor: (region?: string, secretAccessKey?: string) => S3Client;
  let s3: S3Client;

  beforeAll(async () => {
    sandbox = await Sandbox.start({ onAwsRequest: r => requests.push(r) });
    const c = sandbox.connection();
    clientFor = (region = c.region, secretAccessKey) =>
      new S3Client({
        endpoint: c.awsEndpoint,
        region,
        forcePathStyle: true,
        credentials: {
          ...c.credentials,
          secretAccessKey: secretAccessKey ?? c.credentials.secretAccessKey,
        },
        maxAttempts: 1,
      });
    s3 = clientFor();
    sandbox.createBucket(BUCKET);
  });
  afterAll(() => sandbox?.stop());

  const get = async (Key: string, Bucket = BUCKET, client = s3) => {
    const out = await client.send(new GetObjectCommand({ Bucket, Key }));
    return {
      body: Buffer.from(await out.Body!.transformToByteArray()),
      etag: out.ETag,
      out,
    };
  };

  const put = (Bucket: string, client = s3) =>
    client.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }));

  it('puts, gets, heads and deletes an object, with S3 headers, metadata and ETag', async () => {
    const body = Buffer.from('{"step": 100, "loss": 0.42}');
    const written = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'runs/r1/metrics.json',
        Body: body,
        ContentType: 'application/json',
        Metadata: { step: '100' },
      }),
    );
    expect(written.ETag).toBe(`"${md5(body).toString('hex')}"`);

    const got = await get('runs/r1/metrics.json');
    expect(got.body.equals(body)).toBe(true);
    expect(got.etag).toBe(written.ETag);
    expect(got.out.ContentType).toBe('application/json');
    expect(got.out.Metadata).toEqual({ step: '100' });

    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'runs/r1/metrics.json' }),
    );
    expect(head.ContentLength).toBe(body.length);
    expect(head.ETag).toBe(written.ETag);
    expect(head.LastModified).toBeInstanceOf(Date);

    const range = await s3.send(
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: 'runs/r1/metrics.json',
        Range: 'bytes=1-6',
      }),
    );
    expect(await range.Body!.transformToString()).toBe('"step"');
    expect(range.ContentRange).toBe(`bytes 1-6/${body.length}`);

    await s3.send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: 'runs/r1/metrics.json' }),
    );
    expect(await s3Failure(get('runs/r1/metrics.json'))).toEqual({
      code: 'NoSuchKey',
      status: 404,
    });
    // HEAD answers carry no body: the SDK names the error after the status.
    expect(
      await s3Failure(
        s3.send(
          new HeadObjectCommand({
            Bucket: BUCKET,
            Key: 'runs/r1/metrics.json',
          }),
        ),
      ),
    ).toEqual({ code: 'NotFound', status: 404 });
    // Deleting what is not there succeeds, as in S3.
    await s3.send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: 'runs/r1/metrics.json' }),
    );
    expect(
      requests.filter(r => r.service === 's3').map(r => r.operation),
    ).toEqual(
      expect.arrayContaining([
        'PutObject',
        'GetObject',
        'HeadObject',
        'DeleteObject',
      ]),
    );
  });

  it('takes a streamed body (aws-chunked with a trailing checksum)', async () => {
    const body = randomBytes(300_000);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'stream.bin',
        Body: Readable.from([
          body.subarray(0, 100_000),
          body.subarray(100_000),
        ]),
        ContentLength: body.length,
      }),
    );
    expect((await get('stream.bin')).body.equals(body)).toBe(true);
  });

  it('lists with prefix, delimiter (CommonPrefixes), max-keys and continuation tokens', async () => {
    const keys = [
      'ckpt/epoch-1/model.pt',
      'ckpt/epoch-1/optim.pt',
      'ckpt/epoch-2/model.pt',
      'ckpt/latest',
      'ckpt/readme.txt',
      'logs/train.log',
    ];
    for (const Key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
    }
    const all = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'ckpt/' }),
    );
    expect(all.Contents?.map(o => o.Key)).toEqual(keys.slice(0, 5));
    expect(all.KeyCount).toBe(5);
    expect(all.Contents?.[0]).toMatchObject({
      Size: keys[0].length,
      ETag: `"${md5(Buffer.from(keys[0])).toString('hex')}"`,
      StorageClass: 'STANDARD',
    });

    const tree = await s3.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: 'ckpt/',
        Delimiter: '/',
      }),
    );
    expect(tree.CommonPrefixes?.map(p => p.Prefix)).toEqual([
      'ckpt/epoch-1/',
      'ckpt/epoch-2/',
    ]);
    expect(tree.Contents?.map(o => o.Key)).toEqual([
      'ckpt/latest',
      'ckpt/readme.txt',
    ]);

    // Pages of two entries, common prefixes counted like keys.
    const pages: string[][] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Delimiter: '/',
          Prefix: 'ckpt/',
          MaxKeys: 2,
          ContinuationToken,
        }),
      );
      pages.push([
        ...(page.CommonPrefixes ?? []).map(p => p.Prefix!),
        ...(page.Contents ?? []).map(o => o.Key!),
      ]);
      expect(page.IsTruncated).toBe(page.NextContinuationToken !== undefined);
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(pages).toEqual([
      ['ckpt/epoch-1/', 'ckpt/epoch-2/'],
      ['ckpt/latest', 'ckpt/readme.txt'],
    ]);
  });

  it('uploads 12 MiB in parts with lib-storage; the object reads back byte-equal with a multipart ETag', async () => {
    const body = randomBytes(12 * MiB);
    const upload = new Upload({
      client: s3,
      params: { Bucket: BUCKET, Key: 'model/checkpoint.pt', Body: body },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    const done = await upload.done();
    const parts = [
      body.subarray(0, 5 * MiB),
      body.subarray(5 * MiB, 10 * MiB),
      body.subarray(10 * MiB),
    ];
    const etag = `"${md5(Buffer.concat(parts.map(md5))).toString('hex')}-3"`;
    expect(done.ETag).toBe(etag);

    const got = await get('model/checkpoint.pt');
    expect(got.body.equals(body)).toBe(true);
    expect(got.etag).toBe(etag);
    expect(
      requests
        .filter(r => r.path === `/${BUCKET}/model/checkpoint.pt`)
        .map(r => r.operation),
    ).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
      'GetObject',
    ]);
  });

  describe('multipart errors', () => {
    const start = async (Key: string) =>
      (await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key })))
        .UploadId!;
    const part = async (
      Key: string,
      UploadId: string,
      PartNumber: number,
      Body: Buffer,
    ) =>
      (
        await s3.send(
          new UploadPartCommand({
            Bucket: BUCKET,
            Key,
            UploadId,
            PartNumber,
            Body,
          }),
        )
      ).ETag!;
    const complete = (
      Key: string,
      UploadId: string,
      Parts: { PartNumber: number; ETag: string }[],
    ) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          MultipartUpload: { Parts },
        }),
      );

    it('refuses a part under 5 MiB that is not the last with EntityTooSmall', async () => {
      const id = await start('small-parts');
      const first = await part('small-parts', id, 1, randomBytes(1024));
      const last = await part('small-parts', id, 2, randomBytes(1024));
      expect(
        await s3Failure(
          complete('small-parts', id, [
            { PartNumber: 1, ETag: first },
            { PartNumber: 2, ETag: last },
          ]),
        ),
      ).toEqual({ code: 'EntityTooSmall', status: 400 });
      // A single small part is the last one: allowed.
      const only = await complete('small-parts', id, [
        { PartNumber: 1, ETag: first },
      ]);
      expect(only.ETag).toMatch(/^"[0-9a-f]{32}-1"$/);
    });

    it('refuses a wrong ETag with InvalidPart and an aborted upload with NoSuchUpload', async () => {
      const id = await start('aborted');
      await part('aborted', id, 1, randomBytes(10));
      expect(
        await s3Failure(
          complete('aborted', id, [
            { PartNumber: 1, ETag: `"${'0'.repeat(32)}"` },
          ]),
        ),
      ).toEqual({ code: 'InvalidPart', status: 400 });
      await s3.send(
        new AbortMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'aborted',
          UploadId: id,
        }),
      );
      expect(await s3Failure(part('aborted', id, 2, randomBytes(10)))).toEqual({
        code: 'NoSuchUpload',
        status: 404,
      });
    });
  });

  it('keeps keys that need percent-encoding as they were written', async () => {
    const keys = ['data/a b+c.json', 'data/ümlaut(1)!*.pt', 'data//double'];
    for (const Key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
      expect((await get(Key)).body.toString()).toBe(Key);
    }
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'data/' }),
    );
    expect(listed.Contents?.map(o => o.Key)).toEqual([
      'data//double',
      'data/a b+c.json',
      'data/ümlaut(1)!*.pt',
    ]);
  });

  it('serves ListBuckets at / when the signature is scoped to s3 (STS keeps / otherwise)', async () => {
    const out = await s3.send(new ListBucketsCommand({}));
    expect(out.Buckets?.map(b => b.Name)).toContain(BUCKET);
  });

  it('answers NotImplemented for operations it does not emulate, rather than misreading them', async () => {
    expect(
      await s3Failure(
        s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: 'k' })),
      ),
    ).toEqual({ code: 'NotImplemented', status: 501 });
    expect(
      await s3Failure(
        s3.send(
          new CopyObjectCommand({
            Bucket: BUCKET,
            Key: 'copy',
            CopySource: `${BUCKET}/k`,
          }),
        ),
      ),
    ).toEqual({ code: 'NotImplemented', status: 501 });
  });

  it('answers NoSuchBucket for a bucket nothing created', async () => {
    expect(
      await s3Failure(
        s3.send(
          new PutObjectCommand({
            Bucket: 'nobody-made-this',
            Key: 'k',
            Body: 'x',
          }),
        ),
      ),
    ).toEqual({ code: 'NoSuchBucket', status: 404 });
  });

  it('refuses a wrong signature with 403 SignatureDoesNotMatch', async () => {
    const forged = clientFor(undefined, 'not-the-secret');
    expect(
      await s3Failure(
        forged.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: 'forged', Body: 'x' }),
        ),
      ),
    ).toEqual({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(await s3Failure(get('forged'))).toEqual({
      code: 'NoSuchKey',
      status: 404,
    });
  });

  describe('buckets of ACK Bucket objects', () => {
    const NAMESPACE = 's3-tests';
    const kube = (cluster: string) => {
      const kc = new KubeConfig();
      kc.loadFromString(sandbox.kubeconfig());
      kc.setCurrentContext(cluster);
      return {
        core: kc.makeApiClient(CoreV1Api),
        custom: kc.makeApiClient(CustomObjectsApi),
      };
    };
    const buckets = {
      group: 's3.services.k8s.aws',
      version: 'v1alpha1',
      namespace: NAMESPACE,
      plural: 'buckets',
    };
    const applyBucket = async (
      cluster: string,
      name: string,
      annotations: Record<string, string> = {},
    ) => {
      const { core, custom } = kube(cluster);
      await core
        .createNamespace({ body: { metadata: { name: NAMESPACE } } })
        .catch(() => undefined);
      await custom.createNamespacedCustomObject({
        ...buckets,
        body: {
          apiVersion: 's3.services.k8s.aws/v1alpha1',
          kind: 'Bucket',
          metadata: { name, namespace: NAMESPACE, annotations },
          spec: { name },
        },
      });
    };
    const deleteBucketObject = (cluster: string, name: string) =>
      kube(cluster).custom.deleteNamespacedCustomObject({ ...buckets, name });
    const remove = (Bucket: string, client = s3) =>
      client.send(new DeleteObjectCommand({ Bucket, Key: 'k' }));

    it('makes the bucket of an applied Bucket object usable, in its cluster region', async () => {
      expect(await s3Failure(put('team-artifacts'))).toEqual({
        code: 'NoSuchBucket',
        status: 404,
      });
      await applyBucket('ml-sandbox-use1', 'team-artifacts');
      await put('team-artifacts');
      expect((await get('k', 'team-artifacts')).body.toString()).toBe('x');

      // A bucket answers for its own region only, as S3 does.
      await applyBucket('ml-sandbox-usw2', 'west-artifacts');
      expect(await s3Failure(put('west-artifacts'))).toEqual({
        code: 'AuthorizationHeaderMalformed',
        status: 400,
      });
      const west = clientFor('us-west-2');
      await put('west-artifacts', west);
      expect(
        (await west.send(new HeadBucketCommand({ Bucket: 'west-artifacts' })))
          .BucketRegion,
      ).toBe('us-west-2');
    });

    it('deletes the bucket with its Bucket object once it is empty, and keeps one the object retains', async () => {
      await applyBucket('ml-sandbox-use1', 'scratch-bucket');
      await put('scratch-bucket');
      // ACK's DeleteBucket fails on a bucket that holds objects (and is retried).
      await deleteBucketObject('ml-sandbox-use1', 'scratch-bucket');
      expect((await get('k', 'scratch-bucket')).body.toString()).toBe('x');
      await remove('scratch-bucket');
      expect(await s3Failure(put('scratch-bucket'))).toEqual({
        code: 'NoSuchBucket',
        status: 404,
      });

      await applyBucket('ml-sandbox-use1', 'kept-bucket', {
        'services.k8s.aws/deletion-policy': 'retain',
      });
      await deleteBucketObject('ml-sandbox-use1', 'kept-bucket');
      await put('kept-bucket');
      expect((await get('k', 'kept-bucket')).body.toString()).toBe('x');
    });
  });

  describe('over raw HTTP', () => {
    /** A PUT signed as S3 signs it, sent with `sent` as its body (the signed one by default). */
    const rawPut = async (options: {
      key: string;
      signedBody: Buffer;
      payloadHash?: string;
      sent?: Buffer;
      contentLength?: number;
    }) => {
      const c = sandbox.connection();
      const url = new URL(c.awsEndpoint);
      const signer = new SignatureV4({
        credentials: c.credentials,
        region: c.region,
        service: 's3',
        sha256: NodeSha256,
        uriEscapePath: false,
      });
      const payloadHash =
        options.payloadHash ??
        createHash('sha256').update(options.signedBody).digest('hex');
      const path = `/${BUCKET}/${options.key}`;
      const signed = await signer.sign(
        {
          method: 'PUT',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path,
          query: {},
          headers: {
            host: url.host,
            'x-amz-content-sha256': payloadHash,
            'content-length': String(
              options.contentLength ?? options.signedBody.length,
            ),
          },
        },
        { signingDate: sandbox.clock.now() },
      );
      return new Promise<{ status: number; body: string }>(
        (resolve, reject) => {
          const req = http.request(
            `${c.awsEndpoint}${path}`,
            { method: 'PUT', headers: signed.headers },
            res => {
              let body = '';
              res.on('data', chunk => (body += chunk));
              res.on('end', () => resolve({ status: res.statusCode!, body }));
            },
          );
          req.on('error', reject);
          if (options.contentLength === undefined) {
            req.end(options.sent ?? options.signedBody);
          } else {
            // Only the headers: S3 answers before the body arrives.
            req.flushHeaders();
          }
        },
      );
    };

    it('refuses a body that is not the one x-amz-content-sha256 names', async () => {
      const answer = await rawPut({
        key: 'tampered',
        signedBody: Buffer.from('the signed body'),
        sent: Buffer.from('another body...'),
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
      expect(await s3Failure(get('tampered'))).toMatchObject({
        code: 'NoSuchKey',
      });
    });

    it(`refuses a body over ${MAX_S3_REQUEST_BYTES} bytes with EntityTooLarge before reading it`, async () => {
      const answer = await rawPut({
        key: 'huge',
        signedBody: Buffer.alloc(0),
        payloadHash: 'UNSIGNED-PAYLOAD',
        contentLength: MAX_S3_REQUEST_BYTES + 1,
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('<Code>EntityTooLarge</Code>');
      expect(answer.body).toContain(
        `<MaxSizeAllowed>${MAX_S3_REQUEST_BYTES}</MaxSizeAllowed>`,
      );
    });
  });

  it('creates and lists buckets through the admin API', async () => {
    const c = sandbox.connection();
    const admin = (method: string, path: string, body?: object) =>
      fetch(`${c.awsEndpoint}/sandbox/s3/buckets${path}`, {
        method,
        headers: { authorization: `Bearer ${c.adminToken}` },
        body: body && JSON.stringify(body),
      });
    expect(
      (await admin('PUT', '/admin-made', { region: 'us-west-2' })).status,
    ).toBe(200);
    await put('admin-made', clientFor('us-west-2'));
    const listed = await (await admin('GET', '')).json();
    expect(listed.buckets).toContainEqual(
      expect.objectContaining({
        name: 'admin-made',
        region: 'us-west-2',
        origin: 'admin',
        objects: 1,
      }),
    );
    expect((await admin('DELETE', '/admin-made')).status).toBe(409);
    expect((await admin('PUT', '/Not_A_Bucket')).status).toBe(400);
  });
});
