import { namespaceQuota, quotaHard } from './quota';

describe('namespaceQuota', () => {
  it('counts Neuron devices as NeuronCores / 2, rounded down', () => {
    expect(namespaceQuota({ gpu: 0, neuronCores: 7 }).neuronDevices).toBe(3);
    expect(namespaceQuota({ gpu: 0, neuronCores: 1 }).neuronDevices).toBe(0);
  });

  it('gives host CPU and memory with the accelerators', () => {
    expect(namespaceQuota({ gpu: 2, neuronCores: 4 })).toEqual({
      gpu: 2,
      neuronCores: 4,
      neuronDevices: 2,
      cpu: 16 + 2 * 24 + 4 * 8,
      memory: `${64 + 2 * 256 + 4 * 32}Gi`,
    });
    expect(namespaceQuota({ gpu: 0, neuronCores: 0 })).toMatchObject({
      cpu: 16,
      memory: '64Gi',
    });
  });

  it('never quotas part of an accelerator, nor less than nothing', () => {
    expect(namespaceQuota({ gpu: 2.7, neuronCores: -3 })).toMatchObject({
      gpu: 2,
      neuronCores: 0,
      neuronDevices: 0,
    });
  });

  it('states every resource in the ResourceQuota', () => {
    expect(
      Object.keys(quotaHard(namespaceQuota({ gpu: 1, neuronCores: 2 }))),
    ).toEqual([
      'requests.nvidia.com/gpu',
      'requests.aws.amazon.com/neuroncore',
      'requests.aws.amazon.com/neuron',
      'requests.cpu',
      'requests.memory',
    ]);
  });
});
