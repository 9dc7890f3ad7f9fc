import { KubeObject } from '../kubernetes/types';
import { isLegacyDeployerObject } from './legacyDeployers';

const where = { namespace: 'recsys-training', team: 'recsys' };
const labels = {
  'app.kubernetes.io/managed-by': 'eks-aiml',
  team: 'recsys',
  'backstage.io/kubernetes-id': 'ranker',
};
const serviceAccount: KubeObject = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'ranker-deployer', namespace: where.namespace, labels },
};
const binding: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'ranker-deployer', namespace: where.namespace, labels },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'edit',
  },
  subjects: [
    {
      kind: 'ServiceAccount',
      name: 'ranker-deployer',
      namespace: where.namespace,
    },
  ],
};

describe('isLegacyDeployerObject', () => {
  it('recognizes the deployer ServiceAccount and edit binding earlier provisioning made', () => {
    expect(isLegacyDeployerObject(serviceAccount, where)).toBe(true);
    expect(isLegacyDeployerObject(binding, where)).toBe(true);
  });

  it.each<[string, KubeObject]>([
    [
      'a binding without our labels',
      { ...binding, metadata: { ...binding.metadata, labels: {} } },
    ],
    [
      "another team's",
      {
        ...binding,
        metadata: { ...binding.metadata, labels: { ...labels, team: 'x' } },
      },
    ],
    [
      "a grant's binding",
      {
        ...binding,
        metadata: {
          ...binding.metadata,
          labels: { ...labels, 'aiml.eks.aws/grant-id': 'g1' },
        },
      },
    ],
    [
      'a binding to another role',
      { ...binding, roleRef: { ...(binding.roleRef as object), name: 'view' } },
    ],
    [
      'a binding of another subject',
      {
        ...binding,
        subjects: [{ kind: 'Group', name: 'ranker-deployer' }],
      },
    ],
    [
      'the portal reader binding',
      {
        ...binding,
        metadata: { ...binding.metadata, name: 'aiml-portal-reader' },
      },
    ],
    [
      'a workload ServiceAccount',
      {
        ...serviceAccount,
        metadata: { ...serviceAccount.metadata, name: 'ranker-workload' },
      },
    ],
    [
      'an object of another namespace',
      {
        ...serviceAccount,
        metadata: { ...serviceAccount.metadata, namespace: 'recsys-inference' },
      },
    ],
  ])('leaves alone %s', (_what, obj) => {
    expect(isLegacyDeployerObject(obj, where)).toBe(false);
  });
});
