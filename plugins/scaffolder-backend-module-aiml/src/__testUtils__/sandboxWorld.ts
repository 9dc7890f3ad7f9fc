import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AwsClients,
  awsEnvironment,
  DefaultAimlClusterRegistry,
  readAimlConfig,
  readWorkloadRoleName,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { Sandbox, SandboxOptions } from '@eks-aiml/sandbox';
import { KubeConfig } from '@kubernetes/client-node';

type Entities = NonNullable<
  NonNullable<Parameters<typeof catalogServiceMock>[0]>['entities']
>;

/** The example organization, as the catalog would answer for it. */
export const ORG_ENTITIES: Entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'ml-research',
      annotations: { 'aiml.eks.aws/cost-center': 'cc-1001' },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'recsys',
      annotations: {
        'aiml.eks.aws/cost-center': 'cc-1003',
        'aiml.eks.aws/quota-gpu': '16',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'finops' },
    spec: { type: 'team', children: [] },
  },
  ...(
    [
      ['maya', 'ml-research'],
      ['omar', 'recsys'],
      ['fatima', 'finops'],
    ] as const
  ).map(([name, team]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf: [team] },
    relations: [{ type: 'memberOf', targetRef: `group:default/${team}` }],
  })),
];

/** One Kubernetes request the sandbox received. */
export type KubeRequest = { cluster: string; method: string; path: string };

/**
 * A sandbox with a request log (and fault injection, if given), and the product's real cluster registry and team
 * directory pointed at it: EKS, STS and Kubernetes over the wire.
 */
export async function startSandboxWorld(
  options: Pick<SandboxOptions, 'kubernetesFault'> = {},
) {
  const requests: KubeRequest[] = [];
  const sandbox = await Sandbox.start({
    onKubernetesRequest: r => requests.push(r),
    kubernetesFault: options.kubernetesFault,
  });
  const connection = sandbox.connection();
  const config = new ConfigReader({
    aiml: {
      clusters: connection.clusters.map(c => ({
        name: c.name,
        region: c.region,
        accountId: connection.accountId,
        assumeRole: {
          roleArn: connection.portalRole.arn,
          externalId: connection.portalRole.externalId,
        },
      })),
      teams: { defaults: { quota: { gpu: 8, neuronCores: 32 } } },
    },
  });
  const registry = new DefaultAimlClusterRegistry(
    readAimlConfig(config).clusters,
    new AwsClients(awsEnvironment(connection)),
    sandbox.clock,
  );
  const teams = new TeamDirectory({
    catalog: catalogServiceMock({ entities: ORG_ENTITIES }),
    auth: mockServices.auth(),
    config,
    registry,
  });
  /** A cluster-admin kubeconfig of a sandbox cluster, for test assertions. */
  const adminKubeConfig = (cluster: string) => {
    const c = connection.clusters.find(x => x.name === cluster)!;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: c.name,
          server: c.endpoint,
          caData: Buffer.from(c.caPem).toString('base64'),
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'admin', token: c.adminToken }],
      contexts: [{ name: c.name, cluster: c.name, user: 'admin' }],
      currentContext: c.name,
    });
    return kc;
  };
  return {
    sandbox,
    registry,
    teams,
    workloadRole: readWorkloadRoleName(config),
    adminKubeConfig,
    requests,
    /** The requests other than GET since `mark` (an index into `requests`). */
    writesSince: (mark: number) =>
      requests.slice(mark).filter(r => r.method !== 'GET'),
  };
}
