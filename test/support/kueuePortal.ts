import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { named, VARIANTS } from './goldenPaths';
import { PortalCall, runTask, until } from './portalCalls';
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
      // The golden paths' repositories of this run only: project names stay free.
      APP_CONFIG_aiml_sandbox_localRepositories: fs.mkdtempSync(
        path.join(os.tmpdir(), 'aiml-kueue-'),
      ),
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

/**
 * Runs the GPU training golden path for a team on the Kueue cluster (RayJob of
 * `workers` pods of 4 p4d GPUs, applied held) and waits for its Component.
 */
export async function createTrainingProject(
  call: PortalCall,
  options: { persona: string; team: string; name: string; workers: number },
): Promise<void> {
  const { persona, team, name, workers } = options;
  const task = await runTask(call, persona, 'gpu-training-spot', {
    ...named(VARIANTS[0], name),
    owner: `group:default/${team}`,
    cluster: KUEUE_CLUSTER,
    workers,
  });
  if (task.status !== 'completed') {
    const said = task.events
      .map(e => e.body.message ?? '')
      .filter(m => /Error/.test(m));
    throw new Error(
      `the golden path for ${name} ended ${task.status}: ${said.join('; ')}`,
    );
  }
  await until(
    `component ${name}`,
    async () =>
      (
        await call(
          persona,
          'GET',
          `/api/catalog/entities/by-name/component/default/${name}`,
        )
      ).status === 200,
  );
}

/**
 * Deletes the pods the sandbox's world runs in these namespaces (its fleet's
 * jobs, which come and go with the sandbox clock and count against the
 * namespaces' ResourceQuota), so a test's teams start idle whatever the day.
 */
export async function emptyNamespaces(
  portal: SandboxPortal,
  namespaces: string[],
): Promise<void> {
  const core = portal.kubeConfig(KUEUE_CLUSTER).makeApiClient(CoreV1Api);
  for (const namespace of namespaces) {
    const pods = await core.listNamespacedPod({ namespace }).catch(() => ({
      items: [],
    }));
    for (const pod of pods.items) {
      await core.deleteNamespacedPod({ namespace, name: pod.metadata!.name! });
    }
  }
}
