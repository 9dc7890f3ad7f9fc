import { ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { until } from './portalCalls';
import { SandboxPortal, startSandboxPortal } from './sandboxPortal';

/** The sandbox's clusters as app-config.yaml has them, the first one queueing training with Kueue. */
export const KUEUE_CLUSTER = 'ml-sandbox-use1';

const SANDBOX_CLUSTERS = (kueue: object) => [
  {
    name: KUEUE_CLUSTER,
    region: 'us-east-1',
    accountId: '111122223333',
    assumeRole: {
      roleArn: 'arn:aws:iam::111122223333:role/backstage-aiml',
      externalId: 'eks-aiml-sandbox',
    },
    access: { strategy: 'token', maxTtl: '8h' },
    metrics: { type: 'sandbox' },
    scheduling: 'kueue',
    kueue,
  },
  {
    name: 'ml-sandbox-usw2',
    region: 'us-west-2',
    accountId: '111122223333',
    assumeRole: {
      roleArn: 'arn:aws:iam::111122223333:role/backstage-aiml',
      externalId: 'eks-aiml-sandbox',
    },
    access: {
      strategy: 'access-entry',
      maxTtl: '4h',
      principalAccounts: ['111122223333'],
    },
    metrics: { type: 'sandbox' },
  },
];

/** The Kueue settings of the tests: p4d.24xlarge spot, borrowing up to the team's own quota again. */
export const KUEUE_SETTINGS = {
  cohort: 'aiml-teams',
  instanceTypes: ['p4d.24xlarge'],
  capacityTypes: ['spot'],
  borrowingLimitPercent: 100,
};

/**
 * A sandbox portal whose `ml-sandbox-use1` has `scheduling: kueue` (through
 * APP_CONFIG, as a deployment would set it), with Kueue's manager configured as
 * docs/scheduling.md asks: EFA devices excluded from quota.
 */
export async function startKueuePortal(options: {
  port: number;
  env?: Record<string, string>;
}): Promise<SandboxPortal> {
  const portal = await startSandboxPortal({
    port: options.port,
    env: {
      APP_CONFIG_aiml_clusters: JSON.stringify(
        SANDBOX_CLUSTERS(KUEUE_SETTINGS),
      ),
      ...options.env,
    },
  });
  const core = portal.kubeConfig(KUEUE_CLUSTER).makeApiClient(CoreV1Api);
  await core
    .createNamespace({ body: { metadata: { name: 'kueue-system' } } })
    .catch(() => undefined);
  await core.createNamespacedConfigMap({
    namespace: 'kueue-system',
    body: {
      metadata: { name: 'kueue-manager-config' },
      data: {
        'controller_manager_config.yaml':
          'resources:\n  excludeResourcePrefixes:\n    - vpc.amazonaws.com/efa\n',
      },
    },
  });
  return portal;
}

/**
 * What a project's CI and ACK do before the portal may start it: the image pushed
 * to its ECR repository (the real ECR API), the Pod Identity association synced.
 */
export async function makeProjectReady(
  portal: SandboxPortal,
  options: { team: string; name: string; namespace: string },
): Promise<void> {
  const c = portal.sandbox.connection();
  const ecr = new ECRClient({
    endpoint: c.awsEndpoint,
    region: 'us-east-1',
    credentials: c.credentials,
  });
  await ecr.send(
    new PutImageCommand({
      repositoryName: `${options.team}/${options.name}`,
      imageTag: 'latest',
      imageManifest: JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          size: 1,
          digest: `sha256:${'1'.repeat(64)}`,
        },
        layers: [],
      }),
    }),
  );
  const custom = portal
    .kubeConfig(KUEUE_CLUSTER)
    .makeApiClient(CustomObjectsApi);
  await until(`the association of ${options.name} synced`, async () => {
    const pia = (await custom.getNamespacedCustomObject({
      group: 'eks.services.k8s.aws',
      version: 'v1alpha1',
      namespace: options.namespace,
      plural: 'podidentityassociations',
      name: options.name,
    })) as any;
    return (pia.status?.conditions ?? []).some(
      (x: any) => x.type === 'ACK.ResourceSynced' && x.status === 'True',
    );
  });
}
