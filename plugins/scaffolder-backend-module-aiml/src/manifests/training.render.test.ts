import { customKindProblems } from '@eks-aiml/plugin-aiml-common';
import { podTemplatesOf } from '../__testUtils__/podSecurity';
import { validatePodTemplate } from '../__testUtils__/kubernetesModels';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import { RenderInput, renderWorkload } from './render';

/** The training golden paths as the templates render them, and their multi-node shapes. */
const base = { team: 'ml-research', component: 'llm', ...RENDER_DEFAULTS };
const rayJob: RenderInput = {
  ...base,
  workload: 'ray-job',
  instanceType: 'p4d.24xlarge',
  acceleratorCount: 8,
  replicas: 2,
};
const elastic: RenderInput = {
  ...base,
  workload: 'pytorch-elastic',
  instanceType: 'p5.48xlarge',
  acceleratorCount: 8,
  replicas: 2,
};
const trainium: RenderInput = {
  ...base,
  workload: 'trainium-job',
  instanceType: 'trn1.32xlarge',
  acceleratorCount: 32,
  replicas: 2,
};

/** The workload object: what follows the project's identity and AWS resources. */
const workloadOf = (input: RenderInput) =>
  renderWorkload(input).objects.find(o =>
    ['RayJob', 'PyTorchJob'].includes(o.kind),
  ) as any;
/** Every pod spec of the workload, by where it is. */
const podsOf = (input: RenderInput) =>
  Object.fromEntries(
    podTemplatesOf(workloadOf(input)).map(({ at, template }) => [at, template]),
  );
const envOf = (container: any) =>
  Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
const WORKERS = 'spec.rayClusterSpec.workerGroupSpecs[0].template';
const HEAD = 'spec.rayClusterSpec.headGroupSpec.template';
const SUBMITTER = 'spec.submitterPodTemplate';

describe('a RayJob runs Ray Train', () => {
  const job = workloadOf(rayJob);
  const pods = podsOf(rayJob);

  it("submits the skeleton's Ray Train launcher with KubeRay's default submitter", () => {
    expect(job.spec).toMatchObject({
      entrypoint: 'python -m src.ray_train',
      submissionMode: 'K8sJobMode',
      rayClusterSpec: { rayVersion: '2.46.0' },
    });
    expect(pods[SUBMITTER].spec.containers[0].command).toBeUndefined();
  });

  it('tells the driver on the head how many workers (pods x GPUs), where Ray Train stores runs and how often it retries', () => {
    expect(envOf(pods[HEAD].spec.containers[0])).toMatchObject({
      NUM_WORKERS: '16',
      STORAGE_PATH: 's3://llm-111122223333/ray',
      MAX_FAILURES: '3',
      CHECKPOINT_DIR: '/checkpoints',
      CHECKPOINT_S3_URI: 's3://llm-111122223333/checkpoints/',
      ACCELERATOR: 'cuda',
    });
    expect(
      envOf(
        podsOf({ ...rayJob, instanceType: 'g5.12xlarge', acceleratorCount: 4 })[
          HEAD
        ].spec.containers[0],
      ).NUM_WORKERS,
    ).toBe('8');
  });

  it('runs one Ray worker per pod holding all its GPUs, and keeps the head on on-demand capacity without GPUs', () => {
    const group = job.spec.rayClusterSpec.workerGroupSpecs[0];
    // KubeRay derives num-gpus from the container's limits: nothing overrides it.
    expect(group.rayStartParams).toEqual({});
    expect(group.template.spec.containers).toHaveLength(1);
    expect(
      group.template.spec.containers[0].resources.limits['nvidia.com/gpu'],
    ).toBe('8');
    const head = pods[HEAD].spec;
    expect(head.containers[0].resources.limits).not.toHaveProperty(
      'nvidia.com/gpu',
    );
    expect(job.spec.rayClusterSpec.headGroupSpec.rayStartParams).toMatchObject({
      'num-cpus': '0',
    });
    expect(
      head.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
        .nodeSelectorTerms,
    ).toEqual([
      {
        matchExpressions: [
          {
            key: 'karpenter.sh/capacity-type',
            operator: 'NotIn',
            values: ['spot'],
          },
          {
            key: 'eks.amazonaws.com/capacityType',
            operator: 'NotIn',
            values: ['SPOT'],
          },
        ],
      },
    ]);
    expect(head.nodeSelector).toBeUndefined();
  });
});

describe('the base image of the project', () => {
  it.each<[RenderInput, string]>([
    [rayJob, 'rayproject/ray:2.46.0-py311-gpu'],
    [
      elastic,
      'public.ecr.aws/deep-learning-containers/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-ec2',
    ],
    [
      trainium,
      'public.ecr.aws/neuron/pytorch-training-neuronx:2.5.1-neuronx-py310-sdk2.21.0-ubuntu22.04',
    ],
  ])('%#: is the workload’s framework image', (input, image) => {
    expect(renderWorkload(input).baseImage).toBe(image);
  });

  it("is Ray's at the cluster's rayVersion for a RayJob", () => {
    const rendered = renderWorkload(rayJob);
    const { rayVersion } = workloadOf(rayJob).spec.rayClusterSpec;
    expect(rendered.baseImage).toBe(`rayproject/ray:${rayVersion}-py311-gpu`);
  });
});

describe('spot capacity', () => {
  it('gives every spot training pod a grace period for its SIGTERM checkpoint, inside the two-minute notice', () => {
    const spotPods = [
      podsOf(rayJob)[WORKERS],
      podsOf(elastic)['spec.pytorchReplicaSpecs.Worker.template'],
      ...Object.values(podsOf({ ...trainium, capacityType: 'spot' })),
    ];
    for (const pod of spotPods) {
      expect(pod.spec.nodeSelector['karpenter.sh/capacity-type']).toBe('spot');
      expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(90);
      expect(pod.spec.terminationGracePeriodSeconds).toBeLessThan(120);
    }
  });

  it('forces no grace period on on-demand pods, the Ray head or the submitter', () => {
    const onDemand = [
      ...Object.values(podsOf(trainium)),
      ...Object.values(podsOf({ ...elastic, capacityType: 'on-demand' })),
      podsOf(rayJob)[HEAD],
      podsOf(rayJob)[SUBMITTER],
    ];
    for (const pod of onDemand) {
      expect(pod.spec.terminationGracePeriodSeconds).toBeUndefined();
    }
  });
});

describe('multi-node jobs on EFA instance types', () => {
  /** The accelerated pods of a workload. */
  const acceleratedPods = (input: RenderInput) =>
    Object.entries(podsOf(input))
      .filter(([at]) => at !== HEAD && at !== SUBMITTER)
      .map(([, pod]) => pod);

  it.each<[string, RenderInput, string]>([
    ['p4d.24xlarge, 8 GPUs', rayJob, '4'],
    ['p5.48xlarge, 8 GPUs', elastic, '32'],
    ['trn1.32xlarge, 32 NeuronCores', trainium, '8'],
    [
      'trn1n.32xlarge, 32 NeuronCores',
      { ...trainium, instanceType: 'trn1n.32xlarge' },
      '16',
    ],
    [
      'p4d.24xlarge, half of it: half its EFA devices',
      { ...rayJob, acceleratorCount: 4, replicas: 4 },
      '2',
    ],
  ])('%s: requests its EFA devices', (_what, input, devices) => {
    const pods = acceleratedPods(input);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      const { requests, limits } = pod.spec.containers[0].resources;
      expect(requests['vpc.amazonaws.com/efa']).toBe(devices);
      expect(limits['vpc.amazonaws.com/efa']).toBe(devices);
    }
  });

  it.each<[string, RenderInput]>([
    ['RayJob workers', rayJob],
    ['elastic workers', elastic],
    ['Trainium master and workers', trainium],
  ])(
    '%s: all in one zone, by a required pod affinity that selects every pod of the job',
    (_what, input) => {
      const pods = acceleratedPods(input);
      for (const pod of pods) {
        const [term] =
          pod.spec.affinity.podAffinity
            .requiredDuringSchedulingIgnoredDuringExecution;
        expect(term.topologyKey).toBe('topology.kubernetes.io/zone');
        // The term selects each pod of the job (the first one picks the zone).
        for (const other of pods) {
          const labels = other.metadata.labels;
          expect(labels).toMatchObject(term.labelSelector.matchLabels);
          for (const e of term.labelSelector.matchExpressions) {
            expect(e.operator).toBe('In');
            expect(e.values).toContain(labels[e.key]);
          }
        }
      }
      // Not the Ray head or submitter, which hold no GPUs.
      const all = podsOf(input);
      for (const at of [HEAD, SUBMITTER]) {
        expect(all[at]?.spec.affinity?.podAffinity).toBeUndefined();
      }
    },
  );

  it.each<[string, RenderInput]>([
    ['a single-pod RayJob', { ...rayJob, replicas: 1 }],
    ['a single-pod Trainium job', { ...trainium, replicas: 1 }],
    [
      'multi-node on g5.12xlarge (no EFA in the catalog)',
      {
        ...elastic,
        instanceType: 'g5.12xlarge',
        acceleratorCount: 4,
      },
    ],
    [
      'multi-node on p4d.24xlarge with a GPU per pod (less than one EFA device each)',
      { ...elastic, instanceType: 'p4d.24xlarge', acceleratorCount: 1 },
    ],
  ])('%s: no EFA devices and no zone affinity', (_what, input) => {
    for (const pod of acceleratedPods(input)) {
      expect(pod.spec.containers[0].resources.limits).not.toHaveProperty(
        'vpc.amazonaws.com/efa',
      );
      expect(pod.spec.affinity?.podAffinity).toBeUndefined();
    }
  });

  it('keeps an elastic job that may grow past one pod in one zone', () => {
    const pods = acceleratedPods({ ...elastic, replicas: 1, maxReplicas: 3 });
    expect(
      pods[0].spec.affinity.podAffinity
        .requiredDuringSchedulingIgnoredDuringExecution,
    ).toHaveLength(1);
  });
});

describe('the Neuron scheduler extension', () => {
  it('schedules pods with more than one NeuronCore with the Neuron docs’ my-scheduler by default', () => {
    for (const pod of Object.values(podsOf(trainium))) {
      expect(pod.spec.schedulerName).toBe('my-scheduler');
    }
  });

  it('takes the scheduler the input names', () => {
    for (const pod of Object.values(
      podsOf({ ...trainium, neuronSchedulerName: 'neuron-scheduler' }),
    )) {
      expect(pod.spec.schedulerName).toBe('neuron-scheduler');
    }
  });

  it('leaves a pod of one NeuronCore, and GPU pods, to the default scheduler', () => {
    const single = podsOf({
      ...trainium,
      instanceType: 'trn1.2xlarge',
      acceleratorCount: 1,
      replicas: 1,
    });
    for (const pod of [
      ...Object.values(single),
      ...Object.values(podsOf(rayJob)),
      ...Object.values(podsOf(elastic)),
    ]) {
      expect(pod.spec.schedulerName).toBeUndefined();
    }
  });

  it.each<[string, Partial<RenderInput>, RegExp]>([
    [
      'a scheduler on a GPU workload',
      { ...rayJob, neuronSchedulerName: 'my-scheduler' },
      /neuronSchedulerName applies to Neuron workloads only/,
    ],
    [
      'a scheduler name Kubernetes refuses',
      { ...trainium, neuronSchedulerName: 'My Scheduler' },
      /neuronSchedulerName "My Scheduler" is not a Kubernetes object name/,
    ],
  ])('refuses %s', (_what, input, message) => {
    expect(() => renderWorkload(input as RenderInput)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('torchrun launches', () => {
  it("run the skeleton's training module with one process per GPU (elastic) or NeuronCore (Trainium)", () => {
    for (const [input, nproc, accelerator] of [
      [elastic, '8', 'cuda'],
      [trainium, '32', 'neuron'],
    ] as const) {
      const job = workloadOf(input);
      expect(job.spec.nprocPerNode).toBe(nproc);
      for (const pod of Object.values(podsOf(input))) {
        const [container] = pod.spec.containers;
        expect(container).toMatchObject({
          name: 'pytorch',
          command: ['torchrun'],
          args: ['-m', 'src.main'],
        });
        expect(envOf(container).ACCELERATOR).toBe(accelerator);
      }
    }
  });
});

describe('every training variant stays valid', () => {
  it.each<[string, RenderInput]>([
    ['RayJob, multi-node EFA', rayJob],
    ['RayJob, one pod', { ...rayJob, replicas: 1 }],
    ['RayJob on-demand', { ...rayJob, capacityType: 'on-demand' }],
    ['elastic, multi-node EFA', elastic],
    [
      'elastic on g5',
      { ...elastic, instanceType: 'g5.12xlarge', acceleratorCount: 4 },
    ],
    ['Trainium, multi-node EFA', trainium],
    ['Trainium on spot', { ...trainium, capacityType: 'spot' }],
  ])(
    '%s: the product schemas (after the official CRDs) and the Kubernetes PodTemplateSpec',
    (_what, input) => {
      const job = workloadOf(input);
      expect(customKindProblems(job)).toEqual([]);
      for (const { template } of podTemplatesOf(job)) {
        expect(() => validatePodTemplate(template)).not.toThrow();
      }
    },
  );
});
