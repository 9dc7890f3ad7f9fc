import https from 'node:https';
import { BROKER_GROUP } from '@eks-aiml/plugin-aiml-common';
import { Sandbox, SandboxClusterConnection } from '../../sandbox';

jest.setTimeout(60_000);

const TEAM_NS = 'ml-research-inference';
const DEPLOYMENTS = (ns: string) =>
  `/apis/apps/v1/namespaces/${ns}/deployments`;
const SCALED_OBJECTS = `/apis/keda.sh/v1alpha1/namespaces/${TEAM_NS}/scaledobjects`;

/**
 * The bundle's admission policy aiml-broker-starts-only, on a sandbox cluster
 * bootstrapped with the bundle: the portal's identity (group aiml-broker, by
 * impersonation here) starts a held workload by its one field, and is refused
 * any other change, and any change outside team namespaces, though the bundle's
 * RBAC lets it patch those kinds everywhere.
 */
describe("the portal's identity only starts held workloads", () => {
  let sandbox: Sandbox;
  let cluster: SandboxClusterConnection;

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    cluster = sandbox.connection().clusters[0];
    for (const ns of [TEAM_NS, 'kube-system']) {
      const created = await call('admin', 'POST', DEPLOYMENTS(ns), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'held',
          labels: { app: 'held' },
          annotations: { 'aiml.eks.aws/waiting-for': 'pod-identity' },
        },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'held' } },
          template: {
            metadata: { labels: { app: 'held' } },
            spec: {
              serviceAccountName: 'held-workload',
              containers: [{ name: 'c', image: 'vllm/vllm-openai:v0.8.5' }],
            },
          },
        },
      });
      if (created.status !== 201) {
        throw new Error(
          `setup: Deployment in ${ns} answered ${created.status}`,
        );
      }
    }
    const scaled = await call('admin', 'POST', SCALED_OBJECTS, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: {
        name: 'held',
        annotations: {
          'autoscaling.keda.sh/paused': 'true',
          'aiml.eks.aws/waiting-for': 'pod-identity',
        },
      },
      spec: {
        scaleTargetRef: { name: 'held' },
        minReplicaCount: 1,
        maxReplicaCount: 2,
        triggers: [
          {
            type: 'prometheus',
            metadata: {
              serverAddress: 'http://prometheus:9090',
              query: 'sum(up)',
              threshold: '5',
            },
          },
        ],
      },
    });
    if (scaled.status !== 201) {
      throw new Error(`setup: ScaledObject answered ${scaled.status}`);
    }
  });
  afterAll(() => sandbox?.stop());

  /** A request as the cluster admin, or as the portal's identity (impersonated: a user in group aiml-broker). */
  function call(
    as: 'admin' | 'portal',
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: any }> {
    const url = new URL(cluster.endpoint);
    const impersonate =
      as === 'portal'
        ? {
            'Impersonate-User': 'backstage-aiml',
            'Impersonate-Group': BROKER_GROUP,
          }
        : {};
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          ca: cluster.caPem,
          headers: {
            authorization: `Bearer ${cluster.adminToken}`,
            'content-type': contentType,
            ...impersonate,
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(JSON.stringify(body));
      req.end();
    });
  }

  const jsonPatch = (path: string, ops: unknown[]) =>
    call('portal', 'PATCH', path, ops, 'application/json-patch+json');

  it('refuses any other change of a held Deployment, saying which rule', async () => {
    const image = await jsonPatch(`${DEPLOYMENTS(TEAM_NS)}/held`, [
      {
        op: 'replace',
        path: '/spec/template/spec/containers/0/image',
        value: 'attacker/miner:1',
      },
    ]);
    expect(image.status).toBe(403);
    expect(image.json.message).toContain('aiml-broker-starts-only');
    expect(image.json.message).toContain(
      "may change only the held field of a workload's spec",
    );
    const label = await jsonPatch(`${DEPLOYMENTS(TEAM_NS)}/held`, [
      { op: 'add', path: '/metadata/labels/extra', value: 'x' },
    ]);
    expect(label.status).toBe(403);
    expect(label.json.message).toContain('may change no label');
  });

  it('refuses to start anything outside team namespaces', async () => {
    const res = await jsonPatch(`${DEPLOYMENTS('kube-system')}/held`, [
      { op: 'replace', path: '/spec/replicas', value: 1 },
    ]);
    expect(res.status).toBe(403);
    expect(res.json.message).toContain('in team namespaces only');
  });

  it('starts a held Deployment and unpauses its ScaledObject, by exactly those fields', async () => {
    const started = await jsonPatch(`${DEPLOYMENTS(TEAM_NS)}/held`, [
      { op: 'test', path: '/spec/replicas', value: 0 },
      { op: 'replace', path: '/spec/replicas', value: 2 },
    ]);
    expect(started.status).toBe(200);
    expect(started.json.spec.replicas).toBe(2);
    const other = await jsonPatch(`${SCALED_OBJECTS}/held`, [
      { op: 'add', path: '/metadata/annotations/extra', value: 'x' },
    ]);
    expect(other.status).toBe(403);
    const unpaused = await jsonPatch(`${SCALED_OBJECTS}/held`, [
      {
        op: 'remove',
        path: '/metadata/annotations/autoscaling.keda.sh~1paused',
      },
    ]);
    expect(unpaused.status).toBe(200);
    expect(unpaused.json.metadata.annotations).toEqual({
      'aiml.eks.aws/waiting-for': 'pod-identity',
    });
  });

  it('leaves the cluster admin and everyone else alone', async () => {
    const res = await call(
      'admin',
      'PATCH',
      `${DEPLOYMENTS(TEAM_NS)}/held`,
      [{ op: 'add', path: '/metadata/labels/extra', value: 'x' }],
      'application/json-patch+json',
    );
    expect(res.status).toBe(200);
  });
});
