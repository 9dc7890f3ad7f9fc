import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  ECRClient,
  ECRServiceException,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { AwsRequestRecord } from './awsHandler';
import { Sandbox } from '../sandbox';

jest.setTimeout(60_000);

const CLUSTER = 'ml-sandbox-use1';
const NAMESPACE = 'ml-research-training';
const REPOSITORY = 'ml-research/ecr-test';

/** A Docker image manifest (schema 2), as docker push sends it last. */
const manifest = (layer: string) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 7023,
      digest: `sha256:${'c'.repeat(64)}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 32654,
        digest: `sha256:${layer.repeat(64)}`,
      },
    ],
  });

async function ecrFailure(call: Promise<unknown>) {
  try {
    await call;
  } catch (e) {
    if (e instanceof ECRServiceException) {
      return { code: e.name, status: e.$metadata.httpStatusCode };
    }
    throw e;
  }
  throw new Error('the call succeeded');
}

// The real @aws-sdk/client-ecr and @kubernetes/client-node against a started sandbox.
describe("the sandbox's ECR API and ACK's status on Repository and PodIdentityAssociation objects", () => {
  let sandbox: Sandbox;
  let ecr: ECRClient;
  let custom: CustomObjectsApi;
  const requests: AwsRequestRecord[] = [];

  beforeAll(async () => {
    sandbox = await Sandbox.start({ onAwsRequest: r => requests.push(r) });
    const c = sandbox.connection();
    ecr = new ECRClient({
      endpoint: c.awsEndpoint,
      region: c.region,
      credentials: c.credentials,
      maxAttempts: 1,
    });
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(CLUSTER);
    custom = kc.makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({
      group: 'ecr.services.k8s.aws',
      version: 'v1alpha1',
      namespace: NAMESPACE,
      plural: 'repositories',
      body: {
        apiVersion: 'ecr.services.k8s.aws/v1alpha1',
        kind: 'Repository',
        metadata: { name: 'ecr-test', namespace: NAMESPACE },
        spec: { name: REPOSITORY },
      },
    });
    await custom.createNamespacedCustomObject({
      group: 'eks.services.k8s.aws',
      version: 'v1alpha1',
      namespace: NAMESPACE,
      plural: 'podidentityassociations',
      body: {
        apiVersion: 'eks.services.k8s.aws/v1alpha1',
        kind: 'PodIdentityAssociation',
        metadata: { name: 'ecr-test', namespace: NAMESPACE },
        spec: {
          clusterName: CLUSTER,
          namespace: NAMESPACE,
          serviceAccount: 'ecr-test-workload',
          roleARN: 'arn:aws:iam::111122223333:role/eks-aiml-ml-research',
        },
      },
    });
  });
  afterAll(() => sandbox?.stop());

  const read = (group: string, plural: string) =>
    custom.getNamespacedCustomObject({
      group,
      version: 'v1alpha1',
      namespace: NAMESPACE,
      plural,
      name: 'ecr-test',
    }) as Promise<any>;

  /** The object once ACK reported it synced. */
  const synced = async (group: string, plural: string) => {
    for (let i = 0; i < 50; i++) {
      const obj = await read(group, plural);
      if (obj.status?.conditions) return obj;
      await sleep(20);
    }
    throw new Error(`${plural} never synced`);
  };

  it('reports ACK.ResourceSynced with the resource ARN on the Repository and the association', async () => {
    const repository = await synced('ecr.services.k8s.aws', 'repositories');
    expect(repository.status).toMatchObject({
      conditions: [{ type: 'ACK.ResourceSynced', status: 'True' }],
      ackResourceMetadata: {
        arn: `arn:aws:ecr:us-east-1:111122223333:repository/${REPOSITORY}`,
        ownerAccountID: '111122223333',
        region: 'us-east-1',
      },
      repositoryURI: `111122223333.dkr.ecr.us-east-1.amazonaws.com/${REPOSITORY}`,
    });
    const association = await synced(
      'eks.services.k8s.aws',
      'podidentityassociations',
    );
    expect(association.status).toMatchObject({
      conditions: [{ type: 'ACK.ResourceSynced', status: 'True' }],
      associationID: expect.stringMatching(/^a-[0-9a-f]{17}$/),
      associationARN: expect.stringMatching(
        /^arn:aws:eks:us-east-1:111122223333:podidentityassociation\/ml-sandbox-use1\/a-/,
      ),
    });
    // Reporting is done once: the status stays as it was.
    await sleep(50);
    expect(
      (await read('eks.services.k8s.aws', 'podidentityassociations')).metadata
        .resourceVersion,
    ).toBe(association.metadata.resourceVersion);
  });

  it('answers DescribeImages with ImageNotFoundException before CI pushed, and the image after PutImage', async () => {
    await synced('ecr.services.k8s.aws', 'repositories');
    const describe = () =>
      ecr.send(
        new DescribeImagesCommand({
          repositoryName: REPOSITORY,
          imageIds: [{ imageTag: 'latest' }],
        }),
      );
    expect(await ecrFailure(describe())).toEqual({
      code: 'ImageNotFoundException',
      status: 400,
    });
    const body = manifest('a');
    const pushed = await ecr.send(
      new PutImageCommand({
        repositoryName: REPOSITORY,
        imageManifest: body,
        imageTag: 'latest',
      }),
    );
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    expect(pushed.image?.imageId).toEqual({
      imageDigest: digest,
      imageTag: 'latest',
    });
    const { imageDetails } = await describe();
    expect(imageDetails).toEqual([
      expect.objectContaining({
        registryId: '111122223333',
        repositoryName: REPOSITORY,
        imageDigest: digest,
        imageTags: ['latest'],
        imageManifestMediaType:
          'application/vnd.docker.distribution.manifest.v2+json',
      }),
    ]);
    expect(imageDetails![0].imagePushedAt).toBeInstanceOf(Date);
    expect(
      requests.filter(r => r.service === 'ecr').map(r => r.operation),
    ).toEqual(expect.arrayContaining(['DescribeImages', 'PutImage']));
  });

  it('moves a tag to the newer push, refuses the same push twice, and BatchGetImage reports what is missing', async () => {
    const first = manifest('d');
    const second = manifest('e');
    const put = (imageManifest: string, imageTag: string) =>
      ecr.send(
        new PutImageCommand({
          repositoryName: REPOSITORY,
          imageManifest,
          imageTag,
        }),
      );
    await put(first, 'v1');
    expect(await ecrFailure(put(first, 'v1'))).toEqual({
      code: 'ImageAlreadyExistsException',
      status: 400,
    });
    await put(second, 'v1');
    const got = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: REPOSITORY,
        imageIds: [{ imageTag: 'v1' }, { imageTag: 'v9' }],
      }),
    );
    expect(got.images?.map(i => i.imageManifest)).toEqual([second]);
    expect(got.failures).toEqual([
      expect.objectContaining({
        imageId: { imageTag: 'v9' },
        failureCode: 'ImageNotFound',
      }),
    ]);
  });

  it('knows no repository that no ACK object names, nor any in another region', async () => {
    expect(
      await ecrFailure(
        ecr.send(
          new PutImageCommand({
            repositoryName: 'ml-research/nobody',
            imageManifest: manifest('f'),
            imageTag: 'latest',
          }),
        ),
      ),
    ).toEqual({ code: 'RepositoryNotFoundException', status: 400 });
    const c = sandbox.connection();
    const west = new ECRClient({
      endpoint: c.awsEndpoint,
      region: 'us-west-2',
      credentials: c.credentials,
      maxAttempts: 1,
    });
    expect(
      await ecrFailure(
        west.send(new DescribeImagesCommand({ repositoryName: REPOSITORY })),
      ),
    ).toEqual({ code: 'RepositoryNotFoundException', status: 400 });
  });

  it('refuses a request signed with a wrong secret as ECR does', async () => {
    const c = sandbox.connection();
    const forged = new ECRClient({
      endpoint: c.awsEndpoint,
      region: c.region,
      credentials: { ...c.credentials, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    expect(
      await ecrFailure(
        forged.send(new DescribeImagesCommand({ repositoryName: REPOSITORY })),
      ),
    ).toEqual({ code: 'InvalidSignatureException', status: 403 });
  });
});
