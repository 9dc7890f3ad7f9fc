import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { clusterBootstrapBundle } from './bundle';
import { bundleObjectDifferences, bundleObjectPath } from './bundleCheck';
import { clusterBootstrapFiles } from './bundleFiles';
import { PRODUCT_CLUSTER_ROLES } from './names';
import {
  BundlePolicyRule,
  FORBIDDEN_GRANT_RIGHTS,
  PRODUCT_ROLE_RULES,
} from './roles';

const allows = (
  rules: BundlePolicyRule[],
  group: string,
  resource: string,
  verb: string,
) =>
  rules.some(
    r =>
      (r.apiGroups.includes(group) || r.apiGroups.includes('*')) &&
      (r.resources.includes(resource) || r.resources.includes('*')) &&
      (r.verbs.includes(verb) || r.verbs.includes('*')),
  );

describe('the product roles', () => {
  it.each(Object.keys(PRODUCT_ROLE_RULES))(
    '%s holds none of the rights that could outlive a grant',
    level => {
      const rules =
        PRODUCT_ROLE_RULES[level as keyof typeof PRODUCT_ROLE_RULES];
      const held = FORBIDDEN_GRANT_RIGHTS.flatMap(f =>
        f.verbs
          .filter(v => allows(rules, f.group, f.resource, v))
          .map(v => `${v} ${f.group}/${f.resource}`),
      );
      expect(held).toEqual([]);
      expect(rules.every(r => !r.verbs.includes('*'))).toBe(true);
      expect(rules.every(r => !r.resources.includes('*'))).toBe(true);
    },
  );

  it('orders the levels: view within edit within admin', () => {
    const within = (a: BundlePolicyRule[], b: BundlePolicyRule[]) =>
      a.every(r =>
        r.resources.every(res =>
          r.verbs.every(v => allows(b, r.apiGroups[0], res, v)),
        ),
      );
    expect(within(PRODUCT_ROLE_RULES.view, PRODUCT_ROLE_RULES.edit)).toBe(true);
    expect(within(PRODUCT_ROLE_RULES.edit, PRODUCT_ROLE_RULES.admin)).toBe(
      true,
    );
    expect(allows(PRODUCT_ROLE_RULES.view, '', 'secrets', 'get')).toBe(false);
    expect(allows(PRODUCT_ROLE_RULES.view, '', 'pods', 'create')).toBe(false);
    expect(allows(PRODUCT_ROLE_RULES.edit, '', 'pods', 'create')).toBe(true);
  });

  it('ships the roles without aggregation', () => {
    const roles = clusterBootstrapBundle().filter(
      o =>
        o.kind === 'ClusterRole' &&
        Object.values(PRODUCT_CLUSTER_ROLES).includes(o.metadata.name as any),
    );
    expect(roles).toHaveLength(3);
    expect(roles.every(r => !('aggregationRule' in r))).toBe(true);
  });
});

describe('bundleObjectDifferences', () => {
  const [edit] = clusterBootstrapBundle().filter(
    o => o.metadata.name === 'aiml-edit',
  );
  const policy = clusterBootstrapBundle().find(
    o => o.kind === 'ValidatingAdmissionPolicy',
  )!;

  it('accepts the object as the API server returns it, defaults filled in', () => {
    const live = structuredClone(policy) as any;
    live.metadata.uid = 'abc';
    live.spec.matchConstraints.matchPolicy = 'Equivalent';
    live.spec.matchConstraints.objectSelector = {};
    live.spec.matchConstraints.resourceRules[0].scope = '*';
    live.status = { observedGeneration: 1 };
    expect(bundleObjectDifferences(policy, live)).toEqual([]);
  });

  it('names a missing object, an added rule, an aggregation rule and an exemption', () => {
    expect(bundleObjectDifferences(edit, undefined)).toEqual([
      'ClusterRole aiml-edit is missing',
    ]);
    const widened = structuredClone(edit) as any;
    widened.rules.push({
      apiGroups: [''],
      resources: ['serviceaccounts/token'],
      verbs: ['create'],
    });
    expect(bundleObjectDifferences(edit, widened)).toEqual([
      'ClusterRole aiml-edit: rules differs from the bundle',
    ]);
    const aggregated = structuredClone(edit) as any;
    aggregated.aggregationRule = { clusterRoleSelectors: [{}] };
    expect(bundleObjectDifferences(edit, aggregated)).toHaveLength(1);
    const exempt = structuredClone(policy) as any;
    exempt.spec.matchConditions = [
      { name: 'not-me', expression: "request.userInfo.username != 'mallory'" },
    ];
    expect(bundleObjectDifferences(policy, exempt)).toEqual([
      'ValidatingAdmissionPolicy aiml-workload-service-accounts: spec differs from the bundle',
    ]);
  });

  it('reads each object from its API path', () => {
    expect(bundleObjectPath(edit)).toBe(
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/aiml-edit',
    );
    expect(bundleObjectPath(policy)).toBe(
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/aiml-workload-service-accounts',
    );
    const paths = clusterBootstrapBundle().map(bundleObjectPath);
    expect(paths).toContain('/api/v1/namespaces/aiml-access');
    expect(paths).toContain(
      '/api/v1/namespaces/aiml-access/serviceaccounts/aiml-portal-reader',
    );
    expect(paths).toContain(
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/aiml-workload-service-accounts',
    );
  });
});

describe('deploy/cluster-bootstrap', () => {
  const dir = join(__dirname, '../../../../deploy/cluster-bootstrap');

  it('is what `yarn bundle:write` writes from this source', () => {
    for (const [file, content] of Object.entries(clusterBootstrapFiles())) {
      expect(`${file}:\n${readFileSync(join(dir, file), 'utf8')}`).toBe(
        `${file}:\n${content}`,
      );
    }
  });

  it('holds every object of the bundle exactly once', () => {
    const files = clusterBootstrapFiles();
    const applied = Object.entries(files)
      .filter(([f]) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .flatMap(([, c]) => parseAllDocuments(c).map(d => d.toJS()));
    expect(applied).toHaveLength(clusterBootstrapBundle().length);
    expect(applied).toEqual(expect.arrayContaining(clusterBootstrapBundle()));
  });
});
