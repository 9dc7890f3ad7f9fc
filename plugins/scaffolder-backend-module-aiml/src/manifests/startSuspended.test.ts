import {
  customKindProblems,
  AimlJsonPatchOperation,
  isSuspended,
  startOperations,
  waitingFor,
} from '@eks-aiml/plugin-aiml-common';
import {
  isCoreKind,
  validateCoreObject,
} from '../__testUtils__/kubernetesModels';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import {
  isServingAddonKind,
  validateServingAddon,
} from '../__testUtils__/servingAddonModels';
import { KubeObject } from '../kubernetes/types';
import { RenderInput, renderWorkload } from './render';

const base = { team: 'ml-research', component: 'llama', ...RENDER_DEFAULTS };
const PROJECT_IMAGE =
  '111122223333.dkr.ecr.us-east-1.amazonaws.com/ml-research/llama:latest';

/** Every workload kind, with the image it runs by default and what it starts as. */
const cases: Array<[RenderInput, Record<string, string>, string[]]> = [
  [
    {
      ...base,
      workload: 'ray-job',
      instanceType: 'p4d.24xlarge',
      acceleratorCount: 8,
      replicas: 2,
    },
    { RayJob: 'spec.suspend' },
    ['image', 'pod-identity'],
  ],
  [
    {
      ...base,
      workload: 'pytorch-elastic',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      replicas: 2,
    },
    { PyTorchJob: 'spec.runPolicy.suspend' },
    ['image', 'pod-identity'],
  ],
  [
    {
      ...base,
      workload: 'trainium-job',
      instanceType: 'trn1.32xlarge',
      acceleratorCount: 32,
      replicas: 2,
    },
    { PyTorchJob: 'spec.runPolicy.suspend' },
    ['image', 'pod-identity'],
  ],
  [
    {
      ...base,
      workload: 'vllm',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 4,
      replicas: 2,
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      huggingFaceTokenSecret: 'hf-token',
    },
    {
      Deployment: 'spec.replicas',
      ScaledObject: 'metadata.annotations.autoscaling.keda.sh/paused',
    },
    ['pod-identity'],
  ],
  [
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
    { RayService: 'spec.suspend' },
    ['pod-identity'],
  ],
  [
    {
      ...base,
      workload: 'inferentia-vllm',
      instanceType: 'inf2.24xlarge',
      acceleratorCount: 4,
      model: 'acme/bot-13b',
      modelParametersB: 13,
      modelDtype: 'bf16',
      // The project's own image: it waits for CI too.
      image: PROJECT_IMAGE,
    },
    {
      Deployment: 'spec.replicas',
      ScaledObject: 'metadata.annotations.autoscaling.keda.sh/paused',
    },
    ['image', 'pod-identity'],
  ],
];

describe.each(cases)(
  'renderWorkload %# (%s.workload) starts suspended',
  (input, held, waits) => {
    const { objects, image } = renderWorkload(input);
    const workloads = objects.filter(o => held[o.kind]);

    it('holds every workload object, saying what it waits for', () => {
      expect(workloads.map(o => o.kind).sort()).toEqual(
        Object.keys(held).sort(),
      );
      for (const obj of workloads) {
        expect({ kind: obj.kind, suspended: isSuspended(obj) }).toEqual({
          kind: obj.kind,
          suspended: true,
        });
        expect(waitingFor(obj)).toEqual(waits);
      }
      expect(image === PROJECT_IMAGE).toBe(waits.includes('image'));
    });

    it('holds nothing else: the identity and AWS resources are applied as they are', () => {
      for (const obj of objects.filter(o => !held[o.kind])) {
        expect(obj.metadata.annotations?.['aiml.eks.aws/waiting-for']).toBe(
          undefined,
        );
      }
    });

    it('stays valid against the product schemas and the upstream models', () => {
      for (const obj of workloads) {
        const validate = () => {
          if (isCoreKind(obj)) validateCoreObject(obj);
          else if (isServingAddonKind(obj)) validateServingAddon(obj);
        };
        expect(validate).not.toThrow();
        expect(customKindProblems(obj)).toEqual([]);
      }
    });

    it('starts with a JSON patch of the one held field, tested first', () => {
      for (const obj of workloads) {
        const ops = startOperations(obj);
        expect(ops[0].op).toBe('test');
        expect(new Set(ops.map(o => o.path)).size).toBe(1);
        const started = jsonPatch(obj, ops);
        expect(isSuspended(started)).toBe(false);
        expect(changedPaths(obj, started)).toEqual([held[obj.kind]]);
        expect(startOperations(started)).toEqual([]);
      }
      const deployments = workloads.filter(o => o.kind === 'Deployment');
      expect(deployments.map(d => startOperations(d)[1])).toEqual(
        deployments.map(() => ({
          op: 'replace',
          path: '/spec/replicas',
          value: input.replicas ?? 1,
        })),
      );
    });
  },
);

/** RFC 6902, the operations startOperations makes: test, replace and remove of one member. */
function jsonPatch(obj: KubeObject, ops: AimlJsonPatchOperation[]): KubeObject {
  const copy = structuredClone(obj);
  for (const op of ops) {
    const keys = op.path
      .slice(1)
      .split('/')
      .map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const parent = keys
      .slice(0, -1)
      .reduce<any>((v, k) => v[k], copy as unknown);
    const last = keys[keys.length - 1];
    if (op.op === 'test') expect(parent[last]).toEqual(op.value);
    else if (op.op === 'remove') delete parent[last];
    else parent[last] = op.value;
  }
  return copy;
}

/** Dotted paths of the leaves that differ between two JSON values. */
function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap(k => changedPaths(a[k], b[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}
