import { KubeObject } from '../types';
import { defaultClusterRoleRules } from './defaultRoles';
import {
  accessPoliciesAllow,
  effectiveClusterRoleRules,
  forbiddenReason,
  isAllowed,
  RbacObjects,
  RequestAttributes,
  ruleAllows,
  UserInfo,
} from './rbac';
import { resourceRegistry } from './resources';

const RBAC = 'rbac.authorization.k8s.io/v1';
const roles = defaultClusterRoleRules(resourceRegistry);

function clusterRole(name: string, rules = roles[name as 'view']): KubeObject {
  return { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules };
}

function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  role: { kind: string; name: string },
  subjects: object[],
  namespace?: string,
): KubeObject {
  return {
    apiVersion: RBAC,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role },
    subjects,
  };
}

const sa: UserInfo = {
  username: 'system:serviceaccount:team-a:runner',
  groups: [
    'system:serviceaccounts',
    'system:serviceaccounts:team-a',
    'system:authenticated',
  ],
};

function objects(partial: Partial<RbacObjects>): RbacObjects {
  return {
    roles: [],
    roleBindings: [],
    clusterRoles: ['view', 'edit', 'admin', 'cluster-admin'].map(n =>
      clusterRole(n),
    ),
    clusterRoleBindings: [],
    ...partial,
  };
}

const listPods = (namespace?: string): RequestAttributes => ({
  verb: 'list',
  group: '',
  resource: 'pods',
  namespace,
});

describe('the RBAC evaluator', () => {
  it('matches verbs, groups, resources, subresources and resource names', () => {
    const rule = {
      apiGroups: [''],
      resources: ['serviceaccounts/token', 'configmaps'],
      verbs: ['create', 'get'],
      resourceNames: ['settings'],
    };
    expect(
      ruleAllows(rule, {
        verb: 'get',
        group: '',
        resource: 'configmaps',
        name: 'settings',
        namespace: 'a',
      }),
    ).toBe(true);
    expect(
      ruleAllows(rule, {
        verb: 'get',
        group: '',
        resource: 'configmaps',
        name: 'other',
      }),
    ).toBe(false);
    expect(
      ruleAllows(rule, {
        verb: 'list',
        group: '',
        resource: 'configmaps',
      }),
    ).toBe(false);
    expect(
      ruleAllows(
        { apiGroups: [''], resources: ['*/status'], verbs: ['get'] },
        { verb: 'get', group: '', resource: 'pods', subresource: 'status' },
      ),
    ).toBe(true);
    expect(
      ruleAllows(
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { verb: 'get', group: '', resource: 'pods', subresource: 'status' },
      ),
    ).toBe(false);
  });

  it('grants a RoleBinding only in its namespace, never at cluster scope', () => {
    const rbac = objects({
      roleBindings: [
        binding(
          'RoleBinding',
          'runner-edit',
          { kind: 'ClusterRole', name: 'edit' },
          [{ kind: 'ServiceAccount', name: 'runner' }],
          'team-a',
        ),
      ],
    });
    expect(isAllowed(listPods('team-a'), sa, rbac)).toBe(true);
    expect(isAllowed(listPods('team-b'), sa, rbac)).toBe(false);
    expect(isAllowed(listPods(), sa, rbac)).toBe(false);
    expect(
      isAllowed(
        {
          verb: 'create',
          group: '',
          resource: 'serviceaccounts',
          subresource: 'token',
          name: 'runner',
          namespace: 'team-a',
        },
        sa,
        rbac,
      ),
    ).toBe(true);
    // edit cannot touch RBAC; admin can.
    const createRole: RequestAttributes = {
      verb: 'create',
      group: 'rbac.authorization.k8s.io',
      resource: 'roles',
      namespace: 'team-a',
    };
    expect(isAllowed(createRole, sa, rbac)).toBe(false);
  });

  it('evaluates Roles, groups and ClusterRoleBindings', () => {
    const rbac = objects({
      roles: [
        {
          apiVersion: RBAC,
          kind: 'Role',
          metadata: { name: 'cm-reader', namespace: 'team-a' },
          rules: [
            { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
          ],
        },
      ],
      roleBindings: [
        binding(
          'RoleBinding',
          'readers',
          { kind: 'Role', name: 'cm-reader' },
          [{ kind: 'Group', name: 'system:serviceaccounts:team-a' }],
          'team-a',
        ),
      ],
      clusterRoleBindings: [
        binding(
          'ClusterRoleBinding',
          'viewers',
          { kind: 'ClusterRole', name: 'view' },
          [{ kind: 'User', name: 'alice' }],
        ),
      ],
    });
    const getCm: RequestAttributes = {
      verb: 'get',
      group: '',
      resource: 'configmaps',
      name: 'x',
      namespace: 'team-a',
    };
    expect(isAllowed(getCm, sa, rbac)).toBe(true);
    expect(isAllowed({ ...getCm, namespace: 'team-b' }, sa, rbac)).toBe(false);
    const alice = { username: 'alice', groups: ['system:authenticated'] };
    expect(isAllowed(listPods(), alice, rbac)).toBe(true);
    expect(isAllowed({ ...getCm, resource: 'secrets' }, alice, rbac)).toBe(
      false,
    );
    expect(
      isAllowed(
        {
          verb: 'delete',
          group: 'apps',
          resource: 'deployments',
          namespace: 'x',
        },
        { username: 'root', groups: ['system:masters'] },
        objects({}),
      ),
    ).toBe(true);
  });

  it('aggregates labelled ClusterRoles into ones with an aggregationRule', () => {
    const view: KubeObject = {
      ...clusterRole('view'),
      aggregationRule: {
        clusterRoleSelectors: [
          {
            matchLabels: {
              'rbac.authorization.k8s.io/aggregate-to-view': 'true',
            },
          },
        ],
      },
    };
    const extra: KubeObject = {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: {
        name: 'widgets-view',
        labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
      },
      rules: [
        { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] },
      ],
    };
    const rules = effectiveClusterRoleRules(view, [view, extra]);
    expect(
      rules.some(r =>
        ruleAllows(r, {
          verb: 'get',
          group: 'example.com',
          resource: 'widgets',
        }),
      ),
    ).toBe(true);
  });

  it('grants EKS access policies per scope', () => {
    const grants = [
      { policyArn: 'view', rules: roles.view, namespaces: ['ml-*', 'shared'] },
    ];
    expect(accessPoliciesAllow(listPods('ml-research'), grants)).toBe(true);
    expect(accessPoliciesAllow(listPods('shared'), grants)).toBe(true);
    expect(accessPoliciesAllow(listPods('other'), grants)).toBe(false);
    expect(accessPoliciesAllow(listPods(), grants)).toBe(false);
    expect(
      accessPoliciesAllow(
        { verb: 'create', group: '', resource: 'pods', namespace: 'shared' },
        grants,
      ),
    ).toBe(false);
    expect(
      accessPoliciesAllow({ verb: 'list', group: '', resource: 'nodes' }, [
        { policyArn: 'admin', rules: roles['cluster-admin'] },
      ]),
    ).toBe(true);
    // ML custom kinds are in view and edit.
    expect(
      accessPoliciesAllow(
        {
          verb: 'create',
          group: 'ray.io',
          resource: 'rayjobs',
          namespace: 'ml-x',
        },
        [{ policyArn: 'edit', rules: roles.edit, namespaces: ['ml-x'] }],
      ),
    ).toBe(true);
  });

  it('words refusals like the real API server', () => {
    expect(forbiddenReason(listPods('x'), sa)).toBe(
      'User "system:serviceaccount:team-a:runner" cannot list resource "pods" in API group "" in the namespace "x"',
    );
    expect(
      forbiddenReason({ verb: 'list', group: '', resource: 'nodes' }, sa),
    ).toBe(
      'User "system:serviceaccount:team-a:runner" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    expect(
      forbiddenReason(
        {
          verb: 'create',
          group: '',
          resource: 'serviceaccounts',
          subresource: 'token',
          namespace: 'b',
        },
        sa,
      ),
    ).toContain('cannot create resource "serviceaccounts/token"');
    expect(forbiddenReason({ verb: 'get', path: '/metrics' }, sa)).toBe(
      'User "system:serviceaccount:team-a:runner" cannot get path "/metrics"',
    );
  });
});
