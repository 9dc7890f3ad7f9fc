import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { createProjectRetireAction } from './projectRetire';

const project = (changes: Partial<Entity> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat',
    namespace: 'default',
    annotations: { 'aiml.eks.aws/cluster': 'ml-sandbox-use1' },
  },
  spec: { owner: 'group:default/ml-research' },
  ...changes,
});

function setup(entity: Entity | undefined, allowed = true) {
  const registry = {
    getCluster: jest.fn((name: string) => {
      throw new NotFoundError(`cluster "${name}" is not configured`);
    }),
    getBackendKubeConfig: jest.fn(),
  };
  const teams = { managedNamespaces: jest.fn() };
  const catalog = { getEntityByRef: jest.fn(async () => entity) };
  const permissions = {
    authorize: jest.fn(async () => [
      { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY },
    ]),
    authorizeConditional: jest.fn(),
  };
  const action = createProjectRetireAction({
    registry: registry as unknown as AimlClusterRegistry,
    teams: teams as unknown as TeamDirectory,
    catalog: catalog as any,
    permissions,
  });
  const run = (input: object = {}) =>
    action.handler({
      ...createMockActionContext({
        input: { project: 'chat', ...input } as any,
        user: { ref: 'user:default/lee' },
      }),
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/lee'),
    } as any);
  return { run, registry, teams, catalog, permissions };
}

describe('aiml:project:retire', () => {
  it('reads the project as the user, by a ref that defaults to a Component of namespace default', async () => {
    const { run, catalog } = setup(undefined);
    await expect(run()).rejects.toMatchObject({
      name: 'NotFoundError',
      message:
        'component:default/chat is not in the catalog (already retired?)',
    });
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'chat' },
      { credentials: mockCredentials.user('user:default/lee') },
    );
  });

  it.each([
    [
      'an entity the golden paths did not make',
      project({ metadata: { name: 'chat', namespace: 'default' } }),
      /component:default\/chat is not a project of the golden paths: they make Components annotated aiml.eks.aws\/cluster/,
    ],
    [
      'a project owned by a person',
      project({ spec: { owner: 'user:default/maya' } }),
      /is owned by user:default\/maya, not a team/,
    ],
  ])(
    'refuses %s before asking for any permission',
    async (_what, e, message) => {
      const { run, permissions, teams } = setup(e);
      await expect(run()).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(permissions.authorize).not.toHaveBeenCalled();
      expect(teams.managedNamespaces).not.toHaveBeenCalled();
    },
  );

  it('asks aiml.project.retire for the owning team, and stops there when it is denied', async () => {
    const { run, permissions, registry } = setup(project(), false);
    await expect(run({ dryRun: false })).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'user:default/lee may not retire projects of team "ml-research"',
      ),
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'aiml.project.retire',
            resourceType: 'aiml-team',
          }),
          resourceRef: 'group:default/ml-research',
        },
      ],
      { credentials: mockCredentials.user('user:default/lee') },
    );
    expect(registry.getCluster).not.toHaveBeenCalled();
  });

  it('acts only on a configured cluster', async () => {
    const { run, teams } = setup(project());
    await expect(run()).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'cluster "ml-sandbox-use1" is not configured',
    });
    expect(teams.managedNamespaces).not.toHaveBeenCalled();
  });
});
