import { podResourceAmounts } from './podRequests';

const gpu = (n: number, extra: object = {}) => ({
  resources: { requests: { 'nvidia.com/gpu': String(n), ...extra } },
});

describe('podResourceAmounts', () => {
  it('sums the containers, parsing quantities', () => {
    expect(
      podResourceAmounts({
        spec: {
          containers: [gpu(4, { cpu: '500m', memory: '1Gi' }), gpu(2)],
        },
      }),
    ).toEqual({ 'nvidia.com/gpu': 6, cpu: 0.5, memory: 2 ** 30 });
  });

  it('takes the limit of a resource without a request, as the API server defaults it', () => {
    expect(
      podResourceAmounts({
        spec: {
          containers: [
            { resources: { limits: { 'aws.amazon.com/neuroncore': '2' } } },
          ],
        },
      }),
    ).toEqual({ 'aws.amazon.com/neuroncore': 2 });
  });

  it('counts the larger of the containers and each init container, sidecars beside both, and the overhead', () => {
    expect(
      podResourceAmounts({
        spec: {
          initContainers: [
            gpu(8),
            { ...gpu(1), restartPolicy: 'Always' },
            gpu(3),
          ],
          containers: [gpu(2)],
          overhead: { cpu: '250m' },
        },
      }),
    ).toEqual({ 'nvidia.com/gpu': 8, cpu: 0.25 });
    expect(
      podResourceAmounts({
        spec: {
          initContainers: [{ ...gpu(1), restartPolicy: 'Always' }, gpu(4)],
          containers: [gpu(2)],
        },
      })['nvidia.com/gpu'],
    ).toBe(5);
  });

  it('reads limits when asked', () => {
    expect(
      podResourceAmounts(
        {
          spec: {
            containers: [
              {
                resources: {
                  requests: { memory: '1Gi' },
                  limits: { memory: '2Gi' },
                },
              },
            ],
          },
        },
        'limits',
      ),
    ).toEqual({ memory: 2 * 2 ** 30 });
  });

  it('is empty for a pod without a spec', () => {
    expect(podResourceAmounts({})).toEqual({});
  });
});
