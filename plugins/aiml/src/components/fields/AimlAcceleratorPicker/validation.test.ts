import {
  accessEntryCluster,
  tokenCluster,
} from '../../../__testUtils__/fixtures';
import { podsOf, teamNameOf } from './utils';
import { acceleratorChoiceProblems, quotaProblem } from './validation';

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

describe('the quota check of the accelerator picker', () => {
  const quota = { gpu: 8, neuronCores: 32 };

  it('reads the team from a Group ref or a bare name, and the pods from podsField', () => {
    const options = { teamField: 'owner', podsField: 'workers' };
    expect(teamNameOf({ owner: 'group:default/ml-research' }, options)).toBe(
      'ml-research',
    );
    expect(teamNameOf({ owner: 'recsys' }, options)).toBe('recsys');
    expect(teamNameOf({}, options)).toBeUndefined();
    expect(podsOf({ workers: 3 }, options)).toBe(3);
    expect(podsOf({ workers: 3 }, {})).toBe(1);
    expect(podsOf({ workers: 'x' }, options)).toBe(1);
  });

  it("refuses pods × accelerators beyond the quota in the action's words", () => {
    expect(quotaProblem({ ...a10g, count: 4 }, 'ml-research', 3, quota)).toBe(
      '3 pods × 4 GPUs = 12 GPUs, more than team "ml-research"\'s quota of 8 GPUs per namespace: at most 2 pods of 4 fit. Ask for fewer, or have a platform admin raise the Group\'s aiml.eks.aws/quota-gpu annotation.',
    );
    expect(quotaProblem({ ...a10g, count: 4 }, 'ml-research', 2, quota)).toBe(
      undefined,
    );
  });

  it('counts Neuron choices in NeuronCores', () => {
    const trn1 = {
      instanceType: 'trn1.32xlarge',
      acceleratorType: 'aws-trainium',
      resource: 'aws.amazon.com/neuroncore',
      count: 32,
      capacityType: 'on-demand' as const,
    };
    expect(quotaProblem(trn1, 't', 1, quota)).toBeUndefined();
    expect(quotaProblem(trn1, 't', 1, { gpu: 8, neuronCores: 16 })).toMatch(
      /^1 pods × 32 NeuronCores = 32 NeuronCores, .* not one pod of 32 fits/,
    );
  });

  it('leaves incomplete choices to the other checks', () => {
    expect(quotaProblem(undefined, 't', 9, quota)).toBeUndefined();
    expect(quotaProblem({ ...a10g, count: 0 }, 't', 9, quota)).toBeUndefined();
  });
});
