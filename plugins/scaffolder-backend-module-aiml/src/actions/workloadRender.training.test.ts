import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { parse } from 'yaml';
import { readNeuronSchedulerName } from '../manifests/neuronScheduler';
import { WorkloadKind } from '../manifests/workloads';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import { createWorkloadRenderAction } from './workloadRender';

const teams = {
  teamsOf: async () => ['ml-research'],
  getTeam: async (name: string) => ({
    name,
    title: name,
    leads: [],
    quota: { gpu: 8, neuronCores: 32 },
  }),
} as unknown as TeamDirectory;
const registry = {
  getCluster: (name: string) => ({ ...RENDER_DEFAULTS.aws, name }),
} as unknown as AimlClusterRegistry;
const workspace = createMockDirectory();

/** The action as module.ts wires it, from the given config. */
const actionWith = (config: object) =>
  createWorkloadRenderAction({
    registry,
    teams,
    workloadRole: RENDER_DEFAULTS.workloadRole,
    neuronSchedulerName: readNeuronSchedulerName(new ConfigReader(config)),
    // A namespace that uses nothing yet.
    readUsage: async () => ({ quota: 'ns/quota', used: {}, own: {} }),
  });
const context = (input: {
  workload: WorkloadKind;
  instanceType: string;
  acceleratorCount: number;
  neuronSchedulerName?: string;
}) =>
  createMockActionContext({
    input: {
      cluster: 'ml-sandbox-use1',
      team: 'ml-research',
      owner: 'group:default/ml-research',
      component: 'trainer',
      ...input,
    },
    user: { ref: 'user:default/maya' },
    workspacePath: workspace.path,
  });
const trainium = {
  workload: 'trainium-job' as const,
  instanceType: 'trn1.32xlarge',
  acceleratorCount: 32,
};
/** The scheduler named by the PyTorchJob's master, as written into the workspace. */
const writtenScheduler = () =>
  parse(
    fs.readFileSync(
      path.join(workspace.path, 'manifests/pytorchjob-trainer.yaml'),
      'utf8',
    ),
  ).spec.pytorchReplicaSpecs.Master.template.spec.schedulerName;

describe('aiml:workload:render for training', () => {
  beforeEach(() => workspace.clear());

  it.each<[WorkloadKind, string, string]>([
    ['ray-job', 'p4d.24xlarge', 'rayproject/ray:2.46.0-py311-gpu'],
    [
      'pytorch-elastic',
      'g5.12xlarge',
      'public.ecr.aws/deep-learning-containers/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2',
    ],
  ])(
    "outputs the base image of a %s project's Dockerfile",
    async (workload, instanceType, baseImage) => {
      const ctx = context({ workload, instanceType, acceleratorCount: 4 });
      await actionWith({}).handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('baseImage', baseImage);
    },
  );

  it('schedules Trainium pods with the Neuron docs’ my-scheduler unless configured', async () => {
    await actionWith({}).handler(context(trainium));
    expect(writtenScheduler()).toBe('my-scheduler');
  });

  it('takes aiml.workloads.neuronSchedulerName, and the input over it', async () => {
    const action = actionWith({
      aiml: { workloads: { neuronSchedulerName: 'neuron-scheduler' } },
    });
    const ctx = context(trainium);
    await action.handler(ctx);
    expect(writtenScheduler()).toBe('neuron-scheduler');
    expect(ctx.output).toHaveBeenCalledWith(
      'baseImage',
      'public.ecr.aws/neuron/pytorch-training-neuronx:2.5.1-neuronx-py310-sdk2.21.0-ubuntu22.04',
    );
    await action.handler(
      context({ ...trainium, neuronSchedulerName: 'team-scheduler' }),
    );
    expect(writtenScheduler()).toBe('team-scheduler');
  });

  it('renders GPU workloads whatever scheduler the config names', async () => {
    const ctx = context({
      workload: 'ray-job',
      instanceType: 'p4d.24xlarge',
      acceleratorCount: 4,
    });
    await actionWith({
      aiml: { workloads: { neuronSchedulerName: 'neuron-scheduler' } },
    }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('workloadType', 'training');
  });
});
