import { AuthenticationV1Api, CoreV1Api } from '@kubernetes/client-node';
import {
  failure,
  startTestCluster,
  TestCluster,
} from './__testUtils__/testCluster';

let cluster: TestCluster;
let core: CoreV1Api;

beforeEach(async () => {
  cluster = await startTestCluster(['aiml-access']);
  core = cluster.kubeConfig().makeApiClient(CoreV1Api);
  await core.createNamespacedServiceAccount({
    namespace: 'aiml-access',
    body: { metadata: { name: 'grant-1' } },
  });
});

afterEach(() => cluster.close());

const decode = (b64?: string) =>
  Buffer.from(b64 ?? '', 'base64').toString('utf8');

async function whoami(token: string): Promise<string | undefined> {
  const api = cluster.kubeConfig(token).makeApiClient(AuthenticationV1Api);
  const review = await api.createSelfSubjectReview({ body: {} });
  return review.status?.userInfo?.username;
}

async function tokenSecret(name: string, sa: string) {
  await core.createNamespacedSecret({
    namespace: 'aiml-access',
    body: {
      metadata: {
        name,
        annotations: { 'kubernetes.io/service-account.name': sa },
      },
      type: 'kubernetes.io/service-account-token',
    },
  });
}

describe('the ServiceAccount token controller', () => {
  it('fills a token Secret with a token that lives until the Secret is deleted', async () => {
    await tokenSecret('grant-1-token', 'grant-1');
    const secret = await core.readNamespacedSecret({
      name: 'grant-1-token',
      namespace: 'aiml-access',
    });
    const sa = await core.readNamespacedServiceAccount({
      name: 'grant-1',
      namespace: 'aiml-access',
    });
    expect(secret.metadata?.annotations).toMatchObject({
      'kubernetes.io/service-account.uid': sa.metadata?.uid,
    });
    expect(decode(secret.data?.namespace)).toBe('aiml-access');
    expect(decode(secret.data?.['ca.crt'])).toBe(cluster.ca.cert);
    const token = decode(secret.data?.token);
    expect(await whoami(token)).toBe(
      'system:serviceaccount:aiml-access:grant-1',
    );
    // No expiry: a year later it still works.
    cluster.clock.advance(365 * 24 * 3600 * 1000);
    expect(await whoami(token)).toBe(
      'system:serviceaccount:aiml-access:grant-1',
    );
    await core.deleteNamespacedSecret({
      name: 'grant-1-token',
      namespace: 'aiml-access',
    });
    expect((await failure(whoami(token))).code).toBe(401);
  });

  it('kills Secret tokens and TokenRequest tokens when the ServiceAccount is deleted', async () => {
    await tokenSecret('grant-1-token', 'grant-1');
    const secretToken = decode(
      (
        await core.readNamespacedSecret({
          name: 'grant-1-token',
          namespace: 'aiml-access',
        })
      ).data?.token,
    );
    const requested = await core.createNamespacedServiceAccountToken({
      name: 'grant-1',
      namespace: 'aiml-access',
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const boundToken = requested.status!.token;
    expect(await whoami(boundToken)).toBe(
      'system:serviceaccount:aiml-access:grant-1',
    );
    await core.deleteNamespacedServiceAccount({
      name: 'grant-1',
      namespace: 'aiml-access',
    });
    expect((await failure(whoami(secretToken))).code).toBe(401);
    expect((await failure(whoami(boundToken))).code).toBe(401);
    // The controller deleted the Secret with its ServiceAccount.
    expect(
      (
        await failure(
          core.readNamespacedSecret({
            name: 'grant-1-token',
            namespace: 'aiml-access',
          }),
        )
      ).code,
    ).toBe(404);
    // A new ServiceAccount of the same name does not revive either token.
    await core.createNamespacedServiceAccount({
      namespace: 'aiml-access',
      body: { metadata: { name: 'grant-1' } },
    });
    expect((await failure(whoami(secretToken))).code).toBe(401);
    expect((await failure(whoami(boundToken))).code).toBe(401);
  });

  it('only honours tokens it issued', async () => {
    const forged = 'sbx-legacy.chosen-by-the-client';
    await core.createNamespacedSecret({
      namespace: 'aiml-access',
      body: {
        metadata: {
          name: 'forged',
          annotations: { 'kubernetes.io/service-account.name': 'grant-1' },
        },
        type: 'kubernetes.io/service-account-token',
        data: { token: Buffer.from(forged).toString('base64') },
      },
    });
    expect((await failure(whoami(forged))).code).toBe(401);
    const issued = await core.readNamespacedSecret({
      name: 'forged',
      namespace: 'aiml-access',
    });
    expect(decode(issued.data?.token)).not.toBe(forged);
  });

  it('requires the ServiceAccount annotation and deletes Secrets of missing ServiceAccounts', async () => {
    const invalid = await failure(
      core.createNamespacedSecret({
        namespace: 'aiml-access',
        body: {
          metadata: { name: 'no-sa' },
          type: 'kubernetes.io/service-account-token',
        },
      }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.body.message).toBe(
      'Secret "no-sa" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    );
    await tokenSecret('orphan', 'nobody');
    expect(
      (
        await failure(
          core.readNamespacedSecret({
            name: 'orphan',
            namespace: 'aiml-access',
          }),
        )
      ).code,
    ).toBe(404);
  });
});
