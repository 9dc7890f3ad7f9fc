import { KubeObject } from '../kubernetes/types';
import {
  checkProvisionedBinding,
  portalReaderBinding,
} from './portalReaderBinding';

describe("the portal reader's binding", () => {
  const binding = portalReaderBinding({
    namespace: 'recsys-inference',
    team: 'recsys',
  });

  it('binds the ClusterRole aiml-view to ServiceAccount aiml-access/aiml-portal-reader, and nothing else', () => {
    expect(binding).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: 'aiml-portal-reader',
        namespace: 'recsys-inference',
        labels: { 'app.kubernetes.io/managed-by': 'eks-aiml', team: 'recsys' },
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'aiml-view',
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'aiml-portal-reader',
          namespace: 'aiml-access',
        },
      ],
    });
    expect(() => checkProvisionedBinding(binding)).not.toThrow();
  });

  const changed = (change: (b: any) => void): KubeObject => {
    const b = structuredClone(binding) as any;
    change(b);
    return b;
  };

  it.each<[string, (b: any) => void, RegExp]>([
    [
      'a User',
      b =>
        b.subjects.push({
          kind: 'User',
          name: 'maya@acme.example',
          apiGroup: 'rbac.authorization.k8s.io',
        }),
      /would bind User "maya@acme.example": provisioning never binds a User or a Group/,
    ],
    [
      'a Group instead of the reader',
      b =>
        (b.subjects = [
          {
            kind: 'Group',
            name: 'ml-researchers',
            apiGroup: 'rbac.authorization.k8s.io',
          },
        ]),
      /never binds a User or a Group/,
    ],
    [
      'the old deployer binding to edit',
      b => {
        b.metadata.name = 'ranker-serving-deployer';
        b.roleRef.name = 'edit';
        b.subjects = [
          {
            kind: 'ServiceAccount',
            name: 'ranker-serving-deployer',
            namespace: 'recsys-inference',
          },
        ];
      },
      /binds ClusterRole "edit" to ServiceAccount recsys-inference\/ranker-serving-deployer: provisioning binds exactly ClusterRole "aiml-view" to ServiceAccount aiml-access\/aiml-portal-reader/,
    ],
    [
      'a workload ServiceAccount of the namespace',
      b =>
        (b.subjects = [
          {
            kind: 'ServiceAccount',
            name: 'ranker-serving-workload',
            namespace: 'recsys-inference',
          },
        ]),
      /provisioning binds exactly/,
    ],
    [
      'a second ServiceAccount beside the reader',
      b =>
        b.subjects.push({
          kind: 'ServiceAccount',
          name: 'x',
          namespace: 'kube-system',
        }),
      /provisioning binds exactly/,
    ],
    ['no subject', b => (b.subjects = []), /to no subject/],
    [
      'the reader to the edit role',
      b => (b.roleRef.name = 'aiml-edit'),
      /binds ClusterRole "aiml-edit"/,
    ],
    [
      'a namespaced Role of the same name',
      b => (b.roleRef.kind = 'Role'),
      /binds Role "aiml-view"/,
    ],
    [
      'another name',
      b => (b.metadata.name = 'reader'),
      /in a RoleBinding named aiml-portal-reader/,
    ],
    [
      'a reader of the same name in another namespace',
      b => (b.subjects[0].namespace = 'recsys-inference'),
      /provisioning binds exactly/,
    ],
    [
      'a ClusterRoleBinding',
      b => (b.kind = 'ClusterRoleBinding'),
      /provisioning makes no ClusterRoleBinding/,
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => checkProvisionedBinding(changed(change))).toThrow(message);
    expect(() => checkProvisionedBinding(changed(change))).toThrow(
      expect.objectContaining({ name: 'NotAllowedError' }),
    );
  });
});
