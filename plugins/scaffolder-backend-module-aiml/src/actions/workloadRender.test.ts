import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { parse } from 'yaml';
import { createWorkloadRenderAction } from './workloadRender';

const teams = {
  teamsOf: async (ref: string) =>
    ref === 'user:default/maya' ? ['ml-research'] : [],
} as unknown as TeamDirectory;
const action = createWorkloadRenderAction({ teams });
const workspace = createMockDirectory();

const input = {
  team: 'ml-research',
  component: 'chat',
  workload: 'vllm' as const,
  instanceType: 'g5.12xlarge',
  acceleratorCount: 4,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
};
const context = (changes: object = {}, user = 'user:default/maya') =>
  createMockActionContext({
    input: { ...input, ...changes },
    user: { ref: user },
    workspacePath: workspace.path,
  });

describe('aiml:workload:render', () => {
  beforeEach(() => workspace.clear());

  it('writes the manifests into the workspace and outputs the files', async () => {
    const ctx = context();
    await action.handler(ctx);
    const files = [
      'manifests/deployment-chat.yaml',
      'manifests/service-chat.yaml',
      'manifests/horizontalpodautoscaler-chat.yaml',
    ];
    expect(ctx.output).toHaveBeenCalledWith('files', files);
    expect(ctx.output).toHaveBeenCalledWith(
      'namespace',
      'ml-research-inference',
    );
    expect(ctx.output).toHaveBeenCalledWith('workloadType', 'inference');
    expect(ctx.output).toHaveBeenCalledWith('acceleratorFamily', 'nvidia');
    expect(ctx.output).toHaveBeenCalledWith(
      'acceleratorResource',
      'nvidia.com/gpu',
    );
    expect(ctx.output).toHaveBeenCalledWith('objects', [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chat' },
      { apiVersion: 'v1', kind: 'Service', name: 'chat' },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        name: 'chat',
      },
    ]);
    const deployment = parse(
      fs.readFileSync(path.join(workspace.path, files[0]), 'utf8'),
    );
    expect(
      deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('chat');
  });

  it('renders the same in a dry run, into the dry run workspace, and into a target path', async () => {
    const ctx = {
      ...context({
        targetPath: 'deploy/k8s',
        workload: 'inferentia-vllm',
        instanceType: 'inf2.xlarge',
        acceleratorCount: 2,
        model: 'meta-llama/Llama-3.2-1B-Instruct',
        image: 'acme-ml/vllm-neuron:0.8.5',
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'deploy/k8s/deployment-chat.yaml',
      'deploy/k8s/service-chat.yaml',
      'deploy/k8s/horizontalpodautoscaler-chat.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'acceleratorResource',
      'aws.amazon.com/neuroncore',
    );
    expect(
      fs.existsSync(path.join(workspace.path, 'deploy/k8s/service-chat.yaml')),
    ).toBe(true);
  });

  it('refuses a user who is not in the team, writing nothing', async () => {
    const ctx = context({}, 'user:default/omar');
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('is not a member of team "ml-research"'),
    });
    expect(fs.readdirSync(workspace.path)).toEqual([]);
  });

  it.each([
    [
      { targetPath: '../outside' },
      'InputError',
      /targetPath "..\/outside" must be a path inside the workspace/,
    ],
    [
      { targetPath: '/tmp' },
      'InputError',
      /must be a path inside the workspace/,
    ],
    [
      { instanceType: 'g5.xlarge' },
      'InputError',
      /g5.xlarge has 1 NVIDIA A10G 24GB GPU; 4 requested per pod. These would fit/,
    ],
    [
      { model: 'meta-llama/Llama-3.1-70B-Instruct' },
      'InputError',
      /needs 157.8 GiB of accelerator memory; 4 × NVIDIA A10G 24GB have 96 GiB. These would fit/,
    ],
    [
      { model: 'acme/unknown-13b' },
      'InputError',
      /not in the model catalog, so its size is unknown/,
    ],
    [
      { workload: 'inferentia-vllm', image: 'acme-ml/x:1' },
      'InputError',
      /g5.12xlarge has NVIDIA GPUs: Neuron workloads need an inf2 or trn1 instance type. These would fit: inf2/,
    ],
    [
      { workload: 'ray-job', image: 'acme-ml/x:1' },
      'InputError',
      /training on spot capacity needs checkpoints/,
    ],
    [
      { component: 'Chat' },
      'InputError',
      /component "Chat" cannot name Kubernetes objects/,
    ],
  ])('refuses %o', async (changes, name, message) => {
    const ctx = context(changes);
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name,
      message: expect.stringMatching(message),
    });
    expect(ctx.output).not.toHaveBeenCalled();
    expect(fs.readdirSync(workspace.path)).toEqual([]);
  });
});
