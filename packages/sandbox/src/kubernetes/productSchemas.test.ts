import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';

jest.setTimeout(30_000);

const NAMESPACE = 'ml-research-training';

/** A RayJob as the product renders them, reduced to what its schema requires. */
const rayJob = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayJob',
  metadata: { name, namespace: NAMESPACE },
  spec: {
    entrypoint: 'python -m src.main',
    rayClusterSpec: {
      headGroupSpec: {
        template: {
          spec: {
            containers: [{ name: 'ray-head', image: 'rayproject/ray:2.46.0' }],
          },
        },
      },
      workerGroupSpecs: [
        {
          groupName: 'gpu-workers',
          minReplicas: 1,
          maxReplicas: 2,
          template: {
            spec: {
              containers: [
                { name: 'ray-worker', image: 'rayproject/ray:2.46.0' },
              ],
            },
          },
        },
      ],
    },
    ...spec,
  },
});

async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (e) {
    if (e instanceof ApiException) {
      return { code: e.code, body: JSON.parse(e.body as string) };
    }
    throw e;
  }
  throw new Error('the call succeeded');
}

// The product's schemas of its custom kinds, over the wire with the real client.
describe("the sandbox enforces the product's schemas of custom kinds", () => {
  let sandbox: Sandbox;
  let custom: CustomObjectsApi;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext('ml-sandbox-use1');
    custom = kc.makeApiClient(CustomObjectsApi);
    objects = KubernetesObjectApi.makeApiClient(kc);
  });
  afterAll(() => sandbox?.stop());

  const rayJobs = {
    group: 'ray.io',
    version: 'v1',
    namespace: NAMESPACE,
    plural: 'rayjobs',
  };
  const create = (body: object) =>
    custom.createNamespacedCustomObject({ ...rayJobs, body });
  /** Server-side apply as the product's client sends it: fieldValidation=Strict. */
  const apply = (body: { metadata: { name: string } }) =>
    custom.patchNamespacedCustomObject(
      {
        ...rayJobs,
        name: body.metadata.name,
        body,
        fieldManager: 'eks-aiml',
        fieldValidation: 'Strict',
        force: true,
      },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );

  it('accepts a valid RayJob and refuses an invalid one with 422 Invalid and field causes', async () => {
    expect(await create(rayJob('valid'))).toMatchObject({
      metadata: { name: 'valid', generation: 1 },
    });

    const invalid = rayJob('invalid', { submissionMode: 'Eventually' });
    const group = (invalid.spec.rayClusterSpec as any).workerGroupSpecs[0];
    group.minReplicas = 3;
    delete (invalid.spec as any).entrypoint;
    const refused = await failure(create(invalid));
    expect(refused.code).toBe(422);
    expect(refused.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      details: { name: 'invalid', group: 'ray.io', kind: 'RayJob' },
    });
    expect(refused.body.message).toMatch(
      /^RayJob.ray.io "invalid" is invalid: \[/,
    );
    expect(refused.body.details.causes).toEqual([
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.entrypoint',
      },
      {
        reason: 'FieldValueNotSupported',
        message: expect.stringMatching(
          /^Unsupported value: "Eventually": supported values: "K8sJobMode", /,
        ),
        field: 'spec.submissionMode',
      },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: "object": minReplicas <= replicas <= maxReplicas',
        field: 'spec.rayClusterSpec.workerGroupSpecs[0]',
      },
    ]);
    // Nothing was stored.
    expect(
      (
        await failure(
          custom.getNamespacedCustomObject({ ...rayJobs, name: 'invalid' }),
        )
      ).code,
    ).toBe(404);
  });

  it('refuses unknown fields under fieldValidation=Strict and prunes them otherwise, as a CRD does', async () => {
    const misspelt = rayJob('misspelt', { entryPoint: 'python x.py' });
    const strict = await failure(apply(misspelt));
    expect(strict.code).toBe(400);
    expect(strict.body.message).toBe(
      'RayJob in version "v1" cannot be handled as a RayJob: strict decoding error: unknown field "spec.entryPoint"',
    );
    const pruned = (await create(misspelt)) as any;
    expect(pruned.spec.entryPoint).toBeUndefined();
    expect(pruned.spec.entrypoint).toBe('python -m src.main');
  });

  it('validates updates and server-side applies too, and serves the ACK kinds of the golden paths', async () => {
    const applied = rayJob('valid', {
      entrypoint: 'python -m src.main --resume',
    });
    expect(((await apply(applied)) as any).metadata.generation).toBe(2);
    const broken = structuredClone(applied);
    (broken.spec.rayClusterSpec as any).headGroupSpec.template.spec.containers =
      [];
    const refused = await failure(apply(broken));
    expect(refused.code).toBe(422);
    expect(refused.body.details.causes[0].field).toBe(
      'spec.rayClusterSpec.headGroupSpec.template.spec.containers',
    );

    for (const [apiVersion, kind] of [
      ['s3.services.k8s.aws/v1alpha1', 'Bucket'],
      ['ecr.services.k8s.aws/v1alpha1', 'Repository'],
      ['eks.services.k8s.aws/v1alpha1', 'PodIdentityAssociation'],
    ]) {
      const res = await failure(
        objects.create({
          apiVersion,
          kind,
          metadata: { name: 'no-spec', namespace: NAMESPACE },
        }),
      );
      expect([kind, res.code, res.body.message]).toEqual([
        kind,
        422,
        expect.stringContaining('spec: Required value'),
      ]);
    }
  });
  it("refuses a wrong field in the serving add-ons' PodMonitor and ScaledObject, as their CRDs do", async () => {
    const podMonitors = {
      group: 'monitoring.coreos.com',
      version: 'v1',
      namespace: NAMESPACE,
      plural: 'podmonitors',
    };
    const scaledObjects = {
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: NAMESPACE,
      plural: 'scaledobjects',
    };
    const podMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'llama', namespace: NAMESPACE },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'llama' } },
        podMetricsEndpoints: [{ port: 'http', path: '/metrics' }],
      },
    };
    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'llama', namespace: NAMESPACE },
      spec: {
        scaleTargetRef: { name: 'llama' },
        minReplicaCount: 1,
        maxReplicaCount: 2,
        triggers: [
          {
            type: 'prometheus',
            metadata: {
              serverAddress: 'http://prometheus-operated.monitoring.svc:9090',
              query: 'sum(vllm:num_requests_waiting)',
              threshold: '5',
            },
          },
        ],
      },
    };
    expect(
      await custom.createNamespacedCustomObject({
        ...podMonitors,
        body: podMonitor,
      }),
    ).toMatchObject({ metadata: { name: 'llama' } });
    expect(
      await custom.createNamespacedCustomObject({
        ...scaledObjects,
        body: scaledObject,
      }),
    ).toMatchObject({ metadata: { name: 'llama' } });

    // A misspelt endpoint list under Strict field validation: 400, as a CRD's structural schema answers.
    const misspelt = structuredClone(podMonitor) as any;
    misspelt.metadata.name = 'misspelt';
    misspelt.spec.podMetricEndpoints = misspelt.spec.podMetricsEndpoints;
    delete misspelt.spec.podMetricsEndpoints;
    const strict = await failure(
      custom.patchNamespacedCustomObject(
        {
          ...podMonitors,
          name: 'misspelt',
          body: misspelt,
          fieldManager: 'eks-aiml',
          fieldValidation: 'Strict',
          force: true,
        },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      ),
    );
    expect(strict.code).toBe(400);
    expect(strict.body.message).toMatch(
      /unknown field "spec.podMetricEndpoints"/,
    );

    // A number where KEDA's trigger metadata holds strings, and min above max: 422 with causes.
    const invalid = structuredClone(scaledObject) as any;
    invalid.metadata.name = 'invalid';
    invalid.spec.triggers[0].metadata.threshold = 5;
    invalid.spec.minReplicaCount = 3;
    const refused = await failure(
      custom.createNamespacedCustomObject({ ...scaledObjects, body: invalid }),
    );
    expect(refused.code).toBe(422);
    expect(
      refused.body.details.causes.map((c: { field: string }) => c.field),
    ).toEqual(expect.arrayContaining(['spec.triggers[0].metadata.threshold']));
  });
});
