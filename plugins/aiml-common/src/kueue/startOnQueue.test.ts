import {
  AimlWorkloadObject,
  isSuspended,
  queueOnStart,
  startOperations,
} from '../workloadStart';

const rayJob = (
  labels: Record<string, string> | undefined,
): AimlWorkloadObject => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayJob',
  metadata: {
    name: 'train',
    namespace: 'ml-research-training',
    annotations: { 'aiml.eks.aws/queue-name': 'ml-research' },
    ...(labels ? { labels } : {}),
  },
  spec: { suspend: true },
});

describe('starting a workload of a Kueue cluster', () => {
  it('is held until the queue label is there, whatever suspend says', () => {
    const held = rayJob({ 'backstage.io/kubernetes-id': 'train' });
    expect(queueOnStart(held)).toBe('ml-research');
    expect(isSuspended(held)).toBe(true);
    const submitted = rayJob({
      'backstage.io/kubernetes-id': 'train',
      'kueue.x-k8s.io/queue-name': 'ml-research',
    });
    // Still suspended: Kueue unsuspends it when it admits it; the portal has nothing left to start.
    expect(isSuspended(submitted)).toBe(false);
    expect(startOperations(submitted)).toEqual([]);
  });

  it('submits by adding the label, testing the annotation, leaving suspend to Kueue', () => {
    expect(
      startOperations(rayJob({ 'backstage.io/kubernetes-id': 'train' })),
    ).toEqual([
      {
        op: 'test',
        path: '/metadata/annotations/aiml.eks.aws~1queue-name',
        value: 'ml-research',
      },
      {
        op: 'add',
        path: '/metadata/labels/kueue.x-k8s.io~1queue-name',
        value: 'ml-research',
      },
    ]);
    expect(startOperations(rayJob(undefined))[1]).toEqual({
      op: 'add',
      path: '/metadata/labels',
      value: { 'kueue.x-k8s.io/queue-name': 'ml-research' },
    });
  });
});
