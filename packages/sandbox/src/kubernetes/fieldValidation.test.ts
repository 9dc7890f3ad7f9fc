/**
 * Server-side field validation through the wire: unknown and duplicate fields of
 * built-in kinds under each `fieldValidation` directive, with the real API
 * server's messages and Warning headers.
 */
import { duplicateFields } from './fieldValidation';
import {
  rawRequest,
  startTestCluster,
  TestCluster,
} from './__testUtils__/testCluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster(['team-a']);
});

afterAll(() => cluster.close());

const DEPLOYMENTS = '/apis/apps/v1/namespaces/team-a/deployments';

function deployment(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'nginx', ...extra }] },
      },
    },
  };
}

const post = (query: string, body: string) =>
  rawRequest(cluster, 'POST', `${DEPLOYMENTS}${query}`, {
    body,
    headers: { 'content-type': 'application/json' },
  });

describe('fieldValidation on built-in kinds', () => {
  it('warns by default and drops the unknown field', async () => {
    const res = await post(
      '',
      JSON.stringify(deployment('warned', { imagee: 'x' })),
    );
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe(
      '299 - "unknown field \\"spec.template.spec.containers[0].imagee\\""',
    );
    expect(res.json().spec.template.spec.containers[0]).toEqual({
      name: 'warned',
      image: 'nginx',
    });
  });

  it('drops silently under Ignore', async () => {
    const res = await post(
      '?fieldValidation=Ignore',
      JSON.stringify(deployment('ignored', { imagee: 'x' })),
    );
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
    expect(res.json().spec.template.spec.containers[0].imagee).toBeUndefined();
  });

  it('refuses unknown and duplicate fields under Strict with the strict decoding error', async () => {
    const text = JSON.stringify(deployment('strict', { imagee: 'x' })).replace(
      '"spec":{',
      '"spec":{"replicas":1,"replicas":2,',
    );
    const res = await post('?fieldValidation=Strict', text);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "spec.replicas", unknown field "spec.template.spec.containers[0].imagee"',
    });
    // A patch that adds an unknown field is refused on the patch, as the API server does.
    expect((await post('', JSON.stringify(deployment('patched')))).status).toBe(
      201,
    );
    const patched = await rawRequest(
      cluster,
      'PATCH',
      `${DEPLOYMENTS}/patched?fieldValidation=Strict`,
      {
        body: JSON.stringify({ spec: { paused: true, pasued: true } }),
        headers: { 'content-type': 'application/merge-patch+json' },
      },
    );
    expect(patched.status).toBe(422);
    expect(patched.json().message).toMatch(
      /^ "" is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec.pasued"$/,
    );
  });

  it('refuses a directive it does not know, as the options are validated', async () => {
    const res = await post(
      '?fieldValidation=Loose',
      JSON.stringify(deployment('loose')),
    );
    expect(res.status).toBe(422);
    expect(res.json().message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    );
  });
});

describe('duplicateFields', () => {
  it('finds members a JSON text has twice, by path', () => {
    expect(
      duplicateFields(
        '{"a":1,"b":{"c":[{"d":1,"d":"x"}],"c":[]},"a":{"e":"}"}}',
      ),
    ).toEqual(['b.c[0].d', 'b.c', 'a']);
    expect(duplicateFields('{"a":"\\"","b":[1,2,{}]}')).toEqual([]);
    expect(duplicateFields('not json')).toEqual([]);
  });
});
