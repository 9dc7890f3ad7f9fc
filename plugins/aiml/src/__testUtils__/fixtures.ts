import { ResponseError } from '@backstage/errors';
import type { AimlApi, AimlCluster, AimlGrant } from '../api';

/** A ResponseError as the client throws it for a Backstage error body. */
export async function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/api/aiml' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: String(status),
    headers: { get: () => 'application/json; charset=utf-8' },
    text: async () => body,
  } as unknown as Response);
}

/** A mock of every client method; override what a test needs. */
export function mockAimlApi(
  overrides: { [K in keyof AimlApi]?: jest.Mock } = {},
): jest.Mocked<AimlApi> {
  const never = () => new Promise<never>(() => {});
  return {
    listClusters: jest.fn().mockResolvedValue([]),
    getCluster: jest.fn(never),
    listGrants: jest.fn().mockResolvedValue([]),
    requestGrant: jest.fn(never),
    revokeGrant: jest.fn(never),
    answerGrant: jest.fn(never),
    getKubeconfig: jest.fn(never),
    getPricing: jest.fn(never),
    getTeamQuota: jest.fn().mockResolvedValue({ gpu: 8, neuronCores: 32 }),
    getTeamsUsage: jest.fn(never),
    getTeamUsage: jest.fn(never),
    getProjectUsage: jest.fn(never),
    getClusterUsage: jest.fn(never),
    getUsageCsv: jest.fn(never),
    getChargebackCsv: jest.fn(never),
    getProjectWorkloads: jest.fn(never),
    resumeProject: jest.fn(never),
    getTeamQueues: jest.fn().mockResolvedValue({ team: 'none', queues: [] }),
    getCohorts: jest.fn().mockResolvedValue({ items: [] }),
    ...overrides,
  } as jest.Mocked<AimlApi>;
}

export const tokenCluster: AimlCluster = {
  name: 'ml-sandbox-use1',
  region: 'us-east-1',
  accountId: '111122223333',
  kubernetesVersion: '1.31',
  status: 'ACTIVE',
  access: { strategy: 'token', maxTtlSeconds: 8 * 3600 },
  capacity: [
    {
      pool: 'gpu-a10g-spot',
      source: 'nodepool',
      instanceType: 'g5.12xlarge',
      capacityType: 'spot',
      acceleratorType: 'nvidia-a10g',
      resource: 'nvidia.com/gpu',
      units: 16,
      instances: 4,
      basis: 'nodepool-limit-accelerator',
      limit: { resource: 'nvidia.com/gpu', value: '16' },
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'g5.12xlarge',
        'karpenter.sh/capacity-type': 'spot',
      },
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
    },
    {
      pool: 'gpu-a100',
      source: 'nodegroup',
      instanceType: 'p4d.24xlarge',
      capacityType: 'on-demand',
      acceleratorType: 'nvidia-a100-40gb',
      resource: 'nvidia.com/gpu',
      units: 8,
      instances: 1,
      basis: 'nodegroup-max',
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'p4d.24xlarge',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
      taints: [],
    },
  ],
};

export const accessEntryCluster: AimlCluster = {
  name: 'ml-sandbox-usw2',
  region: 'us-west-2',
  accountId: '111122223333',
  kubernetesVersion: '1.31',
  status: 'ACTIVE',
  access: { strategy: 'access-entry', maxTtlSeconds: 4 * 3600 },
  capacity: [
    {
      pool: 'trn1',
      source: 'nodepool',
      instanceType: 'trn1.32xlarge',
      capacityType: 'on-demand',
      acceleratorType: 'aws-trainium',
      resource: 'aws.amazon.com/neuroncore',
      units: 64,
      instances: 2,
      basis: 'nodepool-limit-accelerator',
      limit: { resource: 'aws.amazon.com/neuroncore', value: '64' },
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'trn1.32xlarge',
        'karpenter.sh/capacity-type': 'on-demand',
      },
      taints: [],
    },
  ],
};

export function grant(overrides: Partial<AimlGrant> = {}): AimlGrant {
  const now = Date.now();
  return {
    id: 'a1b2c3d4e5f6',
    userRef: 'user:default/maya',
    team: 'ml-research',
    cluster: 'ml-sandbox-use1',
    level: 'edit',
    breakGlass: false,
    strategy: 'token',
    namespaces: ['ml-research-training'],
    reason: 'debug a failing job',
    state: 'active',
    createdAt: new Date(now - 60_000).toISOString(),
    expiresAt: new Date(now + 2 * 3600_000).toISOString(),
    updatedAt: new Date(now - 60_000).toISOString(),
    ...overrides,
  };
}
