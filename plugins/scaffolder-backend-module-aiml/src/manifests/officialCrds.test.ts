import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { isCoreKind } from '../__testUtils__/kubernetesModels';
import {
  OFFICIAL_CRD_DIR,
  officialCrdOf,
  officialCrdProblems,
  officialCrds,
} from '../__testUtils__/officialCrds';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import { KubeObject } from '../kubernetes/types';
import { CapacityType } from './podTemplate';
import { RenderInput, renderWorkload } from './render';
import { WORKLOAD_KINDS, WorkloadKind, WORKLOADS } from './workloads';

/*
 * Every custom resource the golden paths can render is valid against the
 * official CRD of its kind (KubeRay's RayJob and RayService, the training
 * operator's PyTorchJob; copies and provenance in __testUtils__/crds), checked as
 * strictly as an API server keeps it: no field it would prune.
 */

const base = { team: 'ml-research', component: 'llm', ...RENDER_DEFAULTS };

type Option = [string, Partial<RenderInput>];

const GATED_MODEL = {
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  huggingFaceTokenSecret: 'hf-token',
};

/** The accelerated pods of each workload: one pod, several on EFA instance types, several without EFA. */
const SHAPES: Record<WorkloadKind, Option[]> = {
  'ray-job': [
    ['one g5.xlarge pod', { instanceType: 'g5.xlarge', acceleratorCount: 1 }],
    [
      '2 p4d.24xlarge pods (EFA)',
      { instanceType: 'p4d.24xlarge', acceleratorCount: 8, replicas: 2 },
    ],
    [
      '4 half p4d.24xlarge pods (EFA)',
      { instanceType: 'p4d.24xlarge', acceleratorCount: 4, replicas: 4 },
    ],
    [
      '2 p5.48xlarge pods (EFA)',
      { instanceType: 'p5.48xlarge', acceleratorCount: 8, replicas: 2 },
    ],
    [
      '2 g5.12xlarge pods (no EFA)',
      { instanceType: 'g5.12xlarge', acceleratorCount: 4, replicas: 2 },
    ],
  ],
  'pytorch-elastic': [
    ['one g5.xlarge pod', { instanceType: 'g5.xlarge', acceleratorCount: 1 }],
    [
      '2 p5.48xlarge pods (EFA)',
      { instanceType: 'p5.48xlarge', acceleratorCount: 8, replicas: 2 },
    ],
    [
      '1 to 2 p4d.24xlarge pods (EFA)',
      {
        instanceType: 'p4d.24xlarge',
        acceleratorCount: 8,
        replicas: 1,
        maxReplicas: 2,
      },
    ],
    [
      '4 to 6 g5.12xlarge pods (no EFA)',
      {
        instanceType: 'g5.12xlarge',
        acceleratorCount: 4,
        replicas: 4,
        maxReplicas: 6,
      },
    ],
  ],
  'trainium-job': [
    [
      'one NeuronCore of a trn1.2xlarge',
      { instanceType: 'trn1.2xlarge', acceleratorCount: 1 },
    ],
    [
      'one trn1.32xlarge pod',
      { instanceType: 'trn1.32xlarge', acceleratorCount: 32 },
    ],
    [
      '2 trn1.32xlarge pods (EFA), own Neuron scheduler',
      {
        instanceType: 'trn1.32xlarge',
        acceleratorCount: 32,
        replicas: 2,
        neuronSchedulerName: 'neuron-scheduler',
      },
    ],
    [
      '2 trn1n.32xlarge pods (EFA)',
      { instanceType: 'trn1n.32xlarge', acceleratorCount: 32, replicas: 2 },
    ],
  ],
  vllm: [
    [
      'gated 8B on one A10G',
      { instanceType: 'g5.xlarge', acceleratorCount: 1, ...GATED_MODEL },
    ],
    [
      'ungated 32B on 4 L40S, 2 to 3 replicas',
      {
        instanceType: 'g6e.12xlarge',
        acceleratorCount: 4,
        replicas: 2,
        maxReplicas: 3,
        model: 'Qwen/Qwen2.5-32B-Instruct',
      },
    ],
    [
      'gated 70B on a p5.48xlarge',
      {
        instanceType: 'p5.48xlarge',
        acceleratorCount: 8,
        model: 'meta-llama/Llama-3.1-70B-Instruct',
        huggingFaceTokenSecret: 'hf-token',
      },
    ],
  ],
  'ray-service': [
    [
      'ungated model, 1 to 3 workers (autoscaler)',
      {
        instanceType: 'g5.12xlarge',
        acceleratorCount: 1,
        replicas: 1,
        maxReplicas: 3,
        model: 'microsoft/Phi-3-mini-4k-instruct',
      },
    ],
    [
      'gated model on 2 GPUs, 2 fixed workers',
      {
        instanceType: 'g6e.12xlarge',
        acceleratorCount: 2,
        replicas: 2,
        maxReplicas: 2,
        model: 'mistralai/Mistral-7B-Instruct-v0.3',
        huggingFaceTokenSecret: 'hf-token',
      },
    ],
    [
      'gated 70B on a p4d.24xlarge, 1 to 2 workers',
      {
        instanceType: 'p4d.24xlarge',
        acceleratorCount: 8,
        replicas: 1,
        maxReplicas: 2,
        model: 'meta-llama/Llama-3.1-70B-Instruct',
        huggingFaceTokenSecret: 'hf-token',
      },
    ],
  ],
  'inferentia-vllm': [
    [
      'gated 8B on inf2.xlarge',
      { instanceType: 'inf2.xlarge', acceleratorCount: 2, ...GATED_MODEL },
    ],
    [
      'gated 1B on one NeuronCore',
      {
        instanceType: 'inf2.xlarge',
        acceleratorCount: 1,
        model: 'meta-llama/Llama-3.2-1B-Instruct',
        huggingFaceTokenSecret: 'hf-token',
      },
    ],
    [
      'gated 8B on 8 NeuronCores of an inf2.24xlarge',
      { instanceType: 'inf2.24xlarge', acceleratorCount: 8, ...GATED_MODEL },
    ],
  ],
};

/** What else the inputs of each workload type vary. */
const TRAINING_OPTIONS: Option[] = [
  ['scratch checkpoints', {}],
  ['checkpoint claim', { checkpointVolumeClaim: 'llm-checkpoints' }],
  [
    'gated model, token under its own key',
    {
      model: 'meta-llama/Llama-3.2-1B-Instruct',
      huggingFaceTokenSecret: 'hf-token',
      huggingFaceTokenSecretKey: 'HF_TOKEN',
    },
  ],
];
const SERVING_OPTIONS: Option[] = [
  ['default cache and context', {}],
  [
    'per-pod cache of a storage class',
    { modelCacheStorageClass: 'gp3', modelCacheSize: '300Gi' },
  ],
  ['4096-token context', { contextLength: 4096 }],
];
const CAPACITY_TYPES: CapacityType[] = ['on-demand', 'spot'];

const VARIANTS: Array<[string, RenderInput]> = WORKLOAD_KINDS.flatMap(
  workload => {
    const training = WORKLOADS[workload].workloadType === 'training';
    return SHAPES[workload].flatMap(([shape, shapeInput]) =>
      CAPACITY_TYPES.flatMap(capacityType =>
        (training ? TRAINING_OPTIONS : SERVING_OPTIONS).map(
          ([option, optionInput]): [string, RenderInput] => [
            `${workload}, ${shape}, ${capacityType}, ${option}`,
            {
              ...base,
              workload,
              capacityType,
              ...shapeInput,
              ...optionInput,
            } as RenderInput,
          ],
        ),
      ),
    );
  },
);

/** Each variant's objects, rendered once (in a test, so a refused variant fails only itself). */
const rendered = new Map<string, KubeObject[]>();
const objectsOf = (name: string, input: RenderInput) => {
  if (!rendered.has(name)) rendered.set(name, renderWorkload(input).objects);
  return rendered.get(name)!;
};
const allObjects = () =>
  VARIANTS.flatMap(([name, input]) => objectsOf(name, input));
const kindOf = (o: KubeObject) => `${o.apiVersion} ${o.kind}`;
const uniqueSorted = (values: string[]) => [...new Set(values)].sort();

describe.each(VARIANTS)('%s', (name, input) => {
  it('renders custom resources the official CRDs accept', () => {
    const problems = objectsOf(name, input)
      .filter(o => officialCrdOf(o))
      .flatMap(officialCrdProblems);
    expect(problems).toEqual([]);
  });
});

describe('the variants and the CRDs they are checked against', () => {
  const checked = () => allObjects().filter(o => officialCrdOf(o));
  /** The kinds of the checked objects whose JSON holds the text. */
  const kindsWith = (text: string) =>
    uniqueSorted(
      checked()
        .filter(o => JSON.stringify(o).includes(text))
        .map(o => o.kind),
    );
  // Kueue's are checked against what provisioning makes (namespaces/kueueObjects.test.ts).
  const copiedFiles = () =>
    uniqueSorted(
      officialCrds()
        .map(c => c.file)
        .filter(f => !f.startsWith('kueue.')),
    );

  it('cover every workload, capacity type and pod count, and every copied CRD', () => {
    expect(VARIANTS).toHaveLength(132);
    expect(checked()).toHaveLength(96);
    expect(uniqueSorted(checked().map(o => officialCrdOf(o)!.file))).toEqual(
      copiedFiles(),
    );
  });

  it('exercise in the checked kinds what the inputs change', () => {
    const all = ['PyTorchJob', 'RayJob', 'RayService'];
    expect(kindsWith('"karpenter.sh/capacity-type":"spot"')).toEqual(all);
    expect(kindsWith('"operator":"NotIn","values":["spot"]')).toEqual(all);
    expect(kindsWith('"name":"HF_TOKEN"')).toEqual(all);
    // Applied held until the image and the Pod Identity association exist.
    expect(kindsWith('"suspend":true')).toEqual(all);
    expect(kindsWith('"vpc.amazonaws.com/efa"')).toEqual([
      'PyTorchJob',
      'RayJob',
    ]);
    expect(kindsWith('"topology.kubernetes.io/zone"')).toEqual([
      'PyTorchJob',
      'RayJob',
    ]);
    expect(kindsWith('"claimName":"llm-checkpoints"')).toEqual([
      'PyTorchJob',
      'RayJob',
    ]);
    expect(kindsWith('"schedulerName":"neuron-scheduler"')).toEqual([
      'PyTorchJob',
    ]);
    expect(kindsWith('"volumeClaimTemplate"')).toEqual(['RayService']);
    expect(kindsWith('"enableInTreeAutoscaling":true')).toEqual(['RayService']);
  });

  it('leave no custom kind unchecked but those checked elsewhere', () => {
    const custom = allObjects().filter(o => !isCoreKind(o));
    expect(
      uniqueSorted(custom.filter(o => officialCrdOf(o)).map(kindOf)),
    ).toEqual([
      'kubeflow.org/v1 PyTorchJob',
      'ray.io/v1 RayJob',
      'ray.io/v1 RayService',
    ]);
    // ACK's kinds have the product's schemas (render.test.ts); PodMonitor and
    // ScaledObject their CRD models from kubernetes-models (inference.render.test.ts).
    expect(
      uniqueSorted(custom.filter(o => !officialCrdOf(o)).map(kindOf)),
    ).toEqual([
      'ecr.services.k8s.aws/v1alpha1 Repository',
      'eks.services.k8s.aws/v1alpha1 PodIdentityAssociation',
      'keda.sh/v1alpha1 ScaledObject',
      'monitoring.coreos.com/v1 PodMonitor',
      's3.services.k8s.aws/v1alpha1 Bucket',
    ]);
  });

  it('are the upstream files, byte for byte: each git blob hash is in the README', () => {
    const readme = fs.readFileSync(
      path.join(OFFICIAL_CRD_DIR, 'README.md'),
      'utf8',
    );
    for (const file of copiedFiles()) {
      const bytes = fs.readFileSync(path.join(OFFICIAL_CRD_DIR, file));
      const blob = crypto
        .createHash('sha1')
        .update(`blob ${bytes.length}\0`)
        .update(bytes)
        .digest('hex');
      const row = readme
        .split('\n')
        .find(line => line.startsWith(`| ${file} `));
      expect({ file, row }).toEqual({
        file,
        row: expect.stringContaining(blob),
      });
    }
  });
});

describe('the check itself', () => {
  const rayJob = () =>
    structuredClone(
      renderWorkload({
        ...base,
        workload: 'ray-job',
        instanceType: 'p4d.24xlarge',
        acceleratorCount: 8,
        replicas: 2,
      }).objects.find(o => o.kind === 'RayJob'),
    ) as any;
  const at = (problem: string) =>
    `RayJob ml-research-training/llm: ${problem} (ray.io_rayjobs.yaml, ray.io/v1)`;

  it('reports a field the API server would prune and a value of the wrong type, naming the object, the path and the rule', () => {
    const job = rayJob();
    job.spec.entryPoint = job.spec.entrypoint;
    job.spec.ttlSecondsAfterFinished = '3600';
    expect(officialCrdProblems(job)).toEqual([
      at(
        'spec.entryPoint: unknown field, the API server would prune it [additionalProperties: false]',
      ),
      at('spec.ttlSecondsAfterFinished: must be integer [type: "integer"]'),
    ]);
  });

  it.each<[string, (job: any) => void, string[]]>([
    [
      'an unknown field deep in a pod template',
      job => {
        job.spec.rayClusterSpec.workerGroupSpecs[0].template.spec.containers[0].resource =
          {};
      },
      [
        'spec.rayClusterSpec.workerGroupSpecs[0].template.spec.containers[0].resource: unknown field, the API server would prune it [additionalProperties: false]',
      ],
    ],
    [
      'an int-or-string that is neither',
      job => {
        job.spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].resources.limits.memory =
          true;
      },
      [
        'spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].resources.limits.memory: must be integer [type: "integer"]',
        'spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].resources.limits.memory: must be string [type: "string"]',
        'spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].resources.limits.memory: must match a schema in anyOf [anyOf]',
      ],
    ],
    [
      'two ports of one list-map key (containerPort, protocol defaulted to TCP)',
      job => {
        job.spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].ports.push(
          { name: 'gcs-again', containerPort: 6379, protocol: 'TCP' },
        );
      },
      [
        'spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].ports: must not repeat entry [0] at [3] (list-type map keyed by containerPort, protocol) [x-kubernetes-list-type]',
      ],
    ],
    [
      'a field under a CEL rule, which nothing here evaluates',
      job => {
        job.spec.managedBy = 'ray.io/kuberay-operator';
      },
      [
        "spec.managedBy: is under the CEL rule \"self in ['ray.io/kuberay-operator', 'kueue.x-k8s.io/multikueue']\", which this validator does not evaluate [x-kubernetes-validations]",
      ],
    ],
    [
      'a label value Kubernetes refuses',
      job => {
        job.metadata.labels['app.kubernetes.io/name'] = 'not a value';
      },
      [
        'metadata.labels["app.kubernetes.io/name"]: must match pattern "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$" [pattern]',
      ],
    ],
  ])('reports %s', (_what, mutate, problems) => {
    const job = rayJob();
    mutate(job);
    expect(officialCrdProblems(job)).toEqual(problems.map(at));
  });
});
