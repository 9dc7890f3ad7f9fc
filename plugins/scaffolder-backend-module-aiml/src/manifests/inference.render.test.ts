import { customKindProblems } from '@eks-aiml/plugin-aiml-common';
import { parse } from 'yaml';
import {
  isCoreKind,
  validateCoreObject,
  validatePodTemplate,
} from '../__testUtils__/kubernetesModels';
import {
  podTemplatesOf,
  restrictedViolations,
} from '../__testUtils__/podSecurity';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import {
  isServingAddonKind,
  validateServingAddon,
} from '../__testUtils__/servingAddonModels';
import { KubeObject } from '../kubernetes/types';
import { RenderInput, renderWorkload } from './render';

const base = {
  team: 'ml-research',
  component: 'chat',
  ...RENDER_DEFAULTS,
};

/** Llama 3.1 8B on one A10G: the case the old fit check passed and vLLM refused. */
const vllmOnOneA10G: RenderInput = {
  ...base,
  workload: 'vllm',
  instanceType: 'g5.xlarge',
  acceleratorCount: 1,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  huggingFaceTokenSecret: 'hf-token',
};

const inferentia: RenderInput = {
  ...base,
  workload: 'inferentia-vllm',
  instanceType: 'inf2.xlarge',
  acceleratorCount: 2,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  huggingFaceTokenSecret: 'hf-token',
};

const rayService: RenderInput = {
  ...base,
  workload: 'ray-service',
  instanceType: 'g5.12xlarge',
  acceleratorCount: 1,
  replicas: 1,
  maxReplicas: 3,
  model: 'microsoft/Phi-3-mini-4k-instruct',
};

const VARIANTS: Array<[string, RenderInput]> = [
  ['vLLM on one A10G', vllmOnOneA10G],
  [
    'vLLM on four GPUs with a Secret key and a per-pod cache',
    {
      ...vllmOnOneA10G,
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      contextLength: 32768,
      huggingFaceTokenSecretKey: 'HF_TOKEN',
      modelCacheStorageClass: 'gp3',
    },
  ],
  ['vLLM on Inferentia2, two NeuronCores', inferentia],
  [
    'vLLM on Inferentia2, one NeuronCore',
    {
      ...inferentia,
      acceleratorCount: 1,
      model: 'meta-llama/Llama-3.2-1B-Instruct',
    },
  ],
  ['a RayService', rayService],
];

const objectsOf = (input: RenderInput) => renderWorkload(input).objects;
const find = (input: RenderInput, kind: string) =>
  objectsOf(input).find(o => o.kind === kind) as any;
const server = (input: RenderInput) =>
  find(input, 'Deployment').spec.template.spec;

const refusal = (input: RenderInput) => {
  try {
    renderWorkload(input);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected renderWorkload to refuse');
};

describe.each(VARIANTS)('the inference golden path: %s', (_name, input) => {
  const objects = objectsOf(input);

  it('is valid against the upstream schemas: core kinds (kubernetes-models), PodMonitor and ScaledObject (their CRDs), every custom kind against the product schemas the sandbox enforces', () => {
    // Every object has an upstream schema here: the Kubernetes API's, or its CRD's.
    const upstream = (o: KubeObject) =>
      isCoreKind(o) ? validateCoreObject(o) : validateServingAddon(o);
    const kinds = objects.filter(o => isCoreKind(o) || isServingAddonKind(o));
    expect(kinds.map(o => o.kind)).toEqual(
      objects
        .map(o => o.kind)
        .filter(
          k =>
            ![
              'Bucket',
              'Repository',
              'PodIdentityAssociation',
              'RayService',
            ].includes(k),
        ),
    );
    for (const o of kinds) {
      expect(() => upstream(o)).not.toThrow();
    }
    for (const o of objects) {
      expect(customKindProblems(o)).toEqual([]);
      for (const { template } of podTemplatesOf(o)) {
        expect(() => validatePodTemplate(template)).not.toThrow();
        expect(restrictedViolations(template.spec)).toEqual([]);
      }
    }
  });

  it('gives every container that sets HOME or HF_HOME a writable volume there', () => {
    for (const { at, template } of objects.flatMap(podTemplatesOf)) {
      for (const c of template.spec.containers) {
        const mounts: string[] = (c.volumeMounts ?? []).map(
          (m: any) => m.mountPath,
        );
        for (const name of ['HOME', 'HF_HOME']) {
          const value = c.env?.find((e: any) => e.name === name)?.value;
          if (value === undefined) continue;
          expect({
            at,
            name,
            mounted: mounts.some(m => value === m || value.startsWith(`${m}/`)),
          }).toEqual({ at, name, mounted: true });
        }
        const volumes = template.spec.volumes ?? [];
        const cache = volumes.find((v: any) => v.name === 'model-cache');
        expect({ at, cache: !!cache }).toEqual({ at, cache: true });
        expect(cache.emptyDir?.sizeLimit ?? cache.ephemeral).toBeDefined();
      }
    }
  });
});

describe('vLLM on GPUs', () => {
  it('starts vLLM with the context length and memory budget the fit check counted', () => {
    const args: string[] = server(vllmOnOneA10G).containers[0].args;
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('--max-model-len')).toBe('8192');
    expect(flag('--gpu-memory-utilization')).toBe('0.9');
    expect(
      server({ ...vllmOnOneA10G, contextLength: 16384 }).containers[0].args,
    ).toEqual(expect.arrayContaining(['--max-model-len', '16384']));
    // Phi-3 mini 4k takes 4096 tokens at most: its default.
    expect(
      server({
        ...vllmOnOneA10G,
        model: 'microsoft/Phi-3-mini-4k-instruct',
      }).containers[0].args,
    ).toEqual(expect.arrayContaining(['--max-model-len', '4096']));
  });

  it("refuses the model's whole 131072-token context on one A10G, naming the longest that fits", () => {
    expect(
      refusal({ ...vllmOnOneA10G, contextLength: 131072 }).message,
    ).toMatch(
      /^Llama 3.1 8B Instruct in bf16 with a 131072-token context needs 33.0 GiB .* a context of at most 38\d{3} tokens would fit\. These would fit: /,
    );
  });

  it("refuses a context beyond the model's max_position_embeddings, and a context length on training", () => {
    expect(
      refusal({
        ...vllmOnOneA10G,
        model: 'microsoft/Phi-3-mini-4k-instruct',
        contextLength: 8192,
      }),
    ).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^contextLength: Phi-3 mini 4k takes at most 4096 tokens/,
      ),
    });
    expect(
      refusal({
        ...base,
        workload: 'ray-job',
        instanceType: 'p4d.24xlarge',
        acceleratorCount: 8,
        image: 'acme-ml/llama:1.0.0',
        contextLength: 4096,
      }).message,
    ).toMatch(/contextLength applies to inference workloads only/);
  });

  it('refuses a tensor-parallel size that does not divide the attention heads, and offers only sizes that do', () => {
    const error = refusal({
      ...vllmOnOneA10G,
      instanceType: 'g5.12xlarge',
      acceleratorCount: 3,
    });
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /^Llama 3.1 8B Instruct has 32 attention heads, which 3 GPUs cannot split evenly: vLLM needs the GPUs per pod \(its tensor-parallel size\) to divide them\. Ask for 1, 2, 4\. These would fit: /,
    );
    // 64 heads: seven A10Gs would hold the 70B model, but vLLM would refuse them.
    const seventy = refusal({
      ...vllmOnOneA10G,
      model: 'meta-llama/Llama-3.1-70B-Instruct',
    }).message;
    expect(seventy).toContain('g5.48xlarge with 8 NVIDIA A10G 24GB GPUs');
    expect(seventy).not.toContain('with 7 ');
  });

  it('passes the same context and budget to Ray Serve LLM', () => {
    const serve = parse(find(rayService, 'RayService').spec.serveConfigV2);
    expect(
      serve.applications[0].args.llm_configs[0].engine_kwargs,
    ).toMatchObject({
      tensor_parallel_size: 1,
      max_model_len: 4096,
      gpu_memory_utilization: 0.9,
    });
  });
});

describe('gated models', () => {
  it('refuses a gated model without a Secret holding a Hugging Face token', () => {
    const { huggingFaceTokenSecret: _none, ...noSecret } = vllmOnOneA10G;
    expect(refusal(noSecret)).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^meta-llama\/Llama-3.1-8B-Instruct is gated on Hugging Face: .*set huggingFaceTokenSecret/,
      ),
    });
    // An open model needs none.
    expect(() =>
      renderWorkload({
        ...noSecret,
        model: 'microsoft/Phi-3-mini-4k-instruct',
      }),
    ).not.toThrow();
  });

  it("reads HF_TOKEN from the Secret's named key, never a value", () => {
    const env = server({
      ...vllmOnOneA10G,
      huggingFaceTokenSecretKey: 'HF_TOKEN',
    }).containers[0].env;
    expect(env).toContainEqual({
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: 'hf-token', key: 'HF_TOKEN' } },
    });
    expect(
      refusal({ ...vllmOnOneA10G, huggingFaceTokenSecretKey: 'a key' }).message,
    ).toMatch(/huggingFaceTokenSecretKey "a key" is not a key of a Secret/);
  });
});

describe('vLLM on Inferentia2', () => {
  const pod = server(inferentia);
  const container = pod.containers[0];

  it("serves with the Neuron vLLM Deep Learning Container's vllm serve, not the project's image", () => {
    expect(container.image).toBe(
      'public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.16.0-neuronx-py312-sdk2.31.1-ubuntu24.04',
    );
    expect(renderWorkload(inferentia).image).toBe(container.image);
    expect(container.command).toEqual(['vllm', 'serve']);
  });

  it('passes the flags of the Neuron vLLM user guide: NeuronCores as tensor parallelism, the compiled batch and KV cache', () => {
    expect(container.args).toEqual([
      '--model',
      'meta-llama/Llama-3.1-8B-Instruct',
      '--port',
      '8000',
      '--tensor-parallel-size',
      '2',
      '--max-model-len',
      '8192',
      '--max-num-seqs',
      '4',
      '--block-size',
      '32',
      '--num-gpu-blocks-override',
      // ceil(8192 / 32) × 4
      '1024',
    ]);
    expect(container.resources.limits['aws.amazon.com/neuroncore']).toBe('2');
    expect(container.env).toEqual(
      expect.arrayContaining([
        {
          name: 'NEURON_COMPILED_ARTIFACTS',
          value: '/models/neuron-compiled-artifacts',
        },
      ]),
    );
  });

  it('sends pods with more than one NeuronCore to the Neuron scheduler, configurable, and leaves one-core pods to the default', () => {
    expect(pod.schedulerName).toBe('my-scheduler');
    expect(
      server({ ...inferentia, neuronSchedulerName: 'neuron-scheduler' })
        .schedulerName,
    ).toBe('neuron-scheduler');
    expect(
      server({
        ...inferentia,
        acceleratorCount: 1,
        model: 'meta-llama/Llama-3.2-1B-Instruct',
      }).schedulerName,
    ).toBeUndefined();
  });
});

describe('autoscaling on the queue', () => {
  const objects = objectsOf(vllmOnOneA10G);
  const of = (kind: string) => objects.find(o => o.kind === kind) as any;

  it("has Prometheus scrape vLLM's /metrics by a PodMonitor selecting the server's pods on their http port", () => {
    const monitor = of('PodMonitor');
    const template = of('Deployment').spec.template;
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(template.metadata.labels).toMatchObject(
      monitor.spec.selector.matchLabels,
    );
    expect(monitor.spec.podMetricsEndpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '15s' },
    ]);
    expect(template.spec.containers[0].ports).toContainEqual({
      name: 'http',
      containerPort: 8000,
    });
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
  });

  it("scales with KEDA on vLLM's real metric name, and renders no HPA of its own", () => {
    const scaler = of('ScaledObject');
    expect(scaler.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'chat',
    });
    expect(scaler.spec.triggers).toEqual([
      {
        type: 'prometheus',
        metricType: 'AverageValue',
        metadata: {
          serverAddress:
            'http://kube-prometheus-stack-prometheus.kube-prometheus-stack.svc:9090',
          query:
            'sum(vllm:num_requests_waiting{namespace="ml-research-inference",job="ml-research-inference/chat"})',
          threshold: '5',
        },
      },
    ]);
    expect(objects.map((o: KubeObject) => o.kind)).not.toContain(
      'HorizontalPodAutoscaler',
    );
  });
});

describe('the RayService head', () => {
  const head = find(rayService, 'RayService').spec.rayClusterConfig
    .headGroupSpec.template.spec;

  it('caches Hugging Face files on a size-limited volume, and keeps the image’s own HOME', () => {
    expect(head.volumes).toContainEqual({
      name: 'model-cache',
      emptyDir: { sizeLimit: '5Gi' },
    });
    expect(head.containers[0].volumeMounts).toContainEqual({
      name: 'model-cache',
      mountPath: '/models',
    });
    expect(head.containers[0].env).toContainEqual({
      name: 'HF_HOME',
      value: '/models/huggingface',
    });
    expect(
      head.containers[0].env.find((e: any) => e.name === 'HOME'),
    ).toBeUndefined();
  });
});
