import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { startSandboxWorld } from '../__testUtils__/sandboxWorld';
import { ObjectClient } from '../kubernetes/objectClient';
import { KubeObject } from '../kubernetes/types';
import { buildTeamNamespace } from '../namespaces/namespaceObjects';
import { provisionNamespace } from '../namespaces/provisionNamespace';
import { namespaceQuota } from '../namespaces/quota';
import { createNamespaceProvisionAction } from './namespaceProvision';

jest.setTimeout(60_000);

// Through the wire: the real EKS, STS and Kubernetes clients against the sandbox.
describe('aiml:namespace:provision on the sandbox', () => {
  let world: Awaited<ReturnType<typeof startSandboxWorld>>;
  let action: ReturnType<typeof createNamespaceProvisionAction>;

  beforeAll(async () => {
    world = await startSandboxWorld();
    action = createNamespaceProvisionAction(world);
  });
  afterAll(() => world?.sandbox.stop());

  const admin = (cluster: string) =>
    ObjectClient.forCluster(cluster, world.adminKubeConfig(cluster));

  /** Every object as the cluster has it: full JSON, resourceVersion and managedFields included. */
  const liveObjects = async (
    cluster: string,
    objects: Array<{
      apiVersion: string;
      kind: string;
      name: string;
      namespace?: string;
    }>,
  ) => {
    const client = admin(cluster);
    return Promise.all(
      objects.map(o =>
        client.get({
          apiVersion: o.apiVersion,
          kind: o.kind,
          metadata: { name: o.name, namespace: o.namespace },
        }),
      ),
    );
  };

  const run = async (
    input: Record<string, unknown>,
    user: string,
    isDryRun = false,
  ) => {
    const ctx = {
      ...createMockActionContext({ input: input as any, user: { ref: user } }),
      isDryRun,
    };
    await action.handler(ctx);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return outputs;
  };

  it('provisions a new namespace, and a second run leaves every object identical, resourceVersion included', async () => {
    const input = {
      cluster: 'ml-sandbox-use1',
      team: 'finops',
      workloadType: 'training',
      component: 'spend-forecast',
      defaultDenyIngress: true,
    };
    const first = await run(input, 'user:default/fatima');
    expect(first.namespace).toBe('finops-training');
    expect(first.quota).toEqual({
      gpu: 8,
      neuronCores: 32,
      neuronDevices: 16,
      cpu: 464,
      memory: '3136Gi',
    });
    expect(first.objects.map((o: any) => `${o.kind}:${o.result}`)).toEqual([
      'Namespace:created',
      'ResourceQuota:created',
      'LimitRange:created',
      'RoleBinding:created',
      'NetworkPolicy:created',
    ]);
    const before = await liveObjects('ml-sandbox-use1', first.objects);
    expect(before.every(Boolean)).toBe(true);
    expect(before[0]!.metadata.labels).toMatchObject({
      team: 'finops',
      'workload-type': 'training',
      'app.kubernetes.io/managed-by': 'eks-aiml',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    // The namespace's one binding: the portal's read-only identity, from the broker's namespace.
    expect(before[3]).toMatchObject({
      metadata: { name: 'aiml-portal-reader' },
      roleRef: { kind: 'ClusterRole', name: 'aiml-view' },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'aiml-portal-reader',
          namespace: 'aiml-access',
        },
      ],
    });
    expect(before[0]!.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'eks-aiml', operation: 'Apply' }),
    ]);

    const mark = world.requests.length;
    const second = await run(input, 'user:default/fatima');
    expect(second.objects.map((o: any) => o.result)).toEqual(
      Array(5).fill('unchanged'),
    );
    expect(world.writesSince(mark).map(r => r.method)).toEqual(
      Array(5).fill('PATCH'),
    );
    const after = await liveObjects('ml-sandbox-use1', first.objects);
    expect(after).toEqual(before);
  });

  it("takes over the team's existing managed namespace, and the quota comes from the Group", async () => {
    const input = {
      cluster: 'ml-sandbox-use1',
      team: 'recsys',
      workloadType: 'training',
      component: 'ranker-train',
      podSecurity: 'baseline',
    };
    const first = await run(input, 'user:default/omar');
    expect(first.costCenter).toBe('cc-1003');
    expect(first.objects.map((o: any) => `${o.kind}:${o.result}`)).toEqual([
      'Namespace:configured',
      'ResourceQuota:created',
      'LimitRange:created',
      // The world's managed namespaces already carry the reader's binding, as provisioning made it.
      'RoleBinding:configured',
    ]);
    expect(first.quota.gpu).toBe(16);
    const [namespace, quota] = await liveObjects(
      'ml-sandbox-use1',
      first.objects,
    );
    expect(namespace!.metadata.labels).toMatchObject({
      team: 'recsys',
      'cost-center': 'cc-1003',
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    expect((quota as any).spec.hard['requests.nvidia.com/gpu']).toBe('16');
    const again = await run(input, 'user:default/omar');
    expect(again.objects.map((o: any) => o.result)).toEqual(
      Array(4).fill('unchanged'),
    );
  });

  it("converges a namespace an earlier version provisioned: its deployer's edit binding and ServiceAccount go, and the next run has nothing to do", async () => {
    const cluster = 'ml-sandbox-usw2';
    const input = {
      cluster,
      team: 'recsys',
      workloadType: 'inference',
      component: 'ranker-serving',
    };
    const first = await run(input, 'user:default/omar');
    expect(first.objects.map((o: any) => o.result)).toContain('created');
    // What provisioning used to make: a standing identity bound to edit.
    const labels = {
      'app.kubernetes.io/managed-by': 'eks-aiml',
      team: 'recsys',
      'backstage.io/kubernetes-id': 'ranker-serving',
    };
    const legacy: KubeObject[] = [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'ranker-serving-deployer',
          namespace: 'recsys-inference',
          labels,
        },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {
          name: 'ranker-serving-deployer',
          namespace: 'recsys-inference',
          labels,
        },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'edit',
        },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'ranker-serving-deployer',
            namespace: 'recsys-inference',
          },
        ],
      },
    ];
    // And a binding that is not provisioning's: left alone.
    const someoneElses: KubeObject = {
      ...legacy[1],
      metadata: {
        name: 'ci-deployer',
        namespace: 'recsys-inference',
        labels: { team: 'recsys' },
      },
      subjects: [
        { kind: 'ServiceAccount', name: 'ci', namespace: 'recsys-inference' },
      ],
    };
    for (const o of [...legacy, someoneElses]) {
      await admin(cluster).apply(o, { force: false });
    }

    const dry = await run(input, 'user:default/omar', true);
    expect(
      dry.objects
        .filter((o: any) => o.result === 'would-delete')
        .map((o: any) => `${o.kind}/${o.name}`),
    ).toEqual([
      'RoleBinding/ranker-serving-deployer',
      'ServiceAccount/ranker-serving-deployer',
    ]);
    expect(await admin(cluster).get(legacy[1])).toBeDefined();

    const second = await run(input, 'user:default/omar');
    expect(second.objects.map((o: any) => `${o.kind}:${o.result}`)).toEqual([
      'Namespace:unchanged',
      'ResourceQuota:unchanged',
      'LimitRange:unchanged',
      'RoleBinding:unchanged',
      'RoleBinding:deleted',
      'ServiceAccount:deleted',
    ]);
    for (const o of legacy) {
      expect(await admin(cluster).get(o)).toBeUndefined();
    }
    expect(await admin(cluster).get(someoneElses)).toBeDefined();

    const mark = world.requests.length;
    const third = await run(input, 'user:default/omar');
    expect(third.objects.map((o: any) => o.result)).toEqual(
      Array(4).fill('unchanged'),
    );
    expect(world.writesSince(mark).map(r => r.method)).toEqual(
      Array(4).fill('PATCH'),
    );
  });

  it('dry-runs with GET requests only, saying what it would do', async () => {
    const input = {
      cluster: 'ml-sandbox-use1',
      team: 'ml-research',
      workloadType: 'inference',
      component: 'chat-eval',
    };
    const mark = world.requests.length;
    const out = await run(input, 'user:default/maya', true);
    const requests = world.requests.slice(mark);
    expect(requests.length).toBeGreaterThan(0);
    expect(world.writesSince(mark)).toEqual([]);
    expect(out.namespace).toBe('ml-research-inference');
    expect(out.objects.map((o: any) => `${o.kind}:${o.result}`)).toEqual([
      'Namespace:would-apply',
      'ResourceQuota:would-create',
      'LimitRange:would-create',
      'RoleBinding:would-apply',
    ]);
    const live = await liveObjects('ml-sandbox-use1', out.objects);
    expect(live.slice(1, 3)).toEqual([undefined, undefined]);
  });

  describe('refuses, and changes nothing:', () => {
    const objectsFor = (namespace: string) =>
      buildTeamNamespace({
        namespace,
        team: 'ml-research',
        workloadType: 'training',
        quota: namespaceQuota({ gpu: 8, neuronCores: 32 }),
        podSecurity: 'restricted',
        defaultDenyIngress: true,
      });

    it.each([
      ['kube-system', 'NotAllowedError', /is a system namespace/],
      ['default', 'NotAllowedError', /is a system namespace/],
      [
        'legacy-experiments',
        'ConflictError',
        /is not managed by eks-aiml .* never adopts an existing namespace/,
      ],
      [
        'recsys-training',
        'NotAllowedError',
        /belongs to team "recsys", not "ml-research"/,
      ],
      [
        'ml-platform-inference',
        'NotAllowedError',
        /belongs to team "ml-platform"/,
      ],
    ])('%s', async (namespace, name, message) => {
      const objects = objectsFor(namespace);
      const before = await liveObjects(
        'ml-sandbox-use1',
        objects.map(o => ({
          ...o,
          name: o.metadata.name,
          namespace: o.metadata.namespace,
        })),
      );
      const mark = world.requests.length;
      await expect(
        provisionNamespace({
          client: ObjectClient.forCluster(
            'ml-sandbox-use1',
            await world.registry.getBackendKubeConfig('ml-sandbox-use1'),
          ),
          team: 'ml-research',
          objects,
          dryRun: false,
        }),
      ).rejects.toMatchObject({
        name,
        message: expect.stringMatching(message),
      });
      expect(world.writesSince(mark)).toEqual([]);
      const after = await liveObjects(
        'ml-sandbox-use1',
        objects.map(o => ({
          ...o,
          name: o.metadata.name,
          namespace: o.metadata.namespace,
        })),
      );
      expect(after).toEqual(before);
    });

    it('through the action: a namespace of the team’s name that is managed for another team', async () => {
      const seeded: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'finops-inference',
          labels: {
            team: 'recsys',
            'app.kubernetes.io/managed-by': 'eks-aiml',
          },
        },
      };
      await admin('ml-sandbox-usw2').apply(seeded, { force: false });
      const before = await admin('ml-sandbox-usw2').get(seeded);
      const mark = world.requests.length;
      await expect(
        run(
          {
            cluster: 'ml-sandbox-usw2',
            team: 'finops',
            workloadType: 'inference',
            component: 'x',
          },
          'user:default/fatima',
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'belongs to team "recsys", not "finops"',
        ),
      });
      expect(world.writesSince(mark)).toEqual([]);
      expect(await admin('ml-sandbox-usw2').get(seeded)).toEqual(before);
    });

    it('through the action: an existing namespace it does not manage', async () => {
      const seeded: KubeObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'finops-training' },
      };
      await admin('ml-sandbox-usw2').apply(seeded, { force: false });
      const mark = world.requests.length;
      await expect(
        run(
          {
            cluster: 'ml-sandbox-usw2',
            team: 'finops',
            workloadType: 'training',
            component: 'x',
          },
          'user:default/fatima',
          true,
        ),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect(world.writesSince(mark)).toEqual([]);
    });

    it('through the action: a user who is not in the team, without a single request', async () => {
      const mark = world.requests.length;
      await expect(
        run(
          {
            cluster: 'ml-sandbox-use1',
            team: 'recsys',
            workloadType: 'training',
            component: 'x',
          },
          'user:default/maya',
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      expect(world.requests.slice(mark)).toEqual([]);
    });
  });
});
