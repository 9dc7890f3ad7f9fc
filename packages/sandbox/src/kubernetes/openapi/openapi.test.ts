/**
 * The OpenAPI documents through the wire, as kubectl and other clients read them.
 */
import {
  rawRequest,
  startTestCluster,
  TestCluster,
} from '../__testUtils__/testCluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster(['team-a']);
});

afterAll(() => cluster.close());

const get = (path: string, accept = 'application/json') =>
  rawRequest(cluster, 'GET', path, { headers: { accept } });

describe('OpenAPI v3', () => {
  it('lists a document per group-version, addressed by its hash', async () => {
    const root = (await get('/openapi/v3')).json();
    expect(Object.keys(root.paths)).toEqual(
      expect.arrayContaining([
        'api/v1',
        'apis/apps/v1',
        'apis/autoscaling/v2',
        'apis/ray.io/v1',
        'apis/kubeflow.org/v1',
        'apis/karpenter.sh/v1',
      ]),
    );
    const url: string = root.paths['apis/ray.io/v1'].serverRelativeURL;
    expect(url).toMatch(
      /^\/openapi\/v3\/apis\/ray\.io\/v1\?hash=[0-9A-F]{128}$/,
    );
    const doc = (await get(url)).json();
    expect(doc.openapi).toBe('3.0.0');
    // What kubectl looks for: the PATCH of the kind, with a fieldValidation parameter.
    const patch =
      doc.paths['/apis/ray.io/v1/namespaces/{namespace}/rayjobs/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'ray.io',
      version: 'v1',
      kind: 'RayJob',
    });
    expect(patch.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
      ]),
    );
    // CRDs take no strategic merge patch.
    expect(Object.keys(patch.requestBody.content)).not.toContain(
      'application/strategic-merge-patch+json',
    );
    const rayJob = doc.components.schemas['io.ray.v1.RayJob'];
    expect(rayJob['x-kubernetes-group-version-kind']).toEqual([
      { group: 'ray.io', version: 'v1', kind: 'RayJob' },
    ]);
    expect(rayJob.properties.spec.required).toEqual(
      expect.arrayContaining(['entrypoint', 'rayClusterSpec']),
    );
    expect(rayJob.properties.metadata).toEqual({
      $ref: '#/components/schemas/io.k8s.v1.ObjectMeta',
    });
  });

  it('types the built-in kinds from the Kubernetes API models', async () => {
    const doc = (await get('/openapi/v3/api/v1')).json();
    const schemas = doc.components.schemas;
    expect(schemas['io.k8s.v1.Pod']['x-kubernetes-group-version-kind']).toEqual(
      [{ group: '', version: 'v1', kind: 'Pod' }],
    );
    expect(schemas['io.k8s.v1.PodSpec'].properties.containers).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.v1.Container' },
    });
    expect(schemas['io.k8s.v1.ContainerPort'].properties.containerPort).toEqual(
      { type: 'integer', format: 'int32' },
    );
    const podPatch =
      doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(Object.keys(podPatch.requestBody.content)).toContain(
      'application/strategic-merge-patch+json',
    );
    expect((await get('/openapi/v3/apis/nope/v1')).status).toBe(404);
  });
});

describe('OpenAPI v2', () => {
  it('is served as JSON, and refused (406) to a client that takes protobuf only', async () => {
    const json = await get('/openapi/v2');
    expect(json.status).toBe(200);
    const doc = json.json();
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']).toBeUndefined();
    expect(
      doc.definitions['io.k8s.v1.Deployment'][
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(
      doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments'].post
        .parameters,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'body', in: 'body' }),
        expect.objectContaining({ name: 'fieldValidation', type: 'string' }),
      ]),
    );
    expect(JSON.stringify(doc)).not.toContain('#/components/schemas/');
    const protobuf = await get(
      '/openapi/v2',
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    );
    expect(protobuf.status).toBe(406);
  });
});
