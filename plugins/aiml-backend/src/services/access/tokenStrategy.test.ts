import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import {
  AwsClients,
  awsEnvironment,
  DefaultAimlClusterRegistry,
} from '@eks-aiml/plugin-aiml-node';
import {
  KubernetesFault,
  KubernetesRequestInfo,
  Sandbox,
} from '@eks-aiml/sandbox';
import {
  BROKER_NAMESPACE,
  grantIdentityName,
  PRODUCT_CLUSTER_ROLES,
} from '@eks-aiml/plugin-aiml-common';
import { LABEL_GRANT_ID, TokenStrategy } from './tokenStrategy';
import { Grant } from './types';

jest.setTimeout(60_000);

const CLUSTER = 'ml-sandbox-use1';
const NAMESPACES = ['ml-research-inference', 'ml-research-training'];

// The strategy against the sandbox's Kubernetes API (real client, real wire) while
// its fault injection plays conflicts, throttling, 5xx and lost answers.
describe('TokenStrategy under Kubernetes API faults', () => {
  let sandbox: Sandbox;
  let tokens: TokenStrategy;
  let core: CoreV1Api;
  let rbac: RbacAuthorizationV1Api;
  let fault: (r: KubernetesRequestInfo) => KubernetesFault | undefined = () =>
    undefined;
  const writes: string[] = [];
  let grants = 0;

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      kubernetesFault: r => {
        if (r.verb === 'create' || r.verb === 'delete') {
          writes.push(`${r.verb} ${r.resource} ${r.namespace}`);
        }
        return fault(r);
      },
    });
    const connection = sandbox.connection();
    const registry = new DefaultAimlClusterRegistry(
      [
        {
          name: CLUSTER,
          region: 'us-east-1',
          accountId: connection.accountId,
          assumeRole: {
            roleArn: connection.portalRole.arn,
            externalId: connection.portalRole.externalId,
          },
          access: { strategy: 'token', maxTtlMs: 8 * 3600_000 },
        } as any,
      ],
      new AwsClients(awsEnvironment(connection)),
      sandbox.clock,
    );
    tokens = new TokenStrategy(registry, {
      attempts: 4,
      baseDelayMs: 5,
      maxDelayMs: 20,
    });
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(CLUSTER);
    core = kc.makeApiClient(CoreV1Api);
    rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  });

  afterAll(() => sandbox?.stop());

  beforeEach(() => {
    fault = () => undefined;
    writes.length = 0;
  });

  const newGrant = (): Grant => ({
    id: `cafe0000${String(++grants).padStart(4, '0')}`,
    userRef: 'user:default/maya',
    team: 'ml-research',
    cluster: CLUSTER,
    level: 'view',
    breakGlass: false,
    strategy: 'token',
    namespaces: NAMESPACES,
    reason: 'unit test',
    state: 'pending',
    createdAt: new Date(0).toISOString(),
    expiresAt: new Date(3600_000).toISOString(),
    updatedAt: new Date(0).toISOString(),
  });

  /** The grant's objects as the cluster has them: ServiceAccount, then each RoleBinding. */
  const objectsOf = async (grant: Grant) => {
    const name = grantIdentityName(grant.id);
    const absent = (e: ApiException<unknown>) =>
      e.code === 404 ? undefined : Promise.reject(e);
    const sa = await core
      .readNamespacedServiceAccount({ name, namespace: BROKER_NAMESPACE })
      .catch(absent);
    const rbs = await Promise.all(
      NAMESPACES.map(namespace =>
        rbac.readNamespacedRoleBinding({ name, namespace }).catch(absent),
      ),
    );
    return [sa, ...rbs].map(o => o?.metadata?.labels?.[LABEL_GRANT_ID]);
  };

  const isCreate = (r: KubernetesRequestInfo) =>
    r.verb === 'create' && r.subresource === undefined;

  it('retries a 409 Conflict that applied nothing, throttling and 5xx, and makes every object', async () => {
    const answers: KubernetesFault[] = [
      { status: { code: 409, reason: 'Conflict' } },
      { status: { code: 429, reason: 'TooManyRequests' } },
      { status: { code: 503, reason: 'ServiceUnavailable' } },
    ];
    const seen = new Map<string, number>();
    fault = r => {
      if (!isCreate(r)) return undefined;
      const key = `${r.resource} ${r.namespace}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return answers[n];
    };
    const grant = newGrant();
    await tokens.provision(grant);
    expect(await objectsOf(grant)).toEqual([grant.id, grant.id, grant.id]);
    // Each of the three objects: three faulted attempts, then the one that made it.
    expect(writes).toHaveLength(12);
  });

  it('takes a 409 whose object is there (the answer was lost) as its own, without another create', async () => {
    fault = r =>
      isCreate(r)
        ? {
            status: { code: 409, reason: 'AlreadyExists' },
            afterApplying: true,
          }
        : undefined;
    const grant = newGrant();
    await tokens.provision(grant);
    expect(await objectsOf(grant)).toEqual([grant.id, grant.id, grant.id]);
    expect(writes).toHaveLength(3);
  });

  it("keeps the grant's identity in the broker's namespace, bound to the product's role of its level", async () => {
    const grant = { ...newGrant(), level: 'edit' as const };
    await tokens.provision(grant);
    const name = grantIdentityName(grant.id);
    for (const namespace of NAMESPACES) {
      const binding = await rbac.readNamespacedRoleBinding({ name, namespace });
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: PRODUCT_CLUSTER_ROLES.edit,
      });
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name, namespace: BROKER_NAMESPACE },
      ]);
    }
    const inTeamNamespace = await core
      .readNamespacedServiceAccount({ name, namespace: NAMESPACES[0] })
      .catch((e: ApiException<unknown>) => e.code);
    expect(inTeamNamespace).toBe(404);
  });

  it('gives up after its attempts when the cluster keeps failing', async () => {
    fault = r =>
      isCreate(r)
        ? { status: { code: 500, reason: 'InternalError' } }
        : undefined;
    const grant = newGrant();
    await expect(tokens.provision(grant)).rejects.toMatchObject({ code: 500 });
    expect(writes).toEqual(
      Array(4).fill(`create serviceaccounts ${BROKER_NAMESPACE}`),
    );
    expect(await objectsOf(grant)).toEqual([undefined, undefined, undefined]);
  });

  it('revokes through 503s on the deletes, and fails while the ServiceAccount stays', async () => {
    const grant = newGrant();
    await tokens.provision(grant);
    let n = 0;
    fault = r =>
      r.verb === 'delete' && n++ % 2 === 0
        ? { status: { code: 503, reason: 'ServiceUnavailable' } }
        : undefined;
    await tokens.revoke(grant);
    expect(await objectsOf(grant)).toEqual([undefined, undefined, undefined]);

    const other = newGrant();
    await tokens.provision(other);
    fault = r =>
      r.verb === 'delete' && r.resource === 'serviceaccounts'
        ? { status: { code: 503, reason: 'ServiceUnavailable' } }
        : undefined;
    await expect(tokens.revoke(other)).rejects.toMatchObject({ code: 503 });
    expect((await objectsOf(other))[0]).toBe(other.id);
  });
});
