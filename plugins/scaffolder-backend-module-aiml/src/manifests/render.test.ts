import {
  restrictedViolations,
  podTemplatesOf,
} from '../__testUtils__/podSecurity';
import {
  isCoreKind,
  validateCoreObject,
  validatePodTemplate,
} from '../__testUtils__/kubernetesModels';
import { ConfigReader } from '@backstage/config';
import { readWorkloadRoleName } from '@eks-aiml/plugin-aiml-node';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import { RenderInput, renderWorkload } from './render';
import { customKindProblems } from '@eks-aiml/plugin-aiml-common';
import { parse } from 'yaml';

const base = {
  team: 'ml-research',
  component: 'llama',
  ...RENDER_DEFAULTS,
};

/** What every project gets before its workload: its identity and AWS resources. */
const AWS_OBJECTS = [
  'ServiceAccount/llama-workload',
  'Bucket/llama',
  'Repository/llama',
  'PodIdentityAssociation/llama',
];

const cases: Array<[string, RenderInput, string[]]> = [
  [
    'a RayJob with GPU workers on spot',
    {
      ...base,
      workload: 'ray-job',
      instanceType: 'p4d.24xlarge',
      acceleratorCount: 8,
      replicas: 2,
      image: 'acme-ml/llama:1.0.0',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
    },
    ['RayJob/llama'],
  ],
  [
    'an elastic PyTorchJob',
    {
      ...base,
      workload: 'pytorch-elastic',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      replicas: 4,
      maxReplicas: 6,
      image: 'acme-ml/llama:1.0.0',
    },
    ['PyTorchJob/llama'],
  ],
  [
    'a Trainium job',
    {
      ...base,
      workload: 'trainium-job',
      instanceType: 'trn1.32xlarge',
      acceleratorCount: 32,
      replicas: 2,
      image: 'acme-ml/llama-neuron:1.0.0',
      checkpointVolumeClaim: 'llama-checkpoints',
    },
    ['PyTorchJob/llama'],
  ],
  [
    'a vLLM service',
    {
      ...base,
      workload: 'vllm',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      huggingFaceTokenSecret: 'hf-token',
    },
    [
      'Deployment/llama',
      'Service/llama',
      'PodMonitor/llama',
      'ScaledObject/llama',
    ],
  ],
  [
    'a RayService',
    {
      ...base,
      workload: 'ray-service',
      instanceType: 'g6e.12xlarge',
      acceleratorCount: 2,
      replicas: 1,
      maxReplicas: 3,
      model: 'mistralai/Mistral-7B-Instruct-v0.3',
      huggingFaceTokenSecret: 'hf-token',
    },
    ['ServiceAccount/llama-ray-autoscaler', 'RayService/llama'],
  ],
  [
    'vLLM on Inferentia2',
    {
      ...base,
      workload: 'inferentia-vllm',
      instanceType: 'inf2.24xlarge',
      acceleratorCount: 4,
      model: 'acme/bot-13b',
      modelParametersB: 13,
      modelDtype: 'bf16',
      image: 'acme-ml/vllm-neuron:0.8.5',
      modelCacheStorageClass: 'gp3',
    },
    [
      'Deployment/llama',
      'Service/llama',
      'PodMonitor/llama',
      'ScaledObject/llama',
    ],
  ],
];

describe.each(cases)('renderWorkload: %s', (_name, input, expected) => {
  const rendered = renderWorkload(input);
  const neuron = ['trainium-job', 'inferentia-vllm'].includes(input.workload);

  it('renders the project identity, its AWS resources and the expected workload objects into the team namespace', () => {
    expect(rendered.objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      ...AWS_OBJECTS,
      ...expected,
    ]);
    for (const o of rendered.objects) {
      expect(o.metadata.namespace).toBe(`ml-research-${rendered.workloadType}`);
      expect(o.metadata.labels?.['backstage.io/kubernetes-id']).toBe('llama');
    }
  });

  it('validates: core kinds with kubernetes-models, custom kinds with the product schemas, pod templates with kubernetes-models', () => {
    const core = rendered.objects.filter(isCoreKind);
    const custom = rendered.objects.filter(o => !isCoreKind(o));
    expect(core.length + custom.length).toBe(rendered.objects.length);
    for (const o of core) {
      expect(() => validateCoreObject(o)).not.toThrow();
    }
    for (const o of custom) {
      expect(customKindProblems(o)).toEqual([]);
    }
    for (const o of rendered.objects) {
      for (const { template } of podTemplatesOf(o)) {
        expect(() => validatePodTemplate(template)).not.toThrow();
      }
    }
  });

  it('runs every pod as the project ServiceAccount, which the Pod Identity association names (a Ray head with the autoscaler as <component>-ray-autoscaler)', () => {
    const association = rendered.objects.find(
      o => o.kind === 'PodIdentityAssociation',
    ) as any;
    expect(association.spec).toMatchObject({
      clusterName: 'ml-sandbox-use1',
      namespace: `ml-research-${rendered.workloadType}`,
      serviceAccount: 'llama-workload',
    });
    const autoscaled = rendered.objects.some(
      o => (o.spec as any)?.rayClusterConfig?.enableInTreeAutoscaling,
    );
    for (const { at, template } of rendered.objects.flatMap(podTemplatesOf)) {
      expect({ at, sa: template.spec.serviceAccountName }).toEqual({
        at,
        sa:
          autoscaled && at.includes('headGroupSpec')
            ? 'llama-ray-autoscaler'
            : 'llama-workload',
      });
    }
    // The autoscaler's ServiceAccount is rendered exactly when a head runs as it.
    expect(
      rendered.objects
        .filter(o => o.kind === 'ServiceAccount')
        .map(o => o.metadata.name),
    ).toEqual(
      autoscaled
        ? ['llama-workload', 'llama-ray-autoscaler']
        : ['llama-workload'],
    );
  });

  it('labels every pod with the component, and Pod Security restricted admits it', () => {
    const templates = rendered.objects.flatMap(podTemplatesOf);
    expect(templates.length).toBeGreaterThan(0);
    for (const { at, template } of templates) {
      expect({
        at,
        id: template.metadata.labels['backstage.io/kubernetes-id'],
        violations: restrictedViolations(template.spec),
      }).toEqual({ at, id: 'llama', violations: [] });
    }
  });

  it('puts accelerated pods on the instance type, tolerating its taint, with their accelerators', () => {
    const accelerated = rendered.objects
      .flatMap(podTemplatesOf)
      .map(t => t.template.spec)
      .filter(spec => spec.nodeSelector);
    expect(accelerated.length).toBeGreaterThan(0);
    const resource = neuron ? 'aws.amazon.com/neuroncore' : 'nvidia.com/gpu';
    for (const spec of accelerated) {
      expect(spec.nodeSelector['node.kubernetes.io/instance-type']).toBe(
        input.instanceType,
      );
      expect(spec.tolerations).toEqual([
        {
          key: neuron ? 'aws.amazon.com/neuron' : 'nvidia.com/gpu',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
      ]);
      const { requests, limits } = spec.containers[0].resources;
      expect(requests[resource]).toBe(String(input.acceleratorCount));
      expect(limits[resource]).toBe(String(input.acceleratorCount));
    }
  });
});

describe('renderWorkload specifics', () => {
  /** The spec of the workload object (after the project's identities and AWS resources). */
  const spec = (input: RenderInput) =>
    renderWorkload(input)
      .objects.slice(AWS_OBJECTS.length)
      .find(o => o.kind !== 'ServiceAccount')!.spec as any;

  it('puts RayJob GPU workers on Karpenter spot with the S3 checkpoint environment; the head stays off GPUs', () => {
    const s = spec(cases[0][1]);
    const worker = s.rayClusterSpec.workerGroupSpecs[0];
    expect(worker).toMatchObject({
      replicas: 2,
      minReplicas: 2,
      maxReplicas: 2,
    });
    expect(worker.template.spec.nodeSelector).toEqual({
      'node.kubernetes.io/instance-type': 'p4d.24xlarge',
      'karpenter.sh/capacity-type': 'spot',
    });
    expect(worker.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'CHECKPOINT_DIR', value: '/checkpoints' },
        {
          name: 'CHECKPOINT_S3_URI',
          value: 's3://llama-111122223333/checkpoints/',
        },
      ]),
    );
    const head = s.rayClusterSpec.headGroupSpec.template.spec;
    expect(head.nodeSelector).toBeUndefined();
    expect(head.containers[0].resources.requests).not.toHaveProperty(
      'nvidia.com/gpu',
    );
    expect(s.backoffLimit).toBeGreaterThan(0);
  });

  it('keeps on-demand pods off spot nodes of Karpenter and of managed node groups', () => {
    const s = spec(cases[3][1]);
    expect(s.template.spec.nodeSelector).toEqual({
      'node.kubernetes.io/instance-type': 'g5.12xlarge',
    });
    expect(
      s.template.spec.affinity.nodeAffinity
        .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
        .matchExpressions,
    ).toEqual([
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
    ]);
  });

  it('makes the PyTorchJob elastic with c10d and a container named pytorch', () => {
    const s = spec(cases[1][1]);
    expect(s.elasticPolicy).toEqual({
      rdzvBackend: 'c10d',
      minReplicas: 2,
      maxReplicas: 6,
      maxRestarts: 10,
    });
    expect(s.nprocPerNode).toBe('4');
    expect(
      s.pytorchReplicaSpecs.Worker.template.spec.containers[0],
    ).toMatchObject({
      name: 'pytorch',
      command: ['torchrun'],
      args: ['-m', 'src.main'],
    });
  });

  it('runs the Trainium job as a master and workers on NeuronCores, checkpointing to the claim', () => {
    const s = spec(cases[2][1]);
    expect(s.elasticPolicy).toBeUndefined();
    expect(s.pytorchReplicaSpecs.Master.replicas).toBe(1);
    expect(s.pytorchReplicaSpecs.Worker.replicas).toBe(1);
    const pod = s.pytorchReplicaSpecs.Master.template.spec;
    expect(pod.containers[0].env).toContainEqual({
      name: 'ACCELERATOR',
      value: 'neuron',
    });
    expect(pod.volumes).toContainEqual({
      name: 'checkpoints',
      persistentVolumeClaim: { claimName: 'llama-checkpoints' },
    });
  });

  it('waits for slow model loads, caches the model, and reads the token from a Secret', () => {
    const [deployment, service, , scaler] = renderWorkload(
      cases[3][1],
    ).objects.slice(AWS_OBJECTS.length) as any[];
    const c = deployment.spec.template.spec.containers[0];
    expect(c.image).toBe('vllm/vllm-openai:v0.8.5');
    expect(c.args).toEqual(
      expect.arrayContaining([
        '--model',
        'meta-llama/Llama-3.1-8B-Instruct',
        '--tensor-parallel-size',
        '4',
      ]),
    );
    // 8B in bf16 is ~15 GiB of weights: 5 minutes plus 15 s a GiB.
    expect(
      c.startupProbe.failureThreshold * c.startupProbe.periodSeconds,
    ).toBeGreaterThanOrEqual(500);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(deployment.spec.progressDeadlineSeconds).toBeGreaterThan(
      c.startupProbe.failureThreshold * c.startupProbe.periodSeconds,
    );
    expect(deployment.spec.template.spec.volumes).toContainEqual({
      name: 'model-cache',
      emptyDir: { sizeLimit: '28Gi' },
    });
    expect(c.volumeMounts).toContainEqual({
      name: 'model-cache',
      mountPath: '/models',
    });
    expect(c.env).toContainEqual({
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } },
    });
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(scaler.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'llama' },
      minReplicaCount: 1,
      maxReplicaCount: 2,
    });
  });

  it('gives the Inferentia server a per-pod cache volume of the storage class and all its NeuronCores', () => {
    const [deployment] = renderWorkload(cases[5][1]).objects.slice(
      AWS_OBJECTS.length,
    ) as any[];
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].args).toEqual(
      expect.arrayContaining(['--tensor-parallel-size', '4']),
    );
    expect(
      pod.volumes.find((v: any) => v.name === 'model-cache').ephemeral
        .volumeClaimTemplate.spec,
    ).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'gp3',
      resources: { requests: { storage: '40Gi' } },
    });
  });

  it('runs the head of a RayService without autoscaling (replicas = maxReplicas) as the workload ServiceAccount, and renders no autoscaler identity', () => {
    const fixed = renderWorkload({ ...cases[4][1], maxReplicas: 1 });
    const cluster = (fixed.objects.at(-1)!.spec as any).rayClusterConfig;
    expect(cluster.enableInTreeAutoscaling).toBeUndefined();
    expect(cluster.headGroupSpec.template.spec.serviceAccountName).toBe(
      'llama-workload',
    );
    expect(
      fixed.objects.map(o => o.metadata.name).includes('llama-ray-autoscaler'),
    ).toBe(false);
  });

  it('serves with Ray Serve LLM and lets the autoscaler run restricted', () => {
    const s = spec(cases[4][1]);
    const serve = parse(s.serveConfigV2);
    expect(serve.applications[0]).toMatchObject({
      import_path: 'ray.serve.llm:build_openai_app',
      args: {
        llm_configs: [
          {
            model_loading_config: {
              model_id: 'mistralai/Mistral-7B-Instruct-v0.3',
            },
            accelerator_type: 'L40S',
            engine_kwargs: { tensor_parallel_size: 2 },
          },
        ],
      },
    });
    expect(s.rayClusterConfig.enableInTreeAutoscaling).toBe(true);
    // KubeRay binds the autoscaler's Role to the head's ServiceAccount: not the workload's.
    expect(
      s.rayClusterConfig.headGroupSpec.template.spec.serviceAccountName,
    ).toBe('llama-ray-autoscaler');
    expect(
      s.rayClusterConfig.workerGroupSpecs[0].template.spec.serviceAccountName,
    ).toBe('llama-workload');
    expect(s.rayClusterConfig.autoscalerOptions.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });
});

describe('renderWorkload refuses bad input', () => {
  const vllm: RenderInput = cases[3][1];
  const rayJob: RenderInput = cases[0][1];

  it.each<[string, Partial<RenderInput>, RegExp]>([
    [
      'a component that cannot name objects',
      { component: 'Llama_Serve' },
      /component "Llama_Serve" cannot name Kubernetes objects/,
    ],
    [
      'an image without a tag',
      { image: 'vllm/vllm-openai' },
      /not an image reference pinned by a tag or a sha256 digest/,
    ],
    [
      'no model for inference',
      { model: undefined },
      /vllm serves a model: set model/,
    ],
    [
      'maxReplicas below replicas',
      { replicas: 3, maxReplicas: 2 },
      /maxReplicas \(2\) must be at least replicas \(3\)/,
    ],
    [
      'a checkpoint claim on inference',
      { checkpointVolumeClaim: 'ckpt' },
      /checkpointVolumeClaim applies to training workloads only/,
    ],
    [
      'more GPUs than the team quota',
      { replicas: 5 },
      /5 pods × 4 GPUs = 20 GPUs, more than team "ml-research"'s quota of 16 GPUs in ml-research-inference: at most 4 pods of 4 fit. .*aiml.eks.aws\/quota-gpu/,
    ],
    [
      'a bad Secret name',
      { huggingFaceTokenSecret: 'HF Token' },
      /huggingFaceTokenSecret "HF Token" is not a Kubernetes object name/,
    ],
    [
      'a bad cache size',
      { modelCacheSize: '100GB' },
      /modelCacheSize "100GB" is not a size like 200Gi/,
    ],
    [
      'a team name too long for a namespace',
      { team: 'a'.repeat(60) },
      /longer than 63 characters/,
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => renderWorkload({ ...vllm, ...change })).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });

  it.each<[string, Partial<RenderInput>, RegExp]>([
    [
      'a NeuronCore quota it does not fit',
      {
        workload: 'trainium-job',
        instanceType: 'trn1.32xlarge',
        acceleratorCount: 32,
        quota: { gpu: 16, neuronCores: 16 },
      },
      /2 pods × 32 NeuronCores = 64 NeuronCores, more than .* quota of 16 NeuronCores in ml-research-training: not one pod of 32 fits.*quota-neuron-cores/,
    ],
    [
      'maxReplicas on fixed workers',
      { maxReplicas: 4 },
      /runs a fixed number of workers/,
    ],
    [
      'a model cache on training',
      { modelCacheSize: '10Gi' },
      /modelCacheSize applies to inference workloads only/,
    ],
    [
      'too many GPUs for the instance',
      { instanceType: 'g5.2xlarge' },
      /g5.2xlarge has 1 NVIDIA A10G 24GB GPU; 8 requested per pod/,
    ],
    [
      'Neuron on a GPU instance',
      { workload: 'trainium-job' },
      /p4d.24xlarge has NVIDIA GPUs: Neuron workloads need an inf2 or trn1 instance type/,
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => renderWorkload({ ...rayJob, ...change })).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe("a project's AWS resources", () => {
  const rendered = renderWorkload(cases[0][1]);
  const byKind = (kind: string) =>
    rendered.objects.find(o => o.kind === kind) as any;

  it('give the pods and the bucket policy the role of aiml.teams.workloadRoleName', () => {
    const custom = renderWorkload({
      ...cases[0][1],
      workloadRole: readWorkloadRoleName(
        new ConfigReader({
          aiml: { teams: { workloadRoleName: 'ml/{team}-pods' } },
        }),
      ),
    });
    const role = 'arn:aws:iam::111122223333:role/ml/ml-research-pods';
    const of = (kind: string) =>
      custom.objects.find(o => o.kind === kind) as any;
    expect(of('PodIdentityAssociation').spec.roleARN).toBe(role);
    expect(
      JSON.parse(of('Bucket').spec.policy)
        .Statement.filter((st: any) => st.Effect === 'Allow')
        .map((st: any) => st.Principal),
    ).toEqual([{ AWS: role }, { AWS: role }]);
  });

  it('name an account-unique bucket, a team-scoped repository and the team role', () => {
    expect(rendered.aws).toMatchObject({
      serviceAccountName: 'llama-workload',
      bucket: 'llama-111122223333',
      repository: 'ml-research/llama',
      roleArn: 'arn:aws:iam::111122223333:role/eks-aiml-ml-research',
    });
    expect(byKind('Bucket').spec.name).toBe('llama-111122223333');
    expect(byKind('Repository').spec.name).toBe('ml-research/llama');
    expect(byKind('PodIdentityAssociation').spec.roleARN).toBe(
      'arn:aws:iam::111122223333:role/eks-aiml-ml-research',
    );
  });

  it("are made in the cluster's region, keep their data when deleted, and carry the cost tags", () => {
    for (const kind of ['Bucket', 'Repository', 'PodIdentityAssociation']) {
      expect(byKind(kind).metadata.annotations['services.k8s.aws/region']).toBe(
        'us-east-1',
      );
    }
    expect(
      byKind('Bucket').metadata.annotations['services.k8s.aws/deletion-policy'],
    ).toBe('retain');
    expect(byKind('Bucket').spec.tagging.tagSet).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'ml-research' },
        { key: 'cost-center', value: 'cc-1001' },
      ]),
    );
    expect(byKind('PodIdentityAssociation').spec.tags).toMatchObject({
      team: 'ml-research',
      component: 'llama',
    });
  });

  it('let only the team role into the bucket, over TLS only, and never make it public', () => {
    const bucket = byKind('Bucket').spec;
    expect(Object.values(bucket.publicAccessBlock)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const statements = JSON.parse(bucket.policy).Statement;
    expect(
      statements
        .filter((st: any) => st.Effect === 'Allow')
        .map((st: any) => st.Principal),
    ).toEqual([
      { AWS: 'arn:aws:iam::111122223333:role/eks-aiml-ml-research' },
      { AWS: 'arn:aws:iam::111122223333:role/eks-aiml-ml-research' },
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it("runs the project's own image from its ECR repository unless one is given", () => {
    const { image: _given, ...noImage } = cases[0][1];
    const own = renderWorkload(noImage);
    expect(own.image).toBe(
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/ml-research/llama:latest',
    );
    expect(
      (own.objects[AWS_OBJECTS.length] as any).spec.rayClusterSpec
        .workerGroupSpecs[0].template.spec.containers[0].image,
    ).toBe(own.image);
  });
});

describe('the validators themselves', () => {
  it('kubernetes-models refuses a broken Deployment', () => {
    const [deployment] = renderWorkload(cases[3][1]).objects.slice(
      AWS_OBJECTS.length,
    ) as any[];
    expect(() =>
      validateCoreObject({
        ...deployment,
        spec: { ...deployment.spec, replicas: 'two' },
      }),
    ).toThrow();
    expect(() =>
      validatePodTemplate({ spec: { containers: [{ image: 'x:1' }] } }),
    ).toThrow();
  });
});
