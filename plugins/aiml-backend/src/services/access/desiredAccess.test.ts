import {
  ACCESS_POLICIES,
  accessPolicyOf,
  desiredAccess,
} from './desiredAccess';

const grant = (
  level: 'view' | 'edit' | 'admin',
  namespaces: string[],
  breakGlass = false,
) => ({ level, namespaces, breakGlass });

describe('desiredAccess', () => {
  it('is empty without grants', () => {
    expect(desiredAccess([])).toEqual(new Map());
  });

  it('unions the namespaces of grants of one level, across teams', () => {
    expect(
      desiredAccess([
        grant('view', ['ml-research-training']),
        grant('view', ['recsys-inference', 'ml-research-training']),
      ]),
    ).toEqual(
      new Map([
        [ACCESS_POLICIES.view, ['ml-research-training', 'recsys-inference']],
      ]),
    );
  });

  it('keeps one policy per level, break-glass as the namespace-scoped Admin policy', () => {
    expect([
      ...desiredAccess([
        grant('edit', ['recsys-inference']),
        grant('view', ['ml-research-training']),
        grant('admin', ['ml-platform-inference'], true),
      ]).entries(),
    ]).toEqual([
      [ACCESS_POLICIES.admin, ['ml-platform-inference']],
      [ACCESS_POLICIES.edit, ['recsys-inference']],
      [ACCESS_POLICIES.view, ['ml-research-training']],
    ]);
  });

  it('adds nothing for a grant without namespaces (there is no cluster scope)', () => {
    expect(desiredAccess([grant('edit', [])])).toEqual(new Map());
  });

  it('never maps to cluster admin, and refuses admin without break-glass', () => {
    expect(Object.values(ACCESS_POLICIES).join()).not.toMatch(/ClusterAdmin/);
    expect(() => accessPolicyOf(grant('admin', ['x']))).toThrow(
      /without break-glass/,
    );
    expect(accessPolicyOf(grant('view', ['x'], true))).toBe(
      ACCESS_POLICIES.admin,
    );
  });
});
