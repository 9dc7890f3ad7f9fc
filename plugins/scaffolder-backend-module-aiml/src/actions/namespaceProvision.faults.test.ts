import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { KubernetesFault, KubernetesRequestInfo } from '@eks-aiml/sandbox';
import { startSandboxWorld } from '../__testUtils__/sandboxWorld';
import { ObjectClient } from '../kubernetes/objectClient';
import { createNamespaceProvisionAction } from './namespaceProvision';

jest.setTimeout(60_000);

type Fault = (
  r: KubernetesRequestInfo & { cluster: string },
) => KubernetesFault | undefined;

// Through the wire, with the sandbox's fault injection: one apply of the step meets a
// conflict, throttling, a lost answer or a dropped connection.
describe('aiml:namespace:provision under Kubernetes API faults', () => {
  let world: Awaited<ReturnType<typeof startSandboxWorld>>;
  let action: ReturnType<typeof createNamespaceProvisionAction>;
  let fault: Fault = () => undefined;

  beforeAll(async () => {
    world = await startSandboxWorld({ kubernetesFault: r => fault(r) });
    action = createNamespaceProvisionAction(world);
  });
  afterAll(() => world?.sandbox.stop());
  afterEach(() => {
    fault = () => undefined;
  });

  const run = async (input: Record<string, unknown>) => {
    const ctx = createMockActionContext({
      input: input as any,
      user: { ref: 'user:default/fatima' },
    });
    await action.handler(ctx);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  };

  /** Faults the first apply of one kind on one cluster, and nothing else. */
  const once = (cluster: string, resource: string, f: KubernetesFault) => {
    let used = false;
    fault = r => {
      if (used || r.cluster !== cluster) return undefined;
      if (r.verb !== 'patch' || r.resource !== resource) return undefined;
      used = true;
      return f;
    };
  };

  it.each([
    [
      'a 409 Conflict that applied nothing',
      'ml-sandbox-use1',
      'training',
      'resourcequotas',
      {
        status: {
          code: 409,
          reason: 'Conflict',
          message:
            'Operation cannot be fulfilled on resourcequotas "aiml-accelerators": the object has been modified; please apply your changes to the latest version and try again',
        },
      },
      {
        name: 'ConflictError',
        message: expect.stringMatching(
          /the object has been modified.*another writer at the same time\); the step is safe to re-run/,
        ),
      },
    ],
    [
      '429 Too Many Requests',
      'ml-sandbox-use1',
      'inference',
      'limitranges',
      { status: { code: 429, reason: 'TooManyRequests' } },
      {
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(/\(HTTP 429\)/),
      },
    ],
    [
      'a 500 after the apply was made (a lost answer)',
      'ml-sandbox-usw2',
      'training',
      'limitranges',
      { status: { code: 500, reason: 'InternalError' }, afterApplying: true },
      {
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(/\(HTTP 500\)/),
      },
    ],
    [
      'a connection dropped after the apply was made',
      'ml-sandbox-usw2',
      'inference',
      'rolebindings',
      { drop: true, afterApplying: true },
      {
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(/applying RoleBinding/),
      },
    ],
  ])(
    'fails loudly on %s, and re-running it converges',
    async (_case, cluster, workloadType, resource, injected, error) => {
      const input = {
        cluster,
        team: 'finops',
        workloadType,
        component: 'spend-forecast',
      };
      once(cluster, resource, injected);
      await expect(run(input)).rejects.toMatchObject(error);

      const second = await run(input);
      const live = await Promise.all(
        second.objects.map((o: any) =>
          ObjectClient.forCluster(cluster, world.adminKubeConfig(cluster)).get({
            apiVersion: o.apiVersion,
            kind: o.kind,
            metadata: { name: o.name, namespace: o.namespace },
          }),
        ),
      );
      expect(live.map(o => o?.kind)).toEqual([
        'Namespace',
        'ResourceQuota',
        'LimitRange',
        'RoleBinding',
      ]);
      expect(live[0]!.metadata.labels).toMatchObject({
        team: 'finops',
        'workload-type': workloadType,
        'app.kubernetes.io/managed-by': 'eks-aiml',
      });
      expect((live[1] as any).spec.hard['requests.nvidia.com/gpu']).toBe('8');

      // And once more: nothing left to do.
      const mark = world.requests.length;
      const third = await run(input);
      expect(third.objects.map((o: any) => o.result)).toEqual(
        Array(4).fill('unchanged'),
      );
      expect(world.writesSince(mark).map(r => r.method)).toEqual(
        Array(4).fill('PATCH'),
      );
    },
  );
});
