import {
  clusterRoleOf,
  desiredAccess,
  grantGroup,
  LEGACY_ACCESS_POLICIES,
} from './desiredAccess';

const grant = (
  id: string,
  level: 'view' | 'edit' | 'admin',
  namespaces: string[],
  breakGlass = false,
) => ({ id, level, namespaces, breakGlass });

describe('desiredAccess', () => {
  it('is empty without grants', () => {
    expect(desiredAccess([])).toEqual([]);
  });

  it('is one Kubernetes group per grant, sorted, across teams and levels', () => {
    expect(
      desiredAccess([
        grant('c3', 'view', ['ml-research-training']),
        grant('a1', 'edit', ['recsys-inference', 'ml-research-training']),
        grant('b2', 'admin', ['ml-platform-inference'], true),
      ]),
    ).toEqual(['aiml-grant-a1', 'aiml-grant-b2', 'aiml-grant-c3']);
  });

  it('names each group after its grant, as its RoleBindings are named', () => {
    expect(grantGroup({ id: '0a1b2c' })).toBe('aiml-grant-0a1b2c');
  });

  it('adds nothing for a grant without namespaces (there is no cluster scope)', () => {
    expect(desiredAccess([grant('x', 'edit', [])])).toEqual([]);
  });

  it('is never an AWS managed access policy', () => {
    const desired = desiredAccess([
      grant('a', 'view', ['x']),
      grant('b', 'edit', ['x']),
      grant('c', 'admin', ['x'], true),
    ]);
    for (const policy of Object.values(LEGACY_ACCESS_POLICIES)) {
      expect(desired).not.toContain(policy);
    }
    expect(desired.join()).not.toMatch(/arn:|Policy/);
  });
});

describe('clusterRoleOf', () => {
  it("binds the product's roles: aiml-view, aiml-edit, and aiml-admin only for break-glass", () => {
    expect(clusterRoleOf(grant('a', 'view', ['x']))).toBe('aiml-view');
    expect(clusterRoleOf(grant('a', 'edit', ['x']))).toBe('aiml-edit');
    expect(clusterRoleOf(grant('a', 'admin', ['x'], true))).toBe('aiml-admin');
  });

  it("never binds Kubernetes' own view/edit/admin or cluster-admin, and refuses admin without break-glass", () => {
    for (const level of ['view', 'edit'] as const) {
      expect(clusterRoleOf(grant('a', level, ['x']))).toMatch(/^aiml-/);
    }
    expect(() => clusterRoleOf(grant('a', 'admin', ['x']))).toThrow(
      /without break-glass/,
    );
    expect(() => desiredAccess([grant('a', 'admin', ['x'])])).toThrow(
      /without break-glass/,
    );
  });
});
