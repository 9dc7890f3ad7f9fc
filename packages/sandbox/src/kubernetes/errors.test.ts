import https from 'node:https';
import { SandboxClock } from '../clock';
import {
  CertificateAndKey,
  createCertificateAuthority,
  issueServerCertificate,
} from '../tls/certificates';
import { createKubernetesApiServer, KubernetesApiServer } from '.';

// The rows of docs/kubernetes-errors.md the client-node tests do not reach, over raw HTTPS.

const TOKEN = 'admin';
let ca: CertificateAndKey;
let server: KubernetesApiServer;
let port: number;

beforeAll(async () => {
  ca = createCertificateAuthority('errors-ca');
  server = createKubernetesApiServer({
    clusterName: 'errors',
    clock: new SandboxClock(),
    tls: issueServerCertificate(ca, 'errors'),
    adminToken: TOKEN,
    eks: {
      verifyToken: async () => undefined,
      accessEntry: () => undefined,
      clusterCreatorArn: () => 'arn:aws:iam::111122223333:role/creator',
    },
    initialObjects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
    ],
  });
  port = await server.listen();
});

afterAll(() => server.close());

function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: ca.cert,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': contentType,
          'user-agent': 'errors-test/1.0',
        },
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    if (body !== undefined) {
      req.write(typeof body === 'string' ? body : JSON.stringify(body));
    }
    req.end();
  });
}

const CM = '/api/v1/namespaces/default/configmaps';

describe('the sandbox Kubernetes API server, error by error', () => {
  it('validates names per kind and requires one', async () => {
    const svc = await call('POST', '/api/v1/namespaces/default/services', {
      metadata: { name: '1web' },
      spec: {},
    });
    expect(svc.status).toBe(422);
    expect(svc.json.message).toContain(
      'Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of',
    );
    const unnamed = await call('POST', CM, { metadata: {} });
    expect(unnamed.json.message).toBe(
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
    const generated = await call('POST', CM, {
      metadata: { generateName: 'run-' },
    });
    expect(generated.status).toBe(201);
    expect(generated.json.metadata.name).toMatch(/^run-[a-z0-9]{5}$/);
    const labels = await call('POST', CM, {
      metadata: { name: 'l', labels: { ok: 'a b' } },
    });
    expect(labels.json.message).toContain(
      'metadata.labels: Invalid value: "a b": a valid label must be an empty string',
    );
    const pod = await call('POST', '/api/v1/namespaces/default/pods', {
      metadata: { name: 'Bad' },
      spec: {},
    });
    expect(pod.json.message).toMatch(
      /^Pod "Bad" is invalid: \[metadata\.name: Invalid value: "Bad": .*, spec\.containers: Required value\]$/,
    );
    expect(pod.json.details.causes).toHaveLength(2);
  });

  it('checks the options of writes', async () => {
    const dry = await call('POST', `${CM}?dryRun=Maybe`, {
      metadata: { name: 'x' },
    });
    expect(dry.status).toBe(422);
    expect(dry.json.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: "Maybe": supported values: "All"',
    );
    await call('POST', CM, { metadata: { name: 'opts' }, data: { a: '1' } });
    const force = await call(
      'PATCH',
      `${CM}/opts?force=true`,
      { data: { a: '2' } },
      'application/merge-patch+json',
    );
    expect(force.status).toBe(422);
    expect(force.json.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });

  it('answers bad bodies with 400, 415 and 422 as the real server does', async () => {
    await call('POST', CM, { metadata: { name: 'body' }, data: { a: '1' } });
    const text = await call('POST', CM, 'hello', 'text/plain');
    expect(text.status).toBe(415);
    expect(text.json.reason).toBe('UnsupportedMediaType');
    const nameType = await call('POST', CM, { metadata: { name: 7 } });
    expect(nameType.json.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal integer into Go struct field ObjectMeta.metadata.name of type string',
    );
    const rename = await call('PUT', `${CM}/body`, {
      metadata: { name: 'other' },
    });
    expect(rename.json.message).toBe(
      'the name of the object (other) does not match the name on the URL (body)',
    );
    const otherNs = await call('POST', CM, {
      metadata: { name: 'x', namespace: 'kube-system' },
    });
    expect(otherNs.json.message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
    const test = await call(
      'PATCH',
      `${CM}/body`,
      [{ op: 'test', path: '/data/a', value: '2' }],
      'application/json-patch+json',
    );
    expect(test.status).toBe(422);
    expect(test.json.reason).toBe('Invalid');
    const notPatch = await call(
      'PATCH',
      `${CM}/body`,
      { op: 'add' },
      'application/json-patch+json',
    );
    expect(notPatch.status).toBe(400);
    const applyKind = await call(
      'PATCH',
      `${CM}/body?fieldManager=m`,
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: body\n',
      'application/apply-patch+yaml',
    );
    expect(applyKind.json.message).toBe(
      'Incorrect kind specified in apply patch. Specified patch kind: Secret, expected: ConfigMap',
    );
    const rayJobs = '/apis/ray.io/v1/namespaces/default/rayjobs';
    await call('POST', rayJobs, {
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      metadata: { name: 'r' },
      spec: {},
    });
    const smp = await call(
      'PATCH',
      `${rayJobs}/r`,
      { spec: { x: 1 } },
      'application/strategic-merge-patch+json',
    );
    expect(smp.status).toBe(415);
    const noKind = await call('POST', rayJobs, {
      metadata: { name: 'k' },
      spec: {},
    });
    expect(noKind.json.message).toMatch(/^Object 'Kind' is missing in '/);
  });

  it('refuses watch and deletecollection, and unknown routes', async () => {
    const watch = await call('GET', `${CM}?watch=true`);
    expect(watch.status).toBe(405);
    expect(watch.json.reason).toBe('MethodNotAllowed');
    expect((await call('DELETE', CM)).status).toBe(405);
    expect((await call('POST', '/api/v1/pods', {})).status).toBe(405);
    const unknown = await call('GET', '/apis/example.com/v1/widgets');
    expect(unknown.json).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });

  it('pages lists, updates /status, and keeps no-op writes from taking a resourceVersion', async () => {
    for (const n of ['p1', 'p2', 'p3']) {
      await call('POST', CM, {
        metadata: { name: n, labels: { page: 'yes' } },
      });
    }
    const first = await call('GET', `${CM}?labelSelector=page%3Dyes&limit=2`);
    expect(first.json.items.map((i: any) => i.metadata.name)).toEqual([
      'p1',
      'p2',
    ]);
    expect(first.json.metadata.remainingItemCount).toBe(1);
    const second = await call(
      'GET',
      `${CM}?labelSelector=page%3Dyes&limit=2&continue=${first.json.metadata.continue}`,
    );
    expect(second.json.items.map((i: any) => i.metadata.name)).toEqual(['p3']);
    expect(second.json.items[0]).not.toHaveProperty('kind');

    const p1 = (await call('GET', `${CM}/p1`)).json;
    const same = await call('PUT', `${CM}/p1`, p1);
    expect(same.json.metadata.resourceVersion).toBe(
      p1.metadata.resourceVersion,
    );
    expect(p1.metadata.managedFields[0].manager).toBe('errors-test');

    const pods = '/api/v1/namespaces/default/pods';
    const created = await call('POST', pods, {
      metadata: { name: 'w' },
      spec: { containers: [{ name: 'c', image: 'i' }] },
      status: { phase: 'Running' },
    });
    // A pod starts Pending whatever the client says; its status changes through /status.
    expect(created.json.status.phase).toBe('Pending');
    const running = await call(
      'PATCH',
      `${pods}/w/status`,
      { status: { phase: 'Running' }, spec: { containers: [] } },
      'application/merge-patch+json',
    );
    expect(running.json.status.phase).toBe('Running');
    expect(running.json.spec.containers).toHaveLength(1);
    const mainWrite = await call(
      'PATCH',
      `${pods}/w`,
      { status: { phase: 'Failed' } },
      'application/merge-patch+json',
    );
    expect(mainWrite.json.status.phase).toBe('Running');
    const deleted = await call('DELETE', `${pods}/w`);
    expect(deleted.json).toMatchObject({
      kind: 'Pod',
      metadata: { deletionGracePeriodSeconds: 30 },
    });
  });
});
