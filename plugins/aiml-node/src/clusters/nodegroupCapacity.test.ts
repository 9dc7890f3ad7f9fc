import { nodegroupCapacity } from './nodegroupCapacity';

describe('managed node group capacity', () => {
  it('counts a group by what it may scale to, in GPUs and NeuronCores', () => {
    expect(
      nodegroupCapacity([
        {
          nodegroupName: 'a10g',
          instanceTypes: ['g5.12xlarge'],
          capacityType: 'ON_DEMAND',
          scalingConfig: { minSize: 1, desiredSize: 3, maxSize: 5 },
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
          scalingConfig: { desiredSize: 2, maxSize: 2 },
        },
      ]),
    ).toEqual([
      expect.objectContaining({
        pool: 'a10g',
        units: 20,
        instances: 5,
        basis: 'nodegroup-max',
        capacityType: 'on-demand',
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-a10g',
      }),
      // EKS reported no maximum: the desired size is all that is known.
      expect.objectContaining({
        pool: 'trn',
        units: 64,
        basis: 'nodegroup-desired',
        capacityType: 'spot',
        resource: 'aws.amazon.com/neuroncore',
      }),
    ]);
  });

  it('offers a spot group scaled to zero by its maximum, with the selector its nodes carry', () => {
    const [spot] = nodegroupCapacity([
      {
        nodegroupName: 'gpu-l4-spot',
        instanceTypes: ['g6.12xlarge', 'g6.48xlarge'],
        capacityType: 'SPOT',
        scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 4 },
        taints: [
          { key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' },
        ],
      },
    ]);
    expect(spot).toEqual({
      pool: 'gpu-l4-spot',
      source: 'nodegroup',
      instanceType: 'g6.12xlarge',
      capacityType: 'spot',
      acceleratorType: 'nvidia-l4',
      resource: 'nvidia.com/gpu',
      units: 16,
      instances: 4,
      basis: 'nodegroup-max',
      // Managed node groups label eks.amazonaws.com/capacityType, never karpenter.sh/capacity-type.
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'g6.12xlarge',
        'eks.amazonaws.com/capacityType': 'SPOT',
      },
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
    });
    // Every accelerated type of a mixed-type group, each bounded by the same maximum.
    expect(
      nodegroupCapacity([
        {
          nodegroupName: 'gpu-l4-spot',
          instanceTypes: ['g6.12xlarge', 'g6.48xlarge'],
          capacityType: 'SPOT',
          scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 4 },
        },
      ]).map(c => [c.instanceType, c.units]),
    ).toEqual([
      ['g6.12xlarge', 16],
      ['g6.48xlarge', 32],
    ]);
  });
});
