import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { KubernetesFault, KubernetesRequestInfo } from '@eks-aiml/sandbox';
import { startSandboxWorld } from '../__testUtils__/sandboxWorld';
import { ObjectClient } from '../kubernetes/objectClient';
import { KubeObject } from '../kubernetes/types';
import { createProjectRetireAction } from './projectRetire';
import { createWorkloadApplyAction } from './workloadApply';
import { createWorkloadRenderAction } from './workloadRender';

jest.setTimeout(90_000);

const CLUSTER = 'ml-sandbox-use1';
const NAMESPACE = 'ml-research-inference';
const PROJECT = 'retire-chat';
const ORIGIN = `url:https://github.com/acme-ml/${PROJECT}/blob/main/catalog-info.yaml`;

const ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: PROJECT,
    namespace: 'default',
    uid: 'entity-uid',
    annotations: {
      'backstage.io/kubernetes-id': PROJECT,
      'aiml.eks.aws/cluster': CLUSTER,
      'backstage.io/managed-by-origin-location': ORIGIN,
    },
  },
  spec: { type: 'ml-inference', owner: 'group:default/ml-research' },
};

/** The catalog as far as retiring uses it: the project's entity and its location. */
function fakeCatalog() {
  const state = { registered: true };
  return {
    state,
    getEntityByRef: jest.fn(async () =>
      state.registered ? ENTITY : undefined,
    ),
    getLocationByRef: jest.fn(async () =>
      state.registered
        ? { id: 'loc-1', type: 'url', target: ORIGIN }
        : undefined,
    ),
    getEntities: jest.fn(async () => ({ items: [ENTITY] })),
    removeLocationById: jest.fn(async () => {
      state.registered = false;
    }),
    removeEntityByUid: jest.fn(),
  };
}

type Fault = (
  r: KubernetesRequestInfo & { cluster: string },
) => KubernetesFault | undefined;

/**
 * aiml:project:retire on the sandbox, after the golden path's render and apply
 * made the project: the real clients over the wire, the catalog and the
 * permission policy faked (the portal's policy is tested on its own, and the
 * whole through the portal in test/integration/projectRetire.test.ts).
 */
describe('aiml:project:retire on the sandbox', () => {
  let world: Awaited<ReturnType<typeof startSandboxWorld>>;
  let fault: Fault = () => undefined;
  const workspace = createMockDirectory();
  let catalog: ReturnType<typeof fakeCatalog>;
  /** The portal's policy for aiml.project.retire: lee leads ml-research. */
  const permissions = {
    authorize: jest.fn(async (requests: unknown[], { credentials }: any) =>
      requests.map(() => ({
        result:
          credentials.principal.userEntityRef === 'user:default/lee'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    ),
    authorizeConditional: jest.fn(),
  };

  beforeAll(async () => {
    world = await startSandboxWorld({ kubernetesFault: r => fault(r) });
    const outputs = async (action: any, input: object) => {
      const ctx = createMockActionContext({
        input: input as any,
        user: { ref: 'user:default/maya' },
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    };
    const rendered = await outputs(createWorkloadRenderAction(world), {
      cluster: CLUSTER,
      team: 'ml-research',
      owner: 'group:default/ml-research',
      component: PROJECT,
      workload: 'vllm',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 1,
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      huggingFaceTokenSecret: 'hf-token',
    });
    await outputs(createWorkloadApplyAction(world), {
      cluster: CLUSTER,
      team: 'ml-research',
      namespace: rendered.namespace,
      component: PROJECT,
      paths: rendered.files,
    });
    const admin = client();
    // Made by hand with the project's id, and the project's labels in another team's namespace.
    await admin.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `${PROJECT}-notes`,
          namespace: NAMESPACE,
          labels: { 'backstage.io/kubernetes-id': PROJECT },
        },
        data: { notes: 'kept' },
      },
      { force: false },
    );
    await admin.apply(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: `${PROJECT}-workload`,
          namespace: 'recsys-training',
          labels: {
            'backstage.io/kubernetes-id': PROJECT,
            'app.kubernetes.io/managed-by': 'eks-aiml',
          },
        },
      },
      { force: false },
    );
  });
  afterAll(() => world?.sandbox.stop());
  beforeEach(() => {
    catalog = fakeCatalog();
    fault = () => undefined;
  });

  function client() {
    return ObjectClient.forCluster(CLUSTER, world.adminKubeConfig(CLUSTER));
  }

  const retire = async (
    input: Record<string, unknown>,
    user = 'user:default/lee',
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: { project: `component:default/${PROJECT}`, ...input } as any,
        user: { ref: user },
        workspacePath: workspace.path,
      }),
      getInitiatorCredentials: async () => mockCredentials.user(user),
    };
    const lines: string[] = [];
    jest.spyOn(ctx.logger, 'info').mockImplementation((m: any) => {
      lines.push(String(m));
      return ctx.logger;
    });
    const action = createProjectRetireAction({
      ...world,
      catalog: catalog as any,
      permissions: permissions as any,
    });
    await action.handler(ctx as any);
    return {
      lines,
      out: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
    };
  };

  /** The project's objects the golden path made, as the cluster has them now. */
  const projectObjects = async () => {
    const kinds: Array<[string, string]> = [
      ['v1', 'ServiceAccount'],
      ['v1', 'Service'],
      ['apps/v1', 'Deployment'],
      ['monitoring.coreos.com/v1', 'PodMonitor'],
      ['keda.sh/v1alpha1', 'ScaledObject'],
      ['s3.services.k8s.aws/v1alpha1', 'Bucket'],
      ['ecr.services.k8s.aws/v1alpha1', 'Repository'],
      ['eks.services.k8s.aws/v1alpha1', 'PodIdentityAssociation'],
    ];
    const found: KubeObject[] = [];
    for (const [apiVersion, kind] of kinds) {
      found.push(
        ...(await client().list({
          apiVersion,
          kind,
          namespace: NAMESPACE,
          labelSelector: `backstage.io/kubernetes-id=${PROJECT}`,
        })),
      );
    }
    return found.map(o => `${o.kind}/${o.metadata.name}`).sort();
  };

  const buckets = async () => {
    const { awsEndpoint, adminToken } = world.sandbox.connection();
    const res = await fetch(`${awsEndpoint}/sandbox/s3/buckets`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    const body = await res.json();
    return body.buckets as Array<{ name: string; origin: string }>;
  };

  const ALL = [
    'Bucket/retire-chat',
    'ConfigMap/retire-chat-notes',
    'Deployment/retire-chat',
    'PodIdentityAssociation/retire-chat',
    'PodMonitor/retire-chat',
    'Repository/retire-chat',
    'ScaledObject/retire-chat',
    'Service/retire-chat',
    'ServiceAccount/retire-chat-workload',
  ].filter(o => !o.startsWith('ConfigMap'));

  it('refuses a member of the team who does not lead it, before touching the cluster or the catalog', async () => {
    const mark = world.requests.length;
    await expect(
      retire({ dryRun: false }, 'user:default/maya'),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'user:default/maya may not retire projects of team "ml-research": only its leads (the Group\'s aiml.eks.aws/team-leads annotation) and platform admins may (permission aiml.project.retire)',
    });
    expect(permissions.authorize).toHaveBeenLastCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'aiml.project.retire' }),
          resourceRef: 'group:default/ml-research',
        },
      ],
      { credentials: mockCredentials.user('user:default/maya') },
    );
    expect(world.requests.slice(mark)).toEqual([]);
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
    expect(await projectObjects()).toEqual(ALL);
  });

  it('lists what would go in a dry run (the default), and changes nothing', async () => {
    const mark = world.requests.length;
    const { out, lines } = await retire({});
    expect(world.writesSince(mark)).toEqual([]);
    expect(out.objects.map((o: any) => `${o.kind}: ${o.result}`)).toEqual([
      'ScaledObject: would be deleted',
      'Deployment: would be scaled to 0, then deleted',
      'PodMonitor: would be deleted',
      'Service: would be deleted',
      'PodIdentityAssociation: would be deletion-policy delete: ACK deletes the EKS Pod Identity association, then deleted',
      'Repository: would be deletion-policy delete, force-delete: ACK deletes the ECR repository ml-research/retire-chat and its images, then deleted',
      'Bucket: would be deletion-policy retain: AWS keeps the S3 bucket retire-chat-111122223333, then deleted',
      'ServiceAccount: would be deleted',
      "ConfigMap: left alone: it has the project's backstage.io/kubernetes-id but not the golden path's app.kubernetes.io/managed-by=eks-aiml label",
    ]);
    expect(out.objects.every((o: any) => o.namespace === NAMESPACE)).toBe(true);
    expect(out.namespaces).toEqual([
      'ml-research-inference',
      'ml-research-training',
    ]);
    expect(out.catalog).toBe(
      `would remove location ${ORIGIN} and with it component:default/${PROJECT}`,
    );
    expect(lines).toContain(
      `Deployment ${NAMESPACE}/${PROJECT} (apps/v1): would be scaled to 0, then deleted`,
    );
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
    const deleting = await retire({ bucket: 'delete' });
    expect(
      deleting.out.objects.find((o: any) => o.kind === 'Bucket').result,
    ).toBe(
      'would be deletion-policy delete: ACK deletes the S3 bucket retire-chat-111122223333 once it is empty, then deleted',
    );
  });

  it('retires it: a failure half-way fails the task, and a second run finishes; the bucket stays in S3, only what the golden path made in the team namespaces goes', async () => {
    expect(await buckets()).toContainEqual(
      expect.objectContaining({
        name: 'retire-chat-111122223333',
        origin: 'ack',
      }),
    );
    // The first run loses its connection when it deletes the Repository.
    let failed = false;
    fault = r =>
      !failed && r.verb === 'delete' && r.resource === 'repositories'
        ? ((failed = true), { drop: true })
        : undefined;
    const mark = world.requests.length;
    await expect(retire({ dryRun: false })).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('deleting Repository'),
    });
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
    expect(await projectObjects()).toEqual([
      'Bucket/retire-chat',
      'Repository/retire-chat',
      'ServiceAccount/retire-chat-workload',
    ]);
    // Held before deleted, autoscaler first.
    expect(
      world
        .writesSince(mark)
        .slice(0, 3)
        .map(
          r =>
            `${r.method} ${r.path
              .split('?')[0]
              .split('/')
              .slice(-2)
              .join('/')}`,
        ),
    ).toEqual([
      'DELETE scaledobjects/retire-chat',
      'PATCH deployments/retire-chat',
      'DELETE deployments/retire-chat',
    ]);

    const second = await retire({ dryRun: false });
    expect(
      second.out.objects.map((o: any) => `${o.kind}: ${o.result}`),
    ).toEqual([
      'Repository: deletion-policy delete, force-delete: ACK deletes the ECR repository ml-research/retire-chat and its images; deleted',
      'Bucket: deletion-policy retain: AWS keeps the S3 bucket retire-chat-111122223333; deleted',
      'ServiceAccount: deleted',
      "ConfigMap: left alone: it has the project's backstage.io/kubernetes-id but not the golden path's app.kubernetes.io/managed-by=eks-aiml label",
    ]);
    expect(second.out.catalog).toBe(
      `removed location ${ORIGIN} and with it component:default/${PROJECT}`,
    );
    expect(catalog.removeLocationById).toHaveBeenCalledWith('loc-1', {
      credentials: mockCredentials.user('user:default/lee'),
    });
    expect(await projectObjects()).toEqual([]);
    expect(await buckets()).toContainEqual(
      expect.objectContaining({
        name: 'retire-chat-111122223333',
        origin: 'retained',
      }),
    );
    // Left alone: the hand-made ConfigMap, and the same labels in another team's namespace.
    expect(
      await client().get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${PROJECT}-notes`, namespace: NAMESPACE },
      }),
    ).toBeDefined();
    expect(
      await client().get({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: `${PROJECT}-workload`, namespace: 'recsys-training' },
      }),
    ).toBeDefined();
  });
});
