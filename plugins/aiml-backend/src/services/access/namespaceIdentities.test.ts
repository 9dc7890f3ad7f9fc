import { identityVerdict, NamespaceIdentity } from './namespaceIdentities';

const ns = 'ml-research-training';
const grantLabels = (id: string) => ({
  'app.kubernetes.io/managed-by': 'eks-aiml',
  'aiml.eks.aws/grant-id': id,
});

describe('identityVerdict', () => {
  it.each<[string, NamespaceIdentity, string]>([
    [
      'the default ServiceAccount',
      { kind: 'ServiceAccount', namespace: ns, name: 'default' },
      'keep',
    ],
    [
      'a workload ServiceAccount',
      {
        kind: 'ServiceAccount',
        namespace: ns,
        name: 'llama-finetune-workload',
      },
      'keep',
    ],
    [
      'a Ray autoscaler ServiceAccount',
      {
        kind: 'ServiceAccount',
        namespace: ns,
        name: 'llama-finetune-ray-autoscaler',
      },
      'keep',
    ],
    [
      'a deployer of an older release',
      {
        kind: 'ServiceAccount',
        namespace: ns,
        name: 'llama-finetune-deployer',
      },
      'delete',
    ],
    [
      'a backdoor',
      { kind: 'ServiceAccount', namespace: ns, name: 'backdoor' },
      'delete',
    ],
    [
      'an old grant ServiceAccount in a team namespace',
      {
        kind: 'ServiceAccount',
        namespace: ns,
        name: 'aiml-grant-abc',
        labels: grantLabels('abc'),
      },
      'end-legacy-grant',
    ],
    [
      'a grant RoleBinding to the product role for an aiml-access ServiceAccount',
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'aiml-grant-abc',
        labels: grantLabels('abc'),
        roleRef: { kind: 'ClusterRole', name: 'aiml-edit' },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'aiml-grant-abc',
            namespace: 'aiml-access',
          },
        ],
      },
      'keep',
    ],
    [
      'a grant RoleBinding to a grant group',
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'aiml-grant-abc',
        labels: grantLabels('abc'),
        roleRef: { kind: 'ClusterRole', name: 'aiml-view' },
        subjects: [{ kind: 'Group', name: 'aiml-grant-abc' }],
      },
      'keep',
    ],
    [
      "an old grant RoleBinding to Kubernetes' edit",
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'aiml-grant-abc',
        labels: grantLabels('abc'),
        roleRef: { kind: 'ClusterRole', name: 'edit' },
        subjects: [
          { kind: 'ServiceAccount', name: 'aiml-grant-abc', namespace: ns },
        ],
      },
      'end-legacy-grant',
    ],
    [
      'a grant-labelled RoleBinding that binds someone else',
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'aiml-grant-abc',
        labels: grantLabels('abc'),
        roleRef: { kind: 'ClusterRole', name: 'aiml-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: ns }],
      },
      'end-legacy-grant',
    ],
    [
      'the portal reader binding',
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'aiml-portal-reader',
        roleRef: { kind: 'ClusterRole', name: 'aiml-view' },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'aiml-portal-reader',
            namespace: 'aiml-access',
          },
        ],
      },
      'keep',
    ],
    [
      'a RoleBinding named like the reader that binds more',
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'aiml-portal-reader',
        roleRef: { kind: 'ClusterRole', name: 'aiml-view' },
        subjects: [{ kind: 'User', name: 'mallory' }],
      },
      'delete',
    ],
    [
      "KubeRay's autoscaler RoleBinding",
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'llama-finetune',
        ownerKinds: ['RayCluster'],
        roleRef: { kind: 'Role', name: 'llama-finetune' },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'llama-finetune-ray-autoscaler',
            namespace: ns,
          },
        ],
      },
      'keep',
    ],
    [
      'a human RoleBinding',
      {
        kind: 'RoleBinding',
        namespace: ns,
        name: 'maya-admin',
        roleRef: { kind: 'ClusterRole', name: 'admin' },
        subjects: [{ kind: 'User', name: 'maya' }],
      },
      'delete',
    ],
    [
      'an unknown Role',
      { kind: 'Role', namespace: ns, name: 'custom' },
      'report',
    ],
  ])('%s: %s', (_, identity, action) => {
    expect(identityVerdict(identity).action).toBe(action);
  });

  it('names the grant to end', () => {
    expect(
      identityVerdict({
        kind: 'ServiceAccount',
        namespace: ns,
        name: 'aiml-grant-abc',
        labels: grantLabels('abc'),
      }),
    ).toEqual({ action: 'end-legacy-grant', grantId: 'abc' });
  });
});
