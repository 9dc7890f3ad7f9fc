import { checkNamespaceOwnership } from './ownership';

const managed = (team?: string) => ({
  metadata: {
    labels: {
      'app.kubernetes.io/managed-by': 'eks-aiml',
      ...(team ? { team } : {}),
    },
  },
});

describe('checkNamespaceOwnership', () => {
  it.each([
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'karpenter',
  ])('refuses the system namespace %s, even before reading it', name => {
    expect(() =>
      checkNamespaceOwnership({ name, team: 'ml-research' }),
    ).toThrow(
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringContaining('is a system namespace'),
      }),
    );
  });

  it('accepts a namespace that does not exist yet', () => {
    expect(() =>
      checkNamespaceOwnership({
        name: 'ml-research-training',
        team: 'ml-research',
      }),
    ).not.toThrow();
  });

  it("accepts the team's own managed namespace", () => {
    expect(() =>
      checkNamespaceOwnership({
        name: 'ml-research-training',
        team: 'ml-research',
        live: managed('ml-research'),
      }),
    ).not.toThrow();
  });

  it('never adopts an existing namespace it does not manage, even with the team label', () => {
    expect(() =>
      checkNamespaceOwnership({
        name: 'legacy-experiments',
        team: 'ml-research',
        live: { metadata: { labels: { team: 'ml-research' } } },
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'ConflictError',
        message: expect.stringContaining('never adopts an existing namespace'),
      }),
    );
  });

  it("refuses another team's namespace", () => {
    expect(() =>
      checkNamespaceOwnership({
        name: 'recsys-training',
        team: 'ml-research',
        live: managed('recsys'),
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'NotAllowedError',
        message:
          'namespace "recsys-training" belongs to team "recsys", not "ml-research"; a team provisions only its own namespaces',
      }),
    );
  });

  it('refuses a managed namespace without a team label', () => {
    expect(() =>
      checkNamespaceOwnership({
        name: 'orphan',
        team: 'ml-research',
        live: managed(),
      }),
    ).toThrow(/belongs to no team/);
  });
});
