import { ConfigReader } from '@backstage/config';
import { CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';
import { readAimlConfig } from '../config/readAimlConfig';
import https from 'node:https';
import {
  bearerKubeConfig,
  makeKubernetesApi,
} from '../kubernetes/kubernetesApi';
import { keepAliveAgent } from '../kubernetes/keepAliveAgents';
import { AwsClients, awsEnvironment } from './awsClients';
import { DefaultAimlClusterRegistry } from './clusterRegistry';
import { TeamDirectory } from '../teams/teamDirectory';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Through the wire: the real EKS, STS and Kubernetes clients against the sandbox.
describe('the cluster registry on the sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await Sandbox.start();
  });

  afterAll(() => sandbox.stop());

  function registry(clusters: object[]) {
    const config = readAimlConfig(new ConfigReader({ aiml: { clusters } }));
    const clients = new AwsClients(awsEnvironment(sandbox.connection()));
    return new DefaultAimlClusterRegistry(
      config.clusters,
      clients,
      sandbox.clock,
    );
  }

  const portalRole = () => ({
    roleArn: sandbox.connection().portalRole.arn,
    externalId: sandbox.connection().portalRole.externalId,
  });

  it('lists only the configured clusters and describes them through EKS', async () => {
    const r = registry([{ name: 'ml-sandbox-use1', region: 'us-east-1' }]);
    expect(r.listClusters().map(c => c.name)).toEqual(['ml-sandbox-use1']);
    const d = await r.describeCluster('ml-sandbox-use1');
    const expected = sandbox
      .connection()
      .clusters.find(c => c.name === 'ml-sandbox-use1')!;
    expect(d).toMatchObject({
      name: 'ml-sandbox-use1',
      status: 'ACTIVE',
      endpoint: expected.endpoint,
    });
    expect(Buffer.from(d.caData, 'base64').toString()).toBe(expected.caPem);
    await expect(r.describeCluster('ml-sandbox-usw2')).rejects.toThrow(
      'cluster "ml-sandbox-usw2" is not configured; the configured clusters are: ml-sandbox-use1',
    );
  });

  it('assumes the configured role with its external id', async () => {
    const r = registry([
      {
        name: 'ml-sandbox-usw2',
        region: 'us-west-2',
        assumeRole: portalRole(),
      },
    ]);
    await expect(r.describeCluster('ml-sandbox-usw2')).resolves.toMatchObject({
      status: 'ACTIVE',
    });
    const wrong = registry([
      {
        name: 'ml-sandbox-usw2',
        region: 'us-west-2',
        assumeRole: { ...portalRole(), externalId: 'guess' },
      },
    ]);
    await expect(wrong.describeCluster('ml-sandbox-usw2')).rejects.toThrow(
      /AccessDenied/,
    );
  });

  it('reports accelerator capacity from node groups and NodePools', async () => {
    const r = registry([
      {
        name: 'ml-sandbox-use1',
        region: 'us-east-1',
        assumeRole: portalRole(),
      },
    ]);
    const capacity = await r.getCapacity('ml-sandbox-use1');
    const by = (pool: string) => capacity.find(c => c.pool === pool);
    expect(by('gpu-a10g')).toMatchObject({
      units: 12,
      capacityType: 'on-demand',
      acceleratorType: 'nvidia-a10g',
      source: 'nodegroup',
      basis: 'nodegroup-max',
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'g5.12xlarge',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
    });
    expect(by('trn1')).toMatchObject({
      units: 32,
      resource: 'aws.amazon.com/neuroncore',
    });
    expect(by('gpu-a100-spot')).toMatchObject({
      units: 16,
      capacityType: 'spot',
      source: 'nodepool',
      basis: 'nodepool-limit-accelerator',
      nodeSelector: {
        'node.kubernetes.io/instance-type': 'p4d.24xlarge',
        'karpenter.sh/capacity-type': 'spot',
      },
    });
    expect(by('system')).toBeUndefined();
  });

  it('reports what real pools allow: an ai-on-eks NodePool of instance families and a spot node group scaled to zero', async () => {
    const connection = sandbox.connection();
    const use1 = connection.clusters.find(c => c.name === 'ml-sandbox-use1')!;
    // The pools an EKS AI/ML cluster has, created through the wire as a platform team would.
    const eks = new EKSClient({
      region: 'us-east-1',
      endpoint: connection.awsEndpoint,
      credentials: connection.credentials,
    });
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'ml-sandbox-use1',
        nodegroupName: 'gpu-l4-spot-scale-from-zero',
        nodeRole: `arn:aws:iam::${connection.accountId}:role/eks-node`,
        subnets: ['subnet-0a'],
        instanceTypes: ['g6.12xlarge'],
        capacityType: 'SPOT',
        scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 4 },
        taints: [
          { key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' },
        ],
      }),
    );
    eks.destroy();
    await makeKubernetesApi(
      bearerKubeConfig({
        clusterName: use1.name,
        server: use1.endpoint,
        caData: Buffer.from(use1.caPem).toString('base64'),
        token: use1.adminToken,
        user: 'admin',
      }),
      CustomObjectsApi,
    ).createClusterCustomObject({
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
      body: {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'g5-gpu-karpenter' },
        spec: {
          template: {
            spec: {
              nodeClassRef: {
                group: 'karpenter.k8s.aws',
                kind: 'EC2NodeClass',
                name: 'g5-gpu-karpenter',
              },
              taints: [
                { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
              ],
              requirements: [
                {
                  key: 'karpenter.k8s.aws/instance-family',
                  operator: 'In',
                  values: ['g5', 'g6'],
                },
                {
                  key: 'karpenter.k8s.aws/instance-size',
                  operator: 'In',
                  values: ['2xlarge', '4xlarge', '8xlarge', '12xlarge'],
                },
                {
                  key: 'karpenter.sh/capacity-type',
                  operator: 'In',
                  values: ['spot', 'on-demand'],
                },
                {
                  key: 'kubernetes.io/arch',
                  operator: 'In',
                  values: ['amd64'],
                },
              ],
            },
          },
          limits: { cpu: 1000 },
        },
      },
    });

    const r = registry([
      {
        name: 'ml-sandbox-use1',
        region: 'us-east-1',
        assumeRole: portalRole(),
      },
    ]);
    const capacity = await r.getCapacity('ml-sandbox-use1');
    const of = (pool: string) => capacity.filter(c => c.pool === pool);
    expect(of('gpu-l4-spot-scale-from-zero')).toEqual([
      {
        pool: 'gpu-l4-spot-scale-from-zero',
        source: 'nodegroup',
        instanceType: 'g6.12xlarge',
        capacityType: 'spot',
        acceleratorType: 'nvidia-l4',
        resource: 'nvidia.com/gpu',
        units: 16,
        instances: 4,
        basis: 'nodegroup-max',
        nodeSelector: {
          'node.kubernetes.io/instance-type': 'g6.12xlarge',
          'eks.amazonaws.com/capacityType': 'SPOT',
        },
        taints: [
          { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
        ],
      },
    ]);
    const pool = of('g5-gpu-karpenter');
    expect([...new Set(pool.map(c => c.instanceType))].sort()).toEqual([
      'g5.12xlarge',
      'g5.2xlarge',
      'g5.4xlarge',
      'g5.8xlarge',
      'g6.12xlarge',
    ]);
    // 1000 vCPUs hold 20 g5.12xlarge (48 vCPUs each): 80 GPUs, spot and on-demand.
    expect(pool.filter(c => c.instanceType === 'g5.12xlarge')).toEqual([
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
      }),
    ]);
  });

  it('lists namespaces with an EKS token of its own identity', async () => {
    const r = registry([
      {
        name: 'ml-sandbox-use1',
        region: 'us-east-1',
        assumeRole: portalRole(),
      },
    ]);
    const core = makeKubernetesApi(
      await r.getBackendKubeConfig('ml-sandbox-use1'),
      CoreV1Api,
    );
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toContain(
      'ml-research-training',
    );
  });

  it('keeps one TLS connection alive across calls to a cluster', async () => {
    const r = registry([
      {
        name: 'ml-sandbox-use1',
        region: 'us-east-1',
        assumeRole: portalRole(),
      },
    ]);
    const kubeConfig = await r.getBackendKubeConfig('ml-sandbox-use1');
    const core = makeKubernetesApi(kubeConfig, CoreV1Api);
    await core.listNamespace();
    // Every TLS connection the shared agent opens logs its keys: count the sockets.
    const cluster = kubeConfig.getCurrentCluster()!;
    const agent = keepAliveAgent(
      new https.Agent({ ca: Buffer.from(cluster.caData!, 'base64') }),
    )!;
    const sockets = new Set<unknown>();
    const onKeylog = (_line: Buffer, socket: unknown) => sockets.add(socket);
    agent.on('keylog', onKeylog);
    try {
      for (let i = 0; i < 20; i++) await core.listNamespace();
    } finally {
      agent.off('keylog', onKeylog);
    }
    expect(sockets.size).toBe(0);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
  });

  it('a token for one cluster is refused by another', async () => {
    const clusters = [
      {
        name: 'ml-sandbox-use1',
        region: 'us-east-1',
        assumeRole: portalRole(),
      },
      {
        name: 'ml-sandbox-usw2',
        region: 'us-west-2',
        assumeRole: portalRole(),
      },
    ];
    const r = registry(clusters);
    const tokenForUse1 = await r.getBackendToken('ml-sandbox-use1');
    const usw2 = await r.describeCluster('ml-sandbox-usw2');
    const core = makeKubernetesApi(
      bearerKubeConfig({
        clusterName: 'ml-sandbox-usw2',
        server: usw2.endpoint,
        caData: usw2.caData,
        token: tokenForUse1.token,
      }),
      CoreV1Api,
    );
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 401 });
  });

  it("finds a team's namespaces by BOTH labels, never an unmanaged one with the team label", async () => {
    const r = registry([
      {
        name: 'ml-sandbox-use1',
        region: 'us-east-1',
        assumeRole: portalRole(),
      },
    ]);
    const teams = new TeamDirectory({
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      config: new ConfigReader({}),
      registry: r,
    });
    expect(
      await teams.managedNamespaces('ml-sandbox-use1', 'ml-research'),
    ).toEqual(['ml-research-inference', 'ml-research-training']);
    expect(await teams.managedNamespaces('ml-sandbox-use1', 'finops')).toEqual(
      [],
    );
  });
});
