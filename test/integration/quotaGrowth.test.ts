import { setTimeout as sleep } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { dryRunTemplate, VARIANTS } from '../support/goldenPaths';
import { signIn, waitForMembership } from '../support/personas';
import { SandboxPortal, startSandboxPortal } from '../support/sandboxPortal';

jest.setTimeout(240_000);

const CLUSTER = 'ml-sandbox-use1';
const NAMESPACE = 'ml-research-inference';
const PROJECT = 'quota-chat';

/** A pod of a project holding GPUs in the team namespace, as its running workload's would. */
const gpuPod = (name: string, project: string, gpus: number): V1Pod => ({
  metadata: {
    name,
    namespace: NAMESPACE,
    labels: {
      'app.kubernetes.io/name': project,
      'backstage.io/kubernetes-id': project,
    },
  },
  spec: {
    // Pods of team namespaces run only as a project's workload ServiceAccount (admission).
    serviceAccountName: `${project}-workload`,
    containers: [
      {
        name: 'server',
        image: 'vllm/vllm-openai:v0.8.5',
        resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
      },
    ],
  },
});

/**
 * The render step's quota check through the real scaffolder (dry runs of the
 * llm-inference golden path) against a sandbox cluster whose team namespace
 * already runs other workloads: the sandbox's quota controller reports what they
 * use in the ResourceQuota's status.used, which the check reads.
 */
describe("the golden path's quota check counts growth, surge and what the namespace uses", () => {
  let portal: SandboxPortal;
  let token: string;
  let core: CoreV1Api;

  beforeAll(async () => {
    portal = await startSandboxPortal({ port: 7240 });
    await waitForMembership(portal.backend, 'maya', 'ml-research');
    for (let i = 0; i < 120 && !token; i++) {
      token = await signIn(portal.backend, 'maya').catch(() => '');
      if (!token) await sleep(500);
    }
    // The sandbox's team namespace, with the team's quota of 8 GPUs as provisioning
    // makes it, where another project runs one server of 3 GPUs.
    core = portal.kubeConfig(CLUSTER).makeApiClient(CoreV1Api);
    await core.createNamespacedResourceQuota({
      namespace: NAMESPACE,
      body: {
        metadata: { name: 'team-accelerator-quota' },
        spec: { hard: { 'requests.nvidia.com/gpu': '8' } },
      },
    });
    await runPod('other-project-0', 'other-project', 3);
  });

  afterAll(() => portal?.stop());

  /** A running pod of a project, with the ServiceAccount it runs as. */
  async function runPod(name: string, project: string, gpus: number) {
    await core
      .createNamespacedServiceAccount({
        namespace: NAMESPACE,
        body: { metadata: { name: `${project}-workload` } },
      })
      .catch(() => undefined);
    await core.createNamespacedPod({
      namespace: NAMESPACE,
      body: gpuPod(name, project, gpus),
    });
  }

  const chat = VARIANTS.find(v => v.template === 'llm-inference')!;
  const render = (gpus: number, replicas: number, maxReplicas?: number) =>
    dryRunTemplate(portal.backend, token, 'llm-inference', {
      ...chat.values,
      name: PROJECT,
      accelerator: { ...(chat.values.accelerator as object), count: gpus },
      replicas,
      ...(maxReplicas ? { maxReplicas } : {}),
    });
  /** The task log's lines, without the logger's level prefix and colours. */
  const messages = (body: any): string[] =>
    (body.log ?? []).map((l: any) =>
      stripVTControlCharacters(String(l.body?.message)).replace(/^info: /, ''),
    );

  it('the sandbox reports what the namespace uses in the quota status', async () => {
    const quota = await core.readNamespacedResourceQuota({
      name: 'team-accelerator-quota',
      namespace: NAMESPACE,
    });
    expect(quota.status?.used).toEqual({ 'requests.nvidia.com/gpu': '3' });
  });

  it('passes a rollout that fits with its surge: 2 replicas scaling to 4, one more during a rollout, beside the 3 GPUs in use', async () => {
    const { status, body } = await render(1, 2);
    expect({ status, error: body.error?.message }).toEqual({
      status: 200,
      error: undefined,
    });
    expect(messages(body)).toContain(
      `Quota of nvidia.com/gpu in ${NAMESPACE}: 4 at maximum scale + 1 rollout surge + 3 used by other workloads = 8 of 8`,
    );
  });

  it('refuses one that fits only without its surge, naming each part and what to change', async () => {
    // 2 servers of 2 GPUs at most and 3 in use make 7; the rollout's third server does not fit.
    const { status, body } = await render(2, 1);
    expect(status).toBe(400);
    expect(body.error?.name).toBe('InputError');
    expect(body.error?.message).toBe(
      `${PROJECT} could hold 9 GPUs in ${NAMESPACE}, more than the hard limit of 8 (requests.nvidia.com/gpu of team "ml-research"'s quota), so a rollout or a scale-up would stall at the quota: ` +
        `at its maximum scale 4 GPUs (Deployment ${PROJECT}: 2 pods × 2 GPUs, by maxReplicaCount of KEDA ScaledObject ${PROJECT}), ` +
        `plus its rollout surge 2 GPUs (Deployment ${PROJECT}: 1 pod × 2 GPUs, by maxSurge 1 of its RollingUpdate strategy), ` +
        `plus already used by other workloads in the namespace 3 GPUs (status.used 3 of ResourceQuota ${NAMESPACE}/team-accelerator-quota, less 0 used by ${PROJECT}'s own pods). ` +
        `To fit, lower maxReplicas so that Deployment ${PROJECT} grows to at most 1 pod, or free what other workloads hold in ${NAMESPACE}, or have a platform admin raise the Group's aiml.eks.aws/quota-gpu annotation`,
    );
    expect(body.directoryContents).toBeUndefined();
    // What the message says to change, through the form's Most replicas.
    const fixed = await render(2, 1, 1);
    expect({ status: fixed.status, error: fixed.body.error?.message }).toEqual({
      status: 200,
      error: undefined,
    });
    expect(messages(fixed.body)).toContain(
      `Quota of nvidia.com/gpu in ${NAMESPACE}: 2 at maximum scale + 2 rollout surge + 3 used by other workloads = 7 of 8`,
    );
  });

  it("does not count the project's own running pods twice when it is rendered again", async () => {
    // The project already runs one server of 1 GPU: status.used is 4, of which 1 is its own.
    await runPod(`${PROJECT}-0`, PROJECT, 1);
    const { status, body } = await render(1, 2);
    expect({ status, error: body.error?.message }).toEqual({
      status: 200,
      error: undefined,
    });
    expect(messages(body)).toContain(
      `Quota of nvidia.com/gpu in ${NAMESPACE}: 4 at maximum scale + 1 rollout surge + 3 used by other workloads = 8 of 8`,
    );
  });
});
