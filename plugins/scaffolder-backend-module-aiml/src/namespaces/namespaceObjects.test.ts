import { validateCoreObject } from '../__testUtils__/kubernetesModels';
import { buildTeamNamespace, TeamNamespaceSpec } from './namespaceObjects';
import { namespaceQuota } from './quota';

const spec: TeamNamespaceSpec = {
  namespace: 'ml-research-training',
  team: 'ml-research',
  workloadType: 'training',
  costCenter: 'cc-1001',
  quota: namespaceQuota({ gpu: 8, neuronCores: 32 }),
  podSecurity: 'restricted',
  defaultDenyIngress: false,
};

describe('buildTeamNamespace', () => {
  it("builds the namespace, quota, limits and the portal reader's binding, in order, and no ServiceAccount", () => {
    const objects = buildTeamNamespace(spec);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/ml-research-training',
      'ResourceQuota/team-accelerator-quota',
      'LimitRange/team-defaults',
      'RoleBinding/aiml-portal-reader',
    ]);
    expect(objects[3]).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'aiml-view' },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'aiml-portal-reader',
          namespace: 'aiml-access',
        },
      ],
    });
    for (const o of objects.slice(1)) {
      expect(o.metadata.namespace).toBe('ml-research-training');
    }
  });

  it('labels the namespace as DESIGN.md says, with Pod Security labels', () => {
    expect(buildTeamNamespace(spec)[0].metadata.labels).toEqual({
      team: 'ml-research',
      'workload-type': 'training',
      'cost-center': 'cc-1001',
      'app.kubernetes.io/managed-by': 'eks-aiml',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    const baseline = buildTeamNamespace({ ...spec, podSecurity: 'baseline' });
    expect(baseline[0].metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('leaves the cost-center label out when the team has none, and refuses one that is not a label value', () => {
    const none = buildTeamNamespace({ ...spec, costCenter: undefined });
    expect(none[0].metadata.labels).not.toHaveProperty('cost-center');
    expect(() =>
      buildTeamNamespace({ ...spec, costCenter: 'cost center 1' }),
    ).toThrow(
      /cost center "cost center 1" of team "ml-research" is not a valid Kubernetes label value/,
    );
  });

  it('quotas every accelerator resource, Neuron devices included, and cpu and memory', () => {
    expect(buildTeamNamespace(spec)[1].spec).toEqual({
      hard: {
        'requests.nvidia.com/gpu': '8',
        'requests.aws.amazon.com/neuroncore': '32',
        'requests.aws.amazon.com/neuron': '16',
        'requests.cpu': '464',
        'requests.memory': '3136Gi',
      },
    });
  });

  it('adds the default-deny NetworkPolicy only when asked', () => {
    const objects = buildTeamNamespace({ ...spec, defaultDenyIngress: true });
    expect(objects).toHaveLength(5);
    expect(objects[4]).toMatchObject({
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    });
  });

  it('builds objects the Kubernetes schemas accept', () => {
    for (const obj of buildTeamNamespace({
      ...spec,
      defaultDenyIngress: true,
    })) {
      expect(() => validateCoreObject(obj)).not.toThrow();
    }
  });
});
