import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ClusterSummaries } from '../services/clusterSummaries';
import { registerClustersAction } from './clustersAction';

describe('aiml:list-clusters', () => {
  it("answers each cluster's access rules and capacity, without its account", async () => {
    const registry = actionsRegistryServiceMock();
    const summaries = {
      list: jest.fn(async () => [
        {
          name: 'ml-sandbox-use1',
          region: 'us-east-1',
          accountId: '111122223333',
          kubernetesVersion: '1.33',
          status: 'ACTIVE',
          access: {
            strategy: 'token',
            maxTtlSeconds: 28800,
            selfServiceMaxTtlSeconds: 14400,
          },
          scheduling: { mode: 'quota' },
          capacity: [
            {
              pool: 'gpu-p5',
              source: 'nodegroup',
              instanceType: 'p5.48xlarge',
              capacityType: 'on-demand',
              acceleratorType: 'nvidia-h100',
              resource: 'nvidia.com/gpu',
              units: 16,
              instances: 2,
              basis: 'nodegroup-max',
              nodeSelector: {},
              taints: [],
            },
          ],
        },
        {
          name: 'down',
          region: 'us-west-2',
          access: { strategy: 'token', maxTtlSeconds: 3600 },
          capacity: [],
          error: 'EKS did not answer',
        },
      ]),
    };
    registerClustersAction(registry, summaries as unknown as ClusterSummaries);
    const { output } = (await registry.invoke({
      id: 'test:list-clusters',
      input: {},
      credentials: mockCredentials.user('user:default/omar'),
    })) as { output: any };
    expect(output.clusters).toEqual([
      {
        name: 'ml-sandbox-use1',
        region: 'us-east-1',
        kubernetesVersion: '1.33',
        status: 'ACTIVE',
        access: {
          strategy: 'token',
          maxTtlSeconds: 28800,
          selfServiceMaxTtlSeconds: 14400,
        },
        scheduling: 'quota',
        capacity: [
          {
            pool: 'gpu-p5',
            instanceType: 'p5.48xlarge',
            capacityType: 'on-demand',
            acceleratorType: 'nvidia-h100',
            units: 16,
            instances: 2,
          },
        ],
      },
      {
        name: 'down',
        region: 'us-west-2',
        access: { strategy: 'token', maxTtlSeconds: 3600 },
        capacity: [],
        error: 'EKS did not answer',
      },
    ]);
  });
});
