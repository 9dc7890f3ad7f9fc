import { KubeObject } from '../kubernetes/types';
import {
  checkServiceAccountSubjectsOnly,
  deployerObjects,
} from './deployerBinding';

describe('the deployer binding', () => {
  const [serviceAccount, binding] = deployerObjects({
    namespace: 'recsys-inference',
    component: 'ranker-serving',
    team: 'recsys',
  });

  it('binds exactly the ServiceAccount <component>-deployer of the namespace, to edit', () => {
    expect(serviceAccount).toMatchObject({
      kind: 'ServiceAccount',
      metadata: {
        name: 'ranker-serving-deployer',
        namespace: 'recsys-inference',
      },
    });
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'edit',
    });
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'ranker-serving-deployer',
        namespace: 'recsys-inference',
      },
    ]);
  });

  const withSubjects = (subjects: unknown[]): KubeObject => ({
    ...binding,
    subjects,
  });

  it.each([
    [
      {
        kind: 'User',
        name: 'maya@acme.example',
        apiGroup: 'rbac.authorization.k8s.io',
      },
      /never binds a User or a Group/,
    ],
    [
      {
        kind: 'Group',
        name: 'ml-researchers',
        apiGroup: 'rbac.authorization.k8s.io',
      },
      /never binds a User or a Group/,
    ],
    [
      { kind: 'ServiceAccount', name: 'x', namespace: 'kube-system' },
      /from another namespace/,
    ],
  ])('refuses a binding of %o', (subject, message) => {
    expect(() =>
      checkServiceAccountSubjectsOnly(
        withSubjects((binding.subjects as unknown[]).concat([subject])),
      ),
    ).toThrow(message);
    expect(() =>
      checkServiceAccountSubjectsOnly(withSubjects([subject])),
    ).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));
  });

  it('refuses a binding without subjects', () => {
    expect(() => checkServiceAccountSubjectsOnly(withSubjects([]))).toThrow(
      /has no subject/,
    );
  });
});
