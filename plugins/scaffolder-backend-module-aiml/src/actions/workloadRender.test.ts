import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { parse } from 'yaml';
import { NamespaceUsage } from '../namespaces/quotaGrowth';
import { createWorkloadRenderAction } from './workloadRender';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';

const teams = {
  teamsOf: async (ref: string) =>
    ref === 'user:default/maya' ? ['ml-research'] : [],
  getTeam: async (name: string) => ({
    name,
    title: name,
    leads: [],
    costCenter: 'cc-1001',
    quota: { gpu: 8, neuronCores: 32 },
  }),
} as unknown as TeamDirectory;
const CLUSTERS = [
  { name: 'ml-sandbox-use1', region: 'us-east-1', accountId: '111122223333' },
  { name: 'no-account', region: 'us-west-2' },
  {
    name: 'ml-kueue',
    region: 'us-east-1',
    accountId: '111122223333',
    scheduling: {
      mode: 'kueue',
      kueue: {
        cohort: 'aiml-teams',
        queueingStrategy: 'BestEffortFIFO',
        borrowingLimitPercent: 50,
        fairSharingWeight: 1,
        instanceTypes: ['g5.12xlarge'],
        capacityTypes: ['spot'],
      },
    },
  },
];
const registry = {
  getCluster: (name: string) => {
    const found = CLUSTERS.find(c => c.name === name);
    if (!found) throw new NotFoundError(`cluster "${name}" is not configured`);
    return found;
  },
} as unknown as AimlClusterRegistry;
/** What the namespace uses, as the cluster would say: nothing yet, by default. */
const usage: { current: NamespaceUsage } = {
  current: { quota: 'ns/team-accelerator-quota', used: {}, own: {} },
};
const readUsage = jest.fn(async () => usage.current);
const action = createWorkloadRenderAction({
  registry,
  teams,
  workloadRole: RENDER_DEFAULTS.workloadRole,
  readUsage,
});
const workspace = createMockDirectory();

const input = {
  cluster: 'ml-sandbox-use1',
  team: 'ml-research',
  owner: 'group:default/ml-research',
  component: 'chat',
  workload: 'vllm' as const,
  instanceType: 'g5.12xlarge',
  acceleratorCount: 4,
  // One server of 4 GPUs and its rollout surge of one more fill the quota of 8.
  maxReplicas: 1,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  huggingFaceTokenSecret: 'hf-token',
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
      'manifests/serviceaccount-chat-workload.yaml',
      'manifests/bucket-chat.yaml',
      'manifests/repository-chat.yaml',
      'manifests/podidentityassociation-chat.yaml',
      'manifests/deployment-chat.yaml',
      'manifests/service-chat.yaml',
      'manifests/podmonitor-chat.yaml',
      'manifests/scaledobject-chat.yaml',
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
      { apiVersion: 'v1', kind: 'ServiceAccount', name: 'chat-workload' },
      {
        apiVersion: 's3.services.k8s.aws/v1alpha1',
        kind: 'Bucket',
        name: 'chat',
      },
      {
        apiVersion: 'ecr.services.k8s.aws/v1alpha1',
        kind: 'Repository',
        name: 'chat',
      },
      {
        apiVersion: 'eks.services.k8s.aws/v1alpha1',
        kind: 'PodIdentityAssociation',
        name: 'chat',
      },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chat' },
      { apiVersion: 'v1', kind: 'Service', name: 'chat' },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        name: 'chat',
      },
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'chat' },
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'serviceAccountName',
      'chat-workload',
    );
    expect(ctx.output).toHaveBeenCalledWith('bucket', 'chat-111122223333');
    expect(ctx.output).toHaveBeenCalledWith(
      'imageRepository',
      'ml-research/chat',
    );
    expect(ctx.output).toHaveBeenCalledWith('image', 'vllm/vllm-openai:v0.8.5');
    // Inference writes no checkpoints.
    expect(ctx.output).not.toHaveBeenCalledWith(
      'checkpointS3Uri',
      expect.anything(),
    );
    const deployment = parse(
      fs.readFileSync(path.join(workspace.path, files[4]), 'utf8'),
    );
    expect(
      deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('chat');
    expect(deployment.spec.template.spec.serviceAccountName).toBe(
      'chat-workload',
    );
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
      'deploy/k8s/serviceaccount-chat-workload.yaml',
      'deploy/k8s/bucket-chat.yaml',
      'deploy/k8s/repository-chat.yaml',
      'deploy/k8s/podidentityassociation-chat.yaml',
      'deploy/k8s/deployment-chat.yaml',
      'deploy/k8s/service-chat.yaml',
      'deploy/k8s/podmonitor-chat.yaml',
      'deploy/k8s/scaledobject-chat.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'acceleratorResource',
      'aws.amazon.com/neuroncore',
    );
    expect(
      fs.existsSync(path.join(workspace.path, 'deploy/k8s/service-chat.yaml')),
    ).toBe(true);
  });

  it("points training at the project's bucket and runs its own ECR image", async () => {
    const ctx = context({
      workload: 'pytorch-elastic',
      replicas: 2,
      maxReplicas: 2,
      model: undefined,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'checkpointS3Uri',
      's3://chat-111122223333/checkpoints/',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'image',
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/ml-research/chat:latest',
    );
  });

  describe('the quota, with growth and what the namespace already uses', () => {
    afterEach(() => {
      usage.current = { quota: 'ns/team-accelerator-quota', used: {}, own: {} };
    });

    it('reads the namespace of the project from the cluster, and logs each part of the count', async () => {
      usage.current = {
        quota: 'ml-research-inference/team-accelerator-quota',
        used: { 'requests.nvidia.com/gpu': 0 },
        own: {},
      };
      const ctx = context();
      const info = jest.spyOn(ctx.logger, 'info');
      await action.handler(ctx);
      expect(readUsage).toHaveBeenLastCalledWith(
        'ml-sandbox-use1',
        'ml-research-inference',
        'chat',
      );
      expect(info).toHaveBeenCalledWith(
        'Quota of nvidia.com/gpu in ml-research-inference: 4 at maximum scale + 4 rollout surge + 0 used by other workloads = 8 of 8',
      );
    });

    it('refuses a server that fits only without its rollout surge beside what other workloads use; nothing is written', async () => {
      usage.current = {
        quota: 'ml-research-inference/team-accelerator-quota',
        used: { 'requests.nvidia.com/gpu': 3 },
        own: {},
      };
      // 2 servers of 2 GPUs and 3 used by others: 7 of 8; the surge's 2 more do not fit.
      const ctx = context({ acceleratorCount: 2, maxReplicas: 2 });
      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          /^chat could hold 9 GPUs in ml-research-inference, more than the hard limit of 8 .*at its maximum scale 4 GPUs .*plus its rollout surge 2 GPUs .*plus already used by other workloads in the namespace 3 GPUs .*To fit, lower maxReplicas so that Deployment chat grows to at most 1 pod/,
        ),
      });
      expect(ctx.output).not.toHaveBeenCalled();
      expect(fs.readdirSync(workspace.path)).toEqual([]);
    });

    it("does not count the project's own running server twice when it is rendered again", async () => {
      usage.current = {
        quota: 'ml-research-inference/team-accelerator-quota',
        used: { 'requests.nvidia.com/gpu': 4 },
        own: { 'nvidia.com/gpu': 4 },
      };
      await expect(action.handler(context())).resolves.toBeUndefined();
    });

    it('says when the namespace has no quota status yet, and counts the hard limit only', async () => {
      usage.current = {
        quota: 'ml-research-inference/team-accelerator-quota',
        own: {},
        unknownBecause:
          'ml-research-inference has no ResourceQuota team-accelerator-quota yet: aiml:namespace:provision makes it',
      };
      const ctx = context();
      const info = jest.spyOn(ctx.logger, 'info');
      await action.handler(ctx);
      expect(info).toHaveBeenCalledWith(
        'Quota: ml-research-inference has no ResourceQuota team-accelerator-quota yet: aiml:namespace:provision makes it; counting against the hard limit only',
      );
    });
  });

  it.each([
    [
      'group:default\n---\napiVersion: backstage.io/v1alpha1\nkind: Location\n#/ml-research',
      /contains a line break, a space or a control character; an owner is one entity ref of a team, exactly group:default\/ml-research/,
    ],
    ['user:default/maya', /is a user, not a Group/],
    ['group:finance/ml-research', /catalog namespace "finance"/],
    ['group:default/recsys', /acts for team "ml-research"/],
  ])(
    'refuses the owner %j before reading the catalog, writing nothing',
    async (owner, message) => {
      const teamsOf = jest.spyOn(teams, 'teamsOf');
      const ctx = context({ owner });
      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(teamsOf).not.toHaveBeenCalled();
      teamsOf.mockRestore();
      expect(fs.readdirSync(workspace.path)).toEqual([]);
    },
  );

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
      /^Llama 3.1 70B Instruct in bf16 with a 8192-token context needs 142.0 GiB of accelerator memory .*; 4 × NVIDIA A10G 24GB have 96 GiB, of which 90% \(86.4 GiB\) is the budget. These would fit/,
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
      { component: 'Chat' },
      'InputError',
      /component "Chat" cannot name Kubernetes objects/,
    ],
    [
      { replicas: 3, maxReplicas: 3 },
      'InputError',
      /3 pods × 4 GPUs = 12 GPUs, more than team "ml-research"'s quota of 8 GPUs in ml-research-inference: at most 2 pods of 4 fit/,
    ],
    [
      { cluster: 'ml-prod-use1' },
      'NotFoundError',
      /cluster "ml-prod-use1" is not configured/,
    ],
    [
      { cluster: 'no-account' },
      'InputError',
      /cluster "no-account" has no accountId in aiml.clusters/,
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

describe('aiml:workload:render on a Kueue cluster', () => {
  beforeEach(() => workspace.clear());
  const training = {
    cluster: 'ml-kueue',
    workload: 'ray-job',
    model: undefined,
    huggingFaceTokenSecret: undefined,
    maxReplicas: undefined,
  };

  it("names the LocalQueue the start submits a training job to, without Kueue's label yet", async () => {
    // 3 pods x 4 GPUs = 12: more than the nominal 8, within nominal + 50% borrowing.
    const ctx = context({ ...training, replicas: 3 });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('queueName', 'ml-research');
    const job = parse(
      fs.readFileSync(
        path.join(workspace.path, 'manifests/rayjob-chat.yaml'),
        'utf8',
      ),
    );
    expect(job.metadata.annotations['aiml.eks.aws/queue-name']).toBe(
      'ml-research',
    );
    expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
    expect(job.spec.suspend).toBe(true);
  });

  it.each([
    [
      { replicas: 4 },
      /4 pods × 4 GPUs = 16 GPUs, more than team "ml-research"'s quota of 12 GPUs/,
    ],
    [
      { capacityType: 'on-demand' },
      /its queues have no flavor g5-12xlarge-on-demand: Kueue would never admit the job/,
    ],
    [
      { instanceType: 'g5.48xlarge', acceleratorCount: 8 },
      /its queues have no flavor g5-48xlarge-spot/,
    ],
  ])('refuses %o', async (changes, message) => {
    const ctx = context({ ...training, ...changes });
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });

  it('leaves inference on the namespace quota, with no queue', async () => {
    const ctx = context({ cluster: 'ml-kueue' });
    await action.handler(ctx);
    expect(ctx.output).not.toHaveBeenCalledWith('queueName', expect.anything());
  });
});
