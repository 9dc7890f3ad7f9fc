import { accessEntryCluster, tokenCluster } from '../__testUtils__/fixtures';
import {
  acceleratorChoiceProblems,
  capacitySummary,
  clusterProblem,
} from './capacity';

const a10g = {
  instanceType: 'g5.12xlarge',
  acceleratorType: 'nvidia-a10g',
  resource: 'nvidia.com/gpu',
  count: 4,
  capacityType: 'spot' as const,
};

describe('acceleratorChoiceProblems', () => {
  it('accepts what the cluster has', () => {
    expect(acceleratorChoiceProblems(a10g, tokenCluster)).toEqual([]);
  });

  it('refuses more accelerators than the instance has', () => {
    expect(
      acceleratorChoiceProblems({ ...a10g, count: 8 }, tokenCluster),
    ).toEqual([
      'g5.12xlarge has 4 GPUs: ask for at most 4, or choose a larger instance type.',
    ]);
    expect(acceleratorChoiceProblems({ ...a10g, count: 0 }, undefined)).toEqual(
      ['Ask for a whole number of GPUs, at least 1.'],
    );
  });

  it('refuses an instance type the cluster does not have', () => {
    expect(
      acceleratorChoiceProblems(
        { ...a10g, instanceType: 'p5.48xlarge', count: 8 },
        tokenCluster,
      ),
    ).toEqual([
      'Cluster ml-sandbox-use1 has no p5.48xlarge capacity (it has g5.12xlarge, p4d.24xlarge).',
    ]);
  });

  it('refuses a capacity type the cluster does not offer', () => {
    expect(
      acceleratorChoiceProblems(
        { ...a10g, capacityType: 'on-demand' },
        tokenCluster,
      ),
    ).toEqual([
      'Cluster ml-sandbox-use1 offers g5.12xlarge as spot only, not on-demand.',
    ]);
  });

  it('refuses when the cluster has too few accelerators', () => {
    const small = {
      ...tokenCluster,
      capacity: [{ ...tokenCluster.capacity[0], units: 2 }],
    };
    expect(acceleratorChoiceProblems(a10g, small)).toEqual([
      'Cluster ml-sandbox-use1 has 2 GPUs of g5.12xlarge spot: not enough for 4.',
    ]);
  });

  it('refuses GPUs where the template needs Neuron, and unknown types', () => {
    expect(
      acceleratorChoiceProblems(a10g, undefined, { vendor: 'aws' }),
    ).toEqual([
      'g5.12xlarge is not allowed by this template (it needs AWS Trainium or Inferentia).',
    ]);
    expect(
      acceleratorChoiceProblems(
        { ...a10g, instanceType: 'm5.large' },
        undefined,
      ),
    ).toEqual([
      'm5.large is not an accelerated instance type the portal knows.',
    ]);
  });

  it('counts Neuron in NeuronCores', () => {
    expect(
      acceleratorChoiceProblems(
        {
          instanceType: 'trn1.32xlarge',
          acceleratorType: 'aws-trainium',
          resource: 'aws.amazon.com/neuroncore',
          count: 32,
          capacityType: 'on-demand',
        },
        accessEntryCluster,
      ),
    ).toEqual([]);
    expect(
      acceleratorChoiceProblems(
        {
          instanceType: 'trn1.32xlarge',
          acceleratorType: 'aws-trainium',
          resource: 'aws.amazon.com/neuroncore',
          count: 33,
          capacityType: 'on-demand',
        },
        accessEntryCluster,
      ),
    ).toEqual([
      'trn1.32xlarge has 32 NeuronCores: ask for at most 32, or choose a larger instance type.',
    ]);
  });
});

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
