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

  it('summarizes capacity', () => {
    expect(capacitySummary(tokenCluster)).toBe(
      '16 GPUs g5.12xlarge spot, 8 GPUs p4d.24xlarge on-demand',
    );
  });
});
