import { renderWorkload } from './render';
import { checkManifests } from './applyPolicy';

const NS = 'ml-research-inference';
const doc = (object: unknown, source = 'manifests/x.yaml#1') => ({
  source,
  object,
});
const rendered = renderWorkload({
  team: 'ml-research',
  component: 'chat',
  workload: 'vllm',
  instanceType: 'g5.12xlarge',
  acceleratorCount: 4,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
}).objects;
const deployment = rendered[0] as any;

const refusal = (objects: unknown[]) => {
  try {
    checkManifests(
      objects.map(o => doc(o)),
      NS,
    );
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
};

describe('checkManifests', () => {
  it('accepts rendered manifests, applying ConfigMaps and Services before workloads and HPAs last', () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'chat-config' },
      data: { hostPath: '/not/a/volume' },
    };
    const { objects } = checkManifests(
      [...rendered]
        .reverse()
        .concat([configMap as any])
        .map(o => doc(o)),
      NS,
    );
    expect(objects.map(o => o.kind)).toEqual([
      'ConfigMap',
      'Service',
      'Deployment',
      'HorizontalPodAutoscaler',
    ]);
    expect(objects.every(o => o.metadata.namespace === NS)).toBe(true);
  });

  it('fills in the namespace without changing the documents it read', () => {
    const noNamespace = { ...deployment, metadata: { name: 'chat' } };
    expect(
      checkManifests([doc(noNamespace)], NS).objects[0].metadata.namespace,
    ).toBe(NS);
    expect(noNamespace.metadata).toEqual({ name: 'chat' });
  });

  it.each([
    [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'x' },
      },
      /RBAC objects are never applied/,
    ],
    [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'x' },
      },
      /RBAC objects are never applied/,
    ],
    [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: {} },
      /Secrets are never applied from a repository/,
    ],
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
      /Namespace is cluster-scoped/,
    ],
    [
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'x' },
        spec: {},
      },
      /NodePool is cluster-scoped/,
    ],
    [
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' } },
      /DaemonSet in apps\/v1 is not applied; allowed: ConfigMap \(v1\)/,
    ],
    [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x' } },
      /ServiceAccount in v1 is not applied/,
    ],
  ])('refuses %o', (object, message) => {
    const e = refusal([object]);
    expect(e.name).toBe('NotAllowedError');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^Refused; nothing was applied/);
  });

  it.each<[string, (d: any) => void, RegExp]>([
    [
      'a privileged container',
      d =>
        (d.spec.template.spec.containers[0].securityContext.privileged = true),
      /securityContext.privileged: privileged containers are refused/,
    ],
    [
      'a hostPath volume',
      d =>
        d.spec.template.spec.volumes.push({
          name: 'h',
          hostPath: { path: '/' },
        }),
      /volumes\[\d\].hostPath: hostPath volumes expose/,
    ],
    [
      'hostNetwork',
      d => (d.spec.template.spec.hostNetwork = true),
      /spec.template.spec.hostNetwork: pods may not share the node's namespaces/,
    ],
    ['hostPID', d => (d.spec.template.spec.hostPID = true), /hostPID/],
    [
      'a host port',
      d => (d.spec.template.spec.containers[0].ports[0].hostPort = 8000),
      /host ports are refused/,
    ],
    [
      'the deployer ServiceAccount',
      d => (d.spec.template.spec.serviceAccountName = 'chat-deployer'),
      /never run as a deployer ServiceAccount/,
    ],
    [
      'another namespace',
      d => (d.metadata.namespace = 'recsys-inference'),
      /it names namespace "recsys-inference"; this step applies to "ml-research-inference" only/,
    ],
  ])('refuses a Deployment with %s', (_what, change, message) => {
    const d = structuredClone(deployment);
    change(d);
    const e = refusal([d]);
    expect(e.name).toBe('NotAllowedError');
    expect(e.message).toMatch(message);
  });

  it('finds privilege in any pod template of a custom kind, and lists every problem at once', () => {
    const rayJob = {
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      metadata: { name: 'r' },
      spec: {
        rayClusterSpec: {
          headGroupSpec: {
            template: { spec: { hostIPC: true, containers: [] } },
          },
          workerGroupSpecs: [
            {
              template: {
                spec: {
                  containers: [
                    { name: 'w', securityContext: { privileged: true } },
                  ],
                },
              },
            },
          ],
        },
      },
    };
    const e = refusal([
      rayJob,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
    ]);
    expect(e.message).toContain(
      'spec.rayClusterSpec.headGroupSpec.template.spec.hostIPC',
    );
    expect(e.message).toContain(
      'workerGroupSpecs[0].template.spec.containers[0].securityContext.privileged',
    );
    expect(e.message).toContain('Secrets are never applied');
  });

  it('refuses malformed documents and duplicates as bad input', () => {
    for (const bad of [
      ['a', 'list'],
      { kind: 'Service' },
      { apiVersion: 'v1', kind: 'Service', metadata: {} },
    ]) {
      const e = refusal([bad]);
      expect(e.name).toBe('InputError');
      expect(e.message).toMatch(
        /not a Kubernetes object with apiVersion, kind and metadata.name/,
      );
    }
    expect(refusal([deployment, deployment]).message).toMatch(
      /Deployment ml-research-inference\/chat appears twice/,
    );
    expect(() => checkManifests([], NS)).toThrow(/hold no object/);
  });
});
