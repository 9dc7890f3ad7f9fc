import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { startSandboxWorld } from '../__testUtils__/sandboxWorld';
import { ObjectClient } from '../kubernetes/objectClient';
import { createWorkloadApplyAction } from './workloadApply';
import { createWorkloadRenderAction } from './workloadRender';

jest.setTimeout(60_000);

// Render, then apply through the wire: the real clients against the sandbox.
describe('aiml:workload:render then aiml:workload:apply on the sandbox', () => {
  let world: Awaited<ReturnType<typeof startSandboxWorld>>;
  const workspace = createMockDirectory();

  beforeAll(async () => {
    world = await startSandboxWorld();
  });
  afterAll(() => world?.sandbox.stop());
  beforeEach(() => workspace.clear());

  const outputsOf = (ctx: { output: unknown }) =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);

  const step = async (
    action: { handler: (ctx: any) => Promise<void> },
    input: Record<string, unknown>,
    isDryRun = false,
    user = 'user:default/maya',
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        user: { ref: user },
        workspacePath: workspace.path,
      }),
      isDryRun,
    };
    await action.handler(ctx);
    return outputsOf(ctx);
  };

  const render = (input: Record<string, unknown>) =>
    step(createWorkloadRenderAction(world), {
      cluster: 'ml-sandbox-use1',
      team: 'ml-research',
      owner: 'group:default/ml-research',
      // The catalog's Llama models are gated: their pods read a token from this Secret.
      huggingFaceTokenSecret: 'hf-token',
      ...input,
    });
  /** The project's ServiceAccount and AWS resources, applied before its workload. */
  const AWS_KINDS = [
    'ServiceAccount',
    'Bucket',
    'Repository',
    'PodIdentityAssociation',
  ];
  const apply = (input: Record<string, unknown>, isDryRun = false) =>
    step(
      createWorkloadApplyAction(world),
      { cluster: 'ml-sandbox-use1', team: 'ml-research', ...input },
      isDryRun,
    );

  const live = (objects: any[]) => {
    const client = ObjectClient.forCluster(
      'ml-sandbox-use1',
      world.adminKubeConfig('ml-sandbox-use1'),
    );
    return Promise.all(
      objects.map(o =>
        client.get({
          apiVersion: o.apiVersion,
          kind: o.kind,
          metadata: { name: o.name, namespace: o.namespace },
        }),
      ),
    );
  };

  it('applies a vLLM service into the team namespace; a second run leaves every object identical', async () => {
    const rendered = await render({
      component: 'chat-eval',
      workload: 'vllm',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      // One server of 4 GPUs and its rollout surge fill the team's quota of 8.
      maxReplicas: 1,
      model: 'meta-llama/Llama-3.1-8B-Instruct',
    });
    const first = await apply({
      namespace: rendered.namespace,
      component: 'chat-eval',
      paths: rendered.files,
    });
    expect(first.objects.map((o: any) => `${o.kind}:${o.result}`)).toEqual(
      [...AWS_KINDS, 'Service', 'Deployment', 'PodMonitor', 'ScaledObject'].map(
        kind => `${kind}:created`,
      ),
    );
    const before = await live(first.objects);
    expect(before.every(Boolean)).toBe(true);
    const deployment = before.find(o => o?.kind === 'Deployment') as any;
    expect(
      deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('chat-eval');
    expect(deployment.spec.template.spec.serviceAccountName).toBe(
      'chat-eval-workload',
    );

    const mark = world.requests.length;
    const second = await apply({
      namespace: rendered.namespace,
      component: 'chat-eval',
      paths: rendered.files,
    });
    expect(second.objects.map((o: any) => o.result)).toEqual(
      Array(8).fill('unchanged'),
    );
    expect(world.writesSince(mark)).toHaveLength(8);
    expect(await live(first.objects)).toEqual(before);
  });

  it('applies the custom kinds: a RayJob and an elastic PyTorchJob, each with its AWS resources', async () => {
    const common = {
      instanceType: 'p4d.24xlarge',
      image: 'acme-ml/llama-finetune:1.0.0',
    };
    const ray = await render({
      component: 'ray-ft',
      workload: 'ray-job',
      targetPath: 'ray',
      acceleratorCount: 8,
      ...common,
    });
    const torch = await render({
      component: 'torch-ft',
      workload: 'pytorch-elastic',
      targetPath: 'torch',
      // Two pods of 4 fill the team's quota of 8 GPUs.
      acceleratorCount: 4,
      replicas: 2,
      ...common,
    });
    // One project per step: each one's pods run as its own workload ServiceAccount.
    const out = {
      objects: [
        ...(
          await apply({
            namespace: 'ml-research-training',
            component: 'ray-ft',
            paths: ['ray'],
          })
        ).objects,
        ...(
          await apply({
            namespace: 'ml-research-training',
            component: 'torch-ft',
            paths: ['torch'],
          })
        ).objects,
      ],
    };
    expect(out.objects.every((o: any) => o.result === 'created')).toBe(true);
    expect(
      out.objects
        .filter((o: any) => !AWS_KINDS.includes(o.kind))
        .map((o: any) => `${o.kind}/${o.name}`),
    ).toEqual(['RayJob/ray-ft', 'PyTorchJob/torch-ft']);
    expect(out.objects).toHaveLength(2 * AWS_KINDS.length + 2);
    expect(ray.namespace).toBe('ml-research-training');
    expect(torch.files).toEqual([
      'torch/serviceaccount-torch-ft-workload.yaml',
      'torch/bucket-torch-ft.yaml',
      'torch/repository-torch-ft.yaml',
      'torch/podidentityassociation-torch-ft.yaml',
      'torch/pytorchjob-torch-ft.yaml',
    ]);
    const rayJob = (await live(out.objects)).find(o => o?.kind === 'RayJob');
    expect(
      (rayJob as any).spec.rayClusterSpec.workerGroupSpecs[0].template.spec
        .nodeSelector,
    ).toEqual({
      'node.kubernetes.io/instance-type': 'p4d.24xlarge',
      'karpenter.sh/capacity-type': 'spot',
    });
  });

  it('applies a RayService with the autoscaler: its head runs as <component>-ray-autoscaler, rendered with it, and its workers as <component>-workload', async () => {
    const rendered = await render({
      component: 'serve-llm',
      workload: 'ray-service',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 1,
      replicas: 1,
      maxReplicas: 3,
      model: 'meta-llama/Llama-3.2-1B-Instruct',
    });
    const out = await apply({
      namespace: rendered.namespace,
      component: 'serve-llm',
      paths: rendered.files,
    });
    expect(out.objects.map((o: any) => `${o.kind}/${o.name}`)).toEqual([
      'ServiceAccount/serve-llm-workload',
      'ServiceAccount/serve-llm-ray-autoscaler',
      'Bucket/serve-llm',
      'Repository/serve-llm',
      'PodIdentityAssociation/serve-llm',
      'RayService/serve-llm',
    ]);
    const [rayService] = (await live(out.objects)).filter(
      o => o?.kind === 'RayService',
    ) as any[];
    const cluster = rayService.spec.rayClusterConfig;
    expect(cluster.enableInTreeAutoscaling).toBe(true);
    expect(cluster.headGroupSpec.template.spec.serviceAccountName).toBe(
      'serve-llm-ray-autoscaler',
    );
    expect(cluster.workerGroupSpecs[0].template.spec.serviceAccountName).toBe(
      'serve-llm-workload',
    );
    // The autoscaler's identity gets no AWS role.
    const [association] = (await live(out.objects)).filter(
      o => o?.kind === 'PodIdentityAssociation',
    ) as any[];
    expect(association.spec.serviceAccount).toBe('serve-llm-workload');
  });

  it('dry-runs with GET requests only', async () => {
    const rendered = await render({
      component: 'dry',
      workload: 'vllm',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 1,
      model: 'meta-llama/Llama-3.2-1B-Instruct',
    });
    const mark = world.requests.length;
    const out = await apply(
      {
        namespace: rendered.namespace,
        component: 'dry',
        paths: rendered.files,
      },
      true,
    );
    expect(world.requests.length).toBeGreaterThan(mark);
    expect(world.writesSince(mark)).toEqual([]);
    expect(out.objects.map((o: any) => o.result)).toEqual(
      Array(8).fill('would-create'),
    );
    expect(await live(out.objects)).toEqual(Array(8).fill(undefined));
  });

  it('dry-runs ahead of provisioning: a team namespace not made yet would get every object, but only in a dry run', async () => {
    const rendered = await render({
      cluster: 'ml-sandbox-usw2',
      component: 'ahead',
      workload: 'vllm',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 1,
      model: 'meta-llama/Llama-3.2-1B-Instruct',
    });
    const target = {
      cluster: 'ml-sandbox-usw2',
      namespace: rendered.namespace,
      component: 'ahead',
      paths: rendered.files,
    };
    const mark = world.requests.length;
    const out = await apply(target, true);
    expect(out.objects.map((o: any) => o.result)).toEqual(
      Array(8).fill('would-create'),
    );
    expect(world.writesSince(mark)).toEqual([]);
    await expect(apply(target)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        '"ml-research-inference" is not a namespace of team "ml-research" on cluster "ml-sandbox-usw2"',
      ),
    });
    // Another team's namespace is refused in a dry run too.
    workspace.setContent({
      'm/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { a: b }\n`,
    });
    await expect(
      apply(
        {
          cluster: 'ml-sandbox-usw2',
          namespace: 'ml-platform-inference',
          component: 'ahead',
          paths: ['m'],
        },
        true,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it.each([
    ['an unmanaged namespace with the team label', 'legacy-experiments'],
    ["another team's namespace", 'ml-platform-inference'],
    ['a system namespace', 'kube-system'],
  ])('refuses %s, changing nothing', async (_what, namespace) => {
    workspace.setContent({
      'm/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { a: b }\n`,
    });
    const mark = world.requests.length;
    await expect(
      apply({ namespace, component: 'cm', paths: ['m'] }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        `"${namespace}" is not a namespace of team "ml-research"`,
      ),
    });
    expect(world.writesSince(mark)).toEqual([]);
    expect(
      await live([
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', namespace },
      ]),
    ).toEqual([undefined]);
  });
});
