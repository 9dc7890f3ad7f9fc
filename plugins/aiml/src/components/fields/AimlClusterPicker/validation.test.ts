import { tokenCluster } from '../../../__testUtils__/fixtures';
import { capacitySummary } from './utils';
import { clusterProblem } from './validation';

describe('clusterProblem', () => {
  it('explains clusters that cannot be chosen', () => {
    expect(clusterProblem(tokenCluster, tokenCluster.name)).toBeUndefined();
    expect(clusterProblem(undefined, 'nope')).toMatch(
      /not a configured cluster/,
    );
    expect(
      clusterProblem(tokenCluster, tokenCluster.name, {
        resource: 'aws.amazon.com/neuroncore',
      }),
    ).toBe('ml-sandbox-use1 has no NeuronCore capacity.');
    expect(
      clusterProblem(
        { ...tokenCluster, error: 'Error: timeout' },
        'ml-sandbox-use1',
      ),
    ).toBe('ml-sandbox-use1 did not answer: Error: timeout');
  });

  it('summarizes capacity with where each figure comes from', () => {
    expect(capacitySummary(tokenCluster)).toBe(
      '16 GPUs g5.12xlarge spot (NodePool gpu-a10g-spot, nvidia.com/gpu limit 16 (4 instances)), 8 GPUs p4d.24xlarge on-demand (node group gpu-a100, maximum size 1)',
    );
  });

  it('accepts a cluster whose only pool is a NodePool without limits', () => {
    const unbounded = {
      ...tokenCluster,
      capacity: [
        {
          ...tokenCluster.capacity[0],
          units: null,
          instances: null,
          basis: 'nodepool-unlimited' as const,
          limit: undefined,
        },
      ],
    };
    expect(
      clusterProblem(unbounded, unbounded.name, { resource: 'nvidia.com/gpu' }),
    ).toBeUndefined();
    expect(capacitySummary(unbounded)).toBe(
      'unbounded GPUs g5.12xlarge spot (NodePool gpu-a10g-spot, no limits)',
    );
  });
});
