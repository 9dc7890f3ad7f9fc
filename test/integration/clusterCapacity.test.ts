/**
 * Capacity as the portal reports it (`GET /api/aiml/clusters`, the real backend attached
 * to a sandbox) for the pools real AI/ML clusters have, created through the wire as a
 * platform team would: an ai-on-eks-style Karpenter NodePool (instance families, both
 * capacity types, a CPU limit) and a spot managed node group scaled to zero.
 */
import { CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { getJson } from '../support/portalBackend';
import { SandboxPortal, startSandboxPortal } from '../support/sandboxPortal';

jest.setTimeout(240_000);

const CLUSTER = 'ml-sandbox-use1';
let portal: SandboxPortal;

beforeAll(async () => {
  portal = await startSandboxPortal({ port: 7231 });
  // Before the first GET /clusters: the backend reuses a cluster's summary for 60 s.
  const connection = portal.sandbox.connection();
  const eks = new EKSClient({
    region: 'us-east-1',
    endpoint: connection.awsEndpoint,
    credentials: connection.credentials,
  });
  await eks.send(
    new CreateNodegroupCommand({
      clusterName: CLUSTER,
      nodegroupName: 'gpu-spot-scale-from-zero',
      nodeRole: `arn:aws:iam::${connection.accountId}:role/eks-node`,
      subnets: ['subnet-0a'],
      instanceTypes: ['g5.12xlarge'],
      capacityType: 'SPOT',
      scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 4 },
    }),
  );
  eks.destroy();
  await portal
    .kubeConfig(CLUSTER)
    .makeApiClient(CustomObjectsApi)
    .createClusterCustomObject({
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
      body: {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'g5-g6-gpu' },
        spec: {
          template: {
            spec: {
              nodeClassRef: {
                group: 'karpenter.k8s.aws',
                kind: 'EC2NodeClass',
                name: 'default',
              },
              requirements: [
                {
                  key: 'karpenter.k8s.aws/instance-family',
                  operator: 'In',
                  values: ['g5', 'g6'],
                },
                {
                  key: 'karpenter.sh/capacity-type',
                  operator: 'In',
                  values: ['spot', 'on-demand'],
                },
              ],
            },
          },
          limits: { cpu: 1000 },
        },
      },
    });
});

afterAll(() => portal?.stop());

it('reports what the pools allow, where each figure comes from and the selector that lands on it', async () => {
  const body = await getJson(portal.backend, '/api/aiml/clusters');
  const use1 = body.items.find((c: any) => c.name === CLUSTER);
  expect(use1.error).toBeUndefined();
  const of = (pool: string) =>
    use1.capacity.filter((c: any) => c.pool === pool);
  expect(of('gpu-spot-scale-from-zero')).toEqual([
    expect.objectContaining({
      source: 'nodegroup',
      instanceType: 'g5.12xlarge',
      capacityType: 'spot',
      units: 16,
      instances: 4,
      basis: 'nodegroup-max',
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'g5.12xlarge',
        'eks.amazonaws.com/capacityType': 'SPOT',
      },
    }),
  ]);
  const pool = of('g5-g6-gpu');
  // Every g5 and g6 type of the catalog, each in both capacity types.
  expect(pool).toHaveLength(2 * 11);
  expect(pool.filter((c: any) => c.instanceType === 'g6.48xlarge')).toEqual([
    expect.objectContaining({
      capacityType: 'on-demand',
      units: 40,
      instances: 5,
      basis: 'nodepool-limit-cpu',
      limit: { resource: 'cpu', value: '1000' },
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'g6.48xlarge',
        'karpenter.sh/capacity-type': 'on-demand',
      },
    }),
    expect.objectContaining({
      capacityType: 'spot',
      units: 40,
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'g6.48xlarge',
        'karpenter.sh/capacity-type': 'spot',
      },
    }),
  ]);
});
