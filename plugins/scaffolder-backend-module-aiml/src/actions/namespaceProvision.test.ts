import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { createNamespaceProvisionAction } from './namespaceProvision';

// Refusals that need no cluster: the registry's kubeconfig must never be asked for.
const getBackendKubeConfig = jest.fn(async () => {
  throw new Error('the cluster must not be contacted');
});
const registry = {
  getCluster: (name: string) => {
    if (name !== 'ml-prod')
      throw new NotFoundError(`cluster "${name}" is not configured`);
    return { name: 'ml-prod', region: 'us-east-1' };
  },
  getBackendKubeConfig,
} as unknown as AimlClusterRegistry;

const membership: Record<string, string[]> = {
  'user:default/maya': ['ml-research'],
  'user:default/k': ['kube'],
  'user:default/long': ['a'.repeat(60)],
};
const getTeam = jest.fn(async (name: string) => ({
  name,
  title: name,
  leads: [],
  quota: { gpu: 8, neuronCores: 32 },
}));
const teams = {
  teamsOf: async (ref: string) => membership[ref] ?? [],
  getTeam,
} as unknown as TeamDirectory;

const action = createNamespaceProvisionAction({ registry, teams });
const input = {
  cluster: 'ml-prod',
  team: 'ml-research',
  workloadType: 'training' as const,
  component: 'llama-finetune',
};
const run = (changes: Partial<typeof input>, user?: string) =>
  action.handler(
    createMockActionContext({
      input: { ...input, ...changes },
      user: user ? { ref: user } : undefined,
    }),
  );

/** The error a run fails with; the cluster must not have been contacted. */
const refusal = async (changes: Partial<typeof input>, user?: string) => {
  jest.clearAllMocks();
  const error = await run(changes, user).then(
    () => new Error('expected a refusal'),
    e => e,
  );
  expect(getBackendKubeConfig).not.toHaveBeenCalled();
  return error;
};

describe('aiml:namespace:provision refuses, before touching any cluster,', () => {
  it('a user who is not in the team', async () => {
    expect(await refusal({}, 'user:default/omar')).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'user:default/omar is not a member of team "ml-research"',
      ),
    });
    expect(getTeam).not.toHaveBeenCalled();
  });

  it('a task without a user', async () => {
    expect(await refusal({})).toMatchObject({ name: 'NotAllowedError' });
  });

  it('a cluster that is not configured', async () => {
    expect(
      await refusal({ cluster: 'https://evil.example' }, 'user:default/maya'),
    ).toMatchObject({ name: 'NotFoundError' });
  });

  it('a component that cannot name Kubernetes objects', async () => {
    expect(
      await refusal({ component: 'Llama Finetune' }, 'user:default/maya'),
    ).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('cannot name Kubernetes objects'),
    });
  });

  it('a namespace name that would be a system namespace', async () => {
    expect(await refusal({ team: 'kube' }, 'user:default/k')).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('"kube-training" is a system namespace'),
    });
  });

  it('a team name too long for a namespace', async () => {
    expect(
      await refusal({ team: 'a'.repeat(60) }, 'user:default/long'),
    ).toMatchObject({ name: 'InputError' });
  });
});
