import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { createClusterDescribeAction } from './clusterDescribe';

const cluster = {
  name: 'ml-prod',
  region: 'us-east-1',
  access: { strategy: 'token' as const, maxTtlMs: 1, principalAccounts: [] },
};

const registry = {
  getCluster: (name: string) => {
    if (name !== 'ml-prod')
      throw new NotFoundError(`cluster "${name}" is not configured`);
    return cluster;
  },
  describeCluster: async () => ({
    version: '1.31',
    endpoint: 'https://x',
    caData: 'secret-ish',
  }),
  getCapacity: async () => [
    {
      pool: 'a10g',
      source: 'nodegroup',
      instanceType: 'g5.12xlarge',
      capacityType: 'on-demand',
      acceleratorType: 'nvidia-a10g',
      resource: 'nvidia.com/gpu',
      units: 12,
      instances: 3,
      basis: 'nodegroup-max',
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'g5.12xlarge',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
      taints: [],
    },
  ],
} as unknown as AimlClusterRegistry;

const teams = {
  teamsOf: async (ref: string) =>
    ref === 'user:default/maya' ? ['ml-research'] : [],
} as unknown as TeamDirectory;

const action = createClusterDescribeAction({ registry, teams });
const context = (input: { cluster: string; team: string }, userRef?: string) =>
  createMockActionContext({
    input,
    user: userRef ? { ref: userRef } : undefined,
  });

describe('aiml:cluster:describe', () => {
  it('outputs version, region, strategy and capacity, and no credentials', async () => {
    const ctx = context(
      { cluster: 'ml-prod', team: 'ml-research' },
      'user:default/maya',
    );
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('kubernetesVersion', '1.31');
    expect(ctx.output).toHaveBeenCalledWith('region', 'us-east-1');
    expect(ctx.output).toHaveBeenCalledWith('accessStrategy', 'token');
    expect(ctx.output).toHaveBeenCalledWith('capacity', [
      {
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        capacityType: 'on-demand',
        instanceType: 'g5.12xlarge',
        units: 12,
        pool: 'a10g',
        basis: 'nodegroup-max',
        nodeSelector: {
          'node.kubernetes.io/instance-type': 'g5.12xlarge',
          'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        },
      },
    ]);
    const outputs = JSON.stringify((ctx.output as jest.Mock).mock.calls);
    expect(outputs).not.toContain('secret-ish');
    expect(outputs).not.toContain('https://x');
  });

  it('refuses a user who is not in the team', async () => {
    const ctx = context(
      { cluster: 'ml-prod', team: 'ml-research' },
      'user:default/omar',
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'user:default/omar is not a member of team "ml-research" (member of: no team)',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a task without a user', async () => {
    await expect(
      action.handler(context({ cluster: 'ml-prod', team: 'ml-research' })),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  it('refuses a cluster that is not configured', async () => {
    const ctx = context(
      { cluster: 'https://evil.example', team: 'ml-research' },
      'user:default/maya',
    );
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
