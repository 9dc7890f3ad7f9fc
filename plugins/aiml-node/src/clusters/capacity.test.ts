import { nodegroupCapacity, nodePoolCapacity } from './capacity';

describe('accelerator capacity', () => {
  it('counts node groups by desired size, in GPUs and NeuronCores', () => {
    expect(
      nodegroupCapacity([
        {
          nodegroupName: 'a10g',
          instanceTypes: ['g5.12xlarge'],
          capacityType: 'ON_DEMAND',
          scalingConfig: { desiredSize: 3 },
        },
        {
          nodegroupName: 'trn',
          instanceTypes: ['trn1.32xlarge'],
          capacityType: 'SPOT',
          scalingConfig: { desiredSize: 2 },
        },
        {
          nodegroupName: 'system',
          instanceTypes: ['m6i.xlarge'],
          scalingConfig: { desiredSize: 2 },
        },
      ]),
    ).toEqual([
      expect.objectContaining({
        pool: 'a10g',
        units: 12,
        capacityType: 'on-demand',
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-a10g',
      }),
      expect.objectContaining({
        pool: 'trn',
        units: 64,
        capacityType: 'spot',
        resource: 'aws.amazon.com/neuroncore',
      }),
    ]);
  });

  it('counts NodePools by their accelerator limit and capacity type', () => {
    const pool = (name: string, capacityTypes: string[], limit: string) => ({
      metadata: { name },
      spec: {
        limits: { 'nvidia.com/gpu': limit },
        template: {
          spec: {
            requirements: [
              {
                key: 'node.kubernetes.io/instance-type',
                operator: 'In',
                values: ['p4d.24xlarge'],
              },
              {
                key: 'karpenter.sh/capacity-type',
                operator: 'In',
                values: capacityTypes,
              },
            ],
          },
        },
      },
    });
    expect(
      nodePoolCapacity([
        pool('spot', ['spot'], '16'),
        pool('mixed', ['spot', 'on-demand'], '8'),
      ]),
    ).toEqual([
      expect.objectContaining({
        pool: 'spot',
        capacityType: 'spot',
        units: 16,
        source: 'nodepool',
      }),
      // A pool that may run on-demand is never priced as spot.
      expect.objectContaining({
        pool: 'mixed',
        capacityType: 'on-demand',
        units: 8,
      }),
    ]);
  });

  it('ignores NodePools without one accelerated instance type', () => {
    expect(
      nodePoolCapacity([
        {
          metadata: { name: 'general' },
          spec: { template: { spec: { requirements: [] } } },
        },
      ]),
    ).toEqual([]);
  });
});
