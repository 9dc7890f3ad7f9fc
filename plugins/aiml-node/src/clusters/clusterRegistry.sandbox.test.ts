import { ConfigReader } from '@backstage/config';
import { CoreV1Api } from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';
import { readAimlConfig } from '../config/readAimlConfig';
import {
  bearerKubeConfig,
  makeKubernetesApi,
} from '../kubernetes/kubernetesApi';
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
    });
    expect(by('trn1')).toMatchObject({
      units: 32,
      resource: 'aws.amazon.com/neuroncore',
    });
    expect(by('gpu-a100-spot')).toMatchObject({
      units: 16,
      capacityType: 'spot',
      source: 'nodepool',
    });
    expect(by('system')).toBeUndefined();
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
