import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { ACCOUNT, named, VARIANTS } from '../support/goldenPaths';
import {
  PortalCall,
  runTask,
  signedInCaller,
  until,
  waitForTemplates,
} from '../support/portalCalls';
import { SandboxPortal, startSandboxPortal } from '../support/sandboxPortal';

jest.setTimeout(300_000);

const CLUSTER = 'ml-sandbox-use1';
const TRAINING = 'start-train';
const SERVING = 'start-chat';

/** Everything of an object but what the API server changes on any write. */
function content(obj: any) {
  const { resourceVersion, generation, managedFields, ...metadata } =
    obj.metadata;
  return { ...obj, metadata };
}

/** Dotted paths of the leaves that differ between two JSON values. */
function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap(k =>
      changedPaths(a[k], b[k], at ? `${at}.${k}` : k),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

/**
 * Issue 24, created in an order that works: a golden path run for real through
 * the portal's backend on a sandbox applies its workload held; the resume route
 * answers 409 naming the missing image until a fake CI pushes it to the
 * project's ECR repository (the real ECR API) and ACK reports the Pod Identity
 * association synced; then the project's team starts it, by one field only.
 */
describe('a golden-path workload starts once its image and Pod Identity association exist', () => {
  let portal: SandboxPortal;
  let call: PortalCall;
  const repositories = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-start-'));

  beforeAll(async () => {
    portal = await startSandboxPortal({
      port: 7250,
      env: { APP_CONFIG_aiml_sandbox_localRepositories: repositories },
    });
    call = await signedInCaller(portal.backend, [
      ['maya', 'ml-research'],
      ['omar', 'recsys'],
    ]);
    await waitForTemplates(call, 'maya', [
      'gpu-training-spot',
      'llm-inference',
    ]);
  });

  afterAll(() => portal?.stop());

  async function run(template: string, values: Record<string, unknown>) {
    expect((await runTask(call, 'maya', template, values)).status).toBe(
      'completed',
    );
    await until(`component ${values.name}`, async () => {
      const res = await call(
        'maya',
        'GET',
        `/api/catalog/entities/by-name/component/default/${values.name}`,
      );
      return res.status === 200;
    });
  }

  const custom = () =>
    portal.kubeConfig(CLUSTER).makeApiClient(CustomObjectsApi);
  const read = (
    group: string,
    version: string,
    namespace: string,
    plural: string,
    name: string,
  ) =>
    custom().getNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      name,
    }) as Promise<any>;

  describe('a RayJob running the project image', () => {
    const namespace = 'ml-research-training';
    let applied: any;

    beforeAll(async () => {
      await run('gpu-training-spot', named(VARIANTS[0], TRAINING));
      applied = await read('ray.io', 'v1', namespace, 'rayjobs', TRAINING);
    });

    it('is applied suspended, saying what it waits for, and makes no pods', async () => {
      expect(applied.spec.suspend).toBe(true);
      expect(applied.metadata.annotations['aiml.eks.aws/waiting-for']).toBe(
        'image,pod-identity',
      );
      const pods = await portal
        .kubeConfig(CLUSTER)
        .makeApiClient(CoreV1Api)
        .listNamespacedPod({
          namespace,
          labelSelector: `backstage.io/kubernetes-id=${TRAINING}`,
        });
      expect(pods.items).toEqual([]);
    });

    it('answers 409 naming the missing image, and changes nothing', async () => {
      const status = await call(
        'maya',
        'GET',
        `/api/aiml/projects/default/${TRAINING}/workloads`,
      );
      expect(status.status).toBe(200);
      expect(status.json.workloads).toEqual([
        expect.objectContaining({
          kind: 'RayJob',
          name: TRAINING,
          suspended: true,
          waitingFor: ['image', 'pod-identity'],
        }),
      ]);
      expect(status.json.missing).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ prerequisite: 'image' }),
        ]),
      );
      const refused = await call(
        'maya',
        'POST',
        `/api/aiml/projects/default/${TRAINING}/resume`,
      );
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toContain(
        `image ${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/ml-research/${TRAINING}:latest is not in ECR yet`,
      );
      expect(
        (await read('ray.io', 'v1', namespace, 'rayjobs', TRAINING)).spec
          .suspend,
      ).toBe(true);
    });

    it('starts once CI pushed the image and the association is synced: suspend false, nothing else changed; another team gets 403', async () => {
      // The fake CI: what `docker push` ends with, through the real ECR API.
      const c = portal.sandbox.connection();
      const ecr = new ECRClient({
        endpoint: c.awsEndpoint,
        region: 'us-east-1',
        credentials: c.credentials,
      });
      await ecr.send(
        new PutImageCommand({
          repositoryName: `ml-research/${TRAINING}`,
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
      await until('the association synced', async () => {
        const pia = await read(
          'eks.services.k8s.aws',
          'v1alpha1',
          namespace,
          'podidentityassociations',
          TRAINING,
        );
        return (pia.status?.conditions ?? []).some(
          (x: any) => x.type === 'ACK.ResourceSynced' && x.status === 'True',
        );
      });
      const before = await read('ray.io', 'v1', namespace, 'rayjobs', TRAINING);

      const other = await call(
        'omar',
        'POST',
        `/api/aiml/projects/default/${TRAINING}/resume`,
      );
      expect(other.status).toBe(403);
      expect(other.json.error.message).toContain('aiml.workload.resume');

      const started = await call(
        'maya',
        'POST',
        `/api/aiml/projects/default/${TRAINING}/resume`,
      );
      expect(started.status).toBe(200);
      expect(started.json.started).toEqual([
        expect.objectContaining({ kind: 'RayJob', name: TRAINING, namespace }),
      ]);
      expect(started.json.missing).toEqual([]);
      const after = await read('ray.io', 'v1', namespace, 'rayjobs', TRAINING);
      expect(after.spec.suspend).toBe(false);
      expect(changedPaths(content(before), content(after))).toEqual([
        'spec.suspend',
      ]);
      expect(after.metadata.managedFields.map((f: any) => f.manager)).toContain(
        'eks-aiml-resume',
      );
      // Nothing held any more: a second start starts nothing.
      const again = await call(
        'maya',
        'POST',
        `/api/aiml/projects/default/${TRAINING}/resume`,
      );
      expect(again.json.started).toEqual([]);
    });
  });

  describe('a vLLM Deployment on a public image, with its KEDA ScaledObject', () => {
    const namespace = 'ml-research-inference';

    it('waits for its association only, then gets its replicas and an unpaused ScaledObject, by those fields alone', async () => {
      await run('llm-inference', named(VARIANTS[2], SERVING));
      const apps = (plural: string) =>
        plural === 'deployments'
          ? read('apps', 'v1', namespace, 'deployments', SERVING)
          : read('keda.sh', 'v1alpha1', namespace, 'scaledobjects', SERVING);
      const deployment = await apps('deployments');
      const scaler = await apps('scaledobjects');
      expect(deployment.spec.replicas).toBe(0);
      expect(scaler.metadata.annotations['autoscaling.keda.sh/paused']).toBe(
        'true',
      );
      expect(deployment.metadata.annotations['aiml.eks.aws/waiting-for']).toBe(
        'pod-identity',
      );
      let started: any;
      await until('the start', async () => {
        started = await call(
          'maya',
          'POST',
          `/api/aiml/projects/default/${SERVING}/resume`,
        );
        // 409 until ACK reported the association synced.
        return started.status !== 409;
      });
      expect(started.status).toBe(200);
      expect(started.json.started.map((s: any) => s.kind)).toEqual([
        'Deployment',
        'ScaledObject',
      ]);
      const deploymentAfter = await apps('deployments');
      const scalerAfter = await apps('scaledobjects');
      expect(deploymentAfter.spec.replicas).toBeGreaterThanOrEqual(1);
      expect(
        changedPaths(content(deployment), content(deploymentAfter)),
      ).toEqual(['spec.replicas']);
      expect(changedPaths(content(scaler), content(scalerAfter))).toEqual([
        'metadata.annotations.autoscaling.keda.sh/paused',
      ]);
    });
  });
});
