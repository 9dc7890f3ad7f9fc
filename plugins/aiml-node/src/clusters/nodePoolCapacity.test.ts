import { NodePoolLike } from './capacity';
import { nodePoolCapacity } from './nodePoolCapacity';

/** A NodePool as ai-on-eks writes its GPU pools: instance families, both capacity types, a CPU limit. */
const aiOnEksGpuPool: NodePoolLike = {
  metadata: { name: 'g5-gpu-karpenter' },
  spec: {
    template: {
      spec: {
        requirements: [
          {
            key: 'karpenter.k8s.aws/instance-family',
            operator: 'In',
            values: ['g5', 'g6'],
          },
          {
            key: 'karpenter.k8s.aws/instance-size',
            operator: 'In',
            values: ['2xlarge', '4xlarge', '8xlarge', '12xlarge', '48xlarge'],
          },
          {
            key: 'karpenter.sh/capacity-type',
            operator: 'In',
            values: ['spot', 'on-demand'],
          },
          {
            key: 'NodeGroupType',
            operator: 'In',
            values: ['g5-gpu-karpenter'],
          },
        ],
        taints: [
          { key: 'nvidia.com/gpu', value: 'Exists', effect: 'NoSchedule' },
        ],
      },
    },
    limits: { cpu: 1000 },
  },
};

describe('Karpenter NodePool capacity', () => {
  it('matches instance families and sizes against the catalog, in both capacity types, bounded by the CPU limit', () => {
    const capacity = nodePoolCapacity([aiOnEksGpuPool]);
    expect([...new Set(capacity.map(c => c.instanceType))].sort()).toEqual([
      'g5.12xlarge',
      'g5.2xlarge',
      'g5.48xlarge',
      'g5.4xlarge',
      'g5.8xlarge',
      'g6.12xlarge',
      'g6.48xlarge',
    ]);
    const g5 = capacity.filter(c => c.instanceType === 'g5.12xlarge');
    // 1000 vCPUs ÷ 48 per g5.12xlarge = 20 instances × 4 GPUs.
    expect(g5).toEqual([
      expect.objectContaining({
        capacityType: 'on-demand',
        units: 80,
        instances: 20,
        basis: 'nodepool-limit-cpu',
        limit: { resource: 'cpu', value: '1000' },
        nodeSelector: {
          'node.kubernetes.io/instance-type': 'g5.12xlarge',
          'karpenter.sh/capacity-type': 'on-demand',
        },
      }),
      expect.objectContaining({
        capacityType: 'spot',
        units: 80,
        nodeSelector: {
          'node.kubernetes.io/instance-type': 'g5.12xlarge',
          'karpenter.sh/capacity-type': 'spot',
        },
        taints: [
          { key: 'nvidia.com/gpu', value: 'Exists', effect: 'NoSchedule' },
        ],
      }),
    ]);
    // 1000 ÷ 192 = 5 g6.48xlarge (the floor) × 8 GPUs.
    expect(capacity.find(c => c.instanceType === 'g6.48xlarge')?.units).toBe(
      40,
    );
  });

  it('takes the tightest of several limits, and the accelerator limit in its own unit', () => {
    const pool = (limits: Record<string, string | number>): NodePoolLike => ({
      metadata: { name: 'p4d' },
      spec: {
        limits,
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
                values: ['spot'],
              },
            ],
          },
        },
      },
    });
    expect(
      nodePoolCapacity([pool({ cpu: '1000', 'nvidia.com/gpu': '16' })]),
    ).toEqual([
      expect.objectContaining({
        capacityType: 'spot',
        units: 16,
        instances: 2,
        basis: 'nodepool-limit-accelerator',
      }),
    ]);
    expect(
      nodePoolCapacity([pool({ memory: '4000Gi', nodes: 10 })])[0],
    ).toMatchObject({
      instances: 3,
      units: 24,
      basis: 'nodepool-limit-memory',
    });
    expect(nodePoolCapacity([pool({})])[0]).toMatchObject({
      units: null,
      instances: null,
      basis: 'nodepool-unlimited',
    });
  });

  it('counts Neuron pools in NeuronCores, from device or core limits', () => {
    const neuron = (limits: Record<string, string>): NodePoolLike => ({
      metadata: { name: 'trainium' },
      spec: {
        limits,
        template: {
          spec: {
            requirements: [
              {
                key: 'karpenter.k8s.aws/instance-accelerator-name',
                operator: 'In',
                values: ['trainium'],
              },
              {
                key: 'karpenter.k8s.aws/instance-accelerator-count',
                operator: 'Gt',
                values: ['1'],
              },
            ],
          },
        },
      },
    });
    // Only trn1.32xlarge and trn1n.32xlarge carry more than one Trainium; on-demand by default.
    expect(
      nodePoolCapacity([neuron({ 'aws.amazon.com/neuron': '32' })]).map(c => [
        c.instanceType,
        c.capacityType,
        c.units,
      ]),
    ).toEqual([
      ['trn1.32xlarge', 'on-demand', 64],
      ['trn1n.32xlarge', 'on-demand', 64],
    ]);
    expect(
      nodePoolCapacity([neuron({ 'aws.amazon.com/neuroncore': '40' })])[0],
    ).toMatchObject({ units: 32, instances: 1 });
  });

  it("reads EKS Auto Mode's instance keys as Karpenter's", () => {
    expect(
      nodePoolCapacity([
        {
          metadata: { name: 'auto-gpu' },
          spec: {
            limits: { 'nvidia.com/gpu': '1' },
            template: {
              spec: {
                requirements: [
                  {
                    key: 'eks.amazonaws.com/instance-family',
                    operator: 'In',
                    values: ['g6', 'g5', 'g4dn'],
                  },
                  {
                    key: 'eks.amazonaws.com/instance-size',
                    operator: 'In',
                    values: ['xlarge', '2xlarge'],
                  },
                ],
              },
            },
          },
        },
      ]).map(c => `${c.instanceType} ${c.units}`),
    ).toEqual(['g5.xlarge 1', 'g5.2xlarge 1', 'g6.xlarge 1']);
  });

  it('keeps a static pool to its replicas, and offers nothing a pool cannot launch', () => {
    expect(
      nodePoolCapacity([
        {
          metadata: { name: 'static' },
          spec: {
            replicas: 3,
            limits: { nodes: 10 },
            template: {
              spec: {
                requirements: [
                  {
                    key: 'karpenter.k8s.aws/instance-gpu-name',
                    operator: 'In',
                    values: ['h100'],
                  },
                  {
                    key: 'karpenter.k8s.aws/instance-gpu-count',
                    operator: 'Gte',
                    values: ['8'],
                  },
                ],
              },
            },
          },
        },
      ]),
    ).toEqual([
      expect.objectContaining({
        instanceType: 'p5.48xlarge',
        instances: 3,
        units: 24,
        basis: 'nodepool-replicas',
      }),
    ]);
    expect(
      nodePoolCapacity([
        {
          metadata: { name: 'general' },
          spec: {
            limits: { cpu: 1000 },
            template: {
              spec: {
                requirements: [
                  {
                    key: 'karpenter.k8s.aws/instance-category',
                    operator: 'In',
                    values: ['c', 'm', 'r'],
                  },
                ],
              },
            },
          },
        },
      ]),
    ).toEqual([]);
  });
});
