import { quotaShortfall } from './quota';

const quota = { gpu: 8, neuronCores: 32 };

describe('quotaShortfall', () => {
  it('accepts a workload that fills the quota exactly', () => {
    expect(
      quotaShortfall({
        team: 't',
        vendor: 'nvidia',
        perPod: 4,
        pods: 2,
        quota,
      }),
    ).toBeUndefined();
  });

  it('says how many GPU pods fit and which annotation raises the quota', () => {
    expect(
      quotaShortfall({
        team: 'ml-research',
        namespace: 'ml-research-training',
        vendor: 'nvidia',
        perPod: 8,
        pods: 2,
        quota,
      }),
    ).toBe(
      '2 pods × 8 GPUs = 16 GPUs, more than team "ml-research"\'s quota of 8 GPUs in ml-research-training: at most 1 pod of 8 fit. Ask for fewer, or have a platform admin raise the Group\'s aiml.eks.aws/quota-gpu annotation',
    );
  });

  it('counts Neuron workloads in NeuronCores against their own quota', () => {
    expect(
      quotaShortfall({ team: 't', vendor: 'aws', perPod: 32, pods: 1, quota }),
    ).toBeUndefined();
    const problem = quotaShortfall({
      team: 't',
      vendor: 'aws',
      perPod: 32,
      pods: 2,
      quota,
    });
    expect(problem).toContain('64 NeuronCores');
    expect(problem).toContain('quota of 32 NeuronCores per namespace');
    expect(problem).toContain('aiml.eks.aws/quota-neuron-cores');
  });

  it('says when not even one pod fits', () => {
    expect(
      quotaShortfall({
        team: 't',
        vendor: 'nvidia',
        perPod: 8,
        pods: 1,
        quota: { gpu: 4, neuronCores: 0 },
      }),
    ).toContain('not one pod of 8 fits');
  });
});
