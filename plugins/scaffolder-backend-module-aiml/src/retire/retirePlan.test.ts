import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import { KubeObject } from '../kubernetes/types';
import { renderWorkload } from '../manifests/render';
import { madeByGoldenPath } from './projectObjects';
import { retirePlan } from './retirePlan';

const base = { team: 'ml-research', component: 'llama', ...RENDER_DEFAULTS };

const vllm = renderWorkload({
  ...base,
  workload: 'vllm',
  instanceType: 'g5.12xlarge',
  acceleratorCount: 1,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  huggingFaceTokenSecret: 'hf-token',
}).objects;

const steps = (objects: KubeObject[], bucket: 'retain' | 'delete' = 'retain') =>
  retirePlan(objects, bucket).map(s => [
    s.object.kind,
    s.before?.patch ?? null,
  ]);

describe('retirePlan', () => {
  it('labels every object the golden path renders as made by it', () => {
    expect(vllm.every(madeByGoldenPath)).toBe(true);
  });

  it('removes the autoscaler first, holds and deletes the workload, then what served it, the AWS resources and the ServiceAccount', () => {
    expect(steps(vllm)).toEqual([
      ['ScaledObject', null],
      ['Deployment', { spec: { replicas: 0 } }],
      ['PodMonitor', null],
      ['Service', null],
      [
        'PodIdentityAssociation',
        {
          metadata: {
            annotations: { 'services.k8s.aws/deletion-policy': 'delete' },
          },
        },
      ],
      [
        'Repository',
        {
          metadata: {
            annotations: {
              'services.k8s.aws/deletion-policy': 'delete',
              'ecr.services.k8s.aws/force-delete': 'true',
            },
          },
        },
      ],
      [
        'Bucket',
        {
          metadata: {
            annotations: { 'services.k8s.aws/deletion-policy': 'retain' },
          },
        },
      ],
      ['ServiceAccount', null],
    ]);
  });

  it('tells ACK to delete the bucket when asked, and says it goes once empty', () => {
    const bucket = retirePlan(vllm, 'delete').find(
      s => s.object.kind === 'Bucket',
    )!;
    expect(bucket.before).toEqual({
      patch: {
        metadata: {
          annotations: { 'services.k8s.aws/deletion-policy': 'delete' },
        },
      },
      says: 'deletion-policy delete: ACK deletes the S3 bucket llama-111122223333 once it is empty',
    });
  });

  it.each([
    ['ray-job', 'p4d.24xlarge', 8, ['RayJob', { spec: { suspend: true } }]],
    [
      'pytorch-elastic',
      'g5.12xlarge',
      4,
      ['PyTorchJob', { spec: { runPolicy: { suspend: true } } }],
    ],
    [
      'trainium-job',
      'trn1.32xlarge',
      32,
      ['PyTorchJob', { spec: { runPolicy: { suspend: true } } }],
    ],
  ] as const)(
    'suspends a %s before deleting it',
    (workload, instanceType, acceleratorCount, step) => {
      const { objects } = renderWorkload({
        ...base,
        workload,
        instanceType,
        acceleratorCount,
        image: 'acme-ml/llama:1.0.0',
      });
      expect(steps(objects)[0]).toEqual(step);
    },
  );
});
