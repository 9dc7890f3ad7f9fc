import { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { formatQuantity, quotaUsed } from './quotaController';
import { startTestCluster, TestCluster } from './__testUtils__/testCluster';

const NS = 'ml-research-inference';

const pod = (
  name: string,
  resources: Record<string, Record<string, string>>,
  phase?: string,
): V1Pod => ({
  metadata: { name, namespace: NS },
  spec: { containers: [{ name: 'c', image: 'x:1', resources }] },
  ...(phase ? { status: { phase } } : {}),
});

describe('the resource quota controller', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;

  beforeEach(async () => {
    cluster = await startTestCluster([NS]);
    core = cluster.kubeConfig().makeApiClient(CoreV1Api);
  });
  afterEach(() => cluster.close());

  const used = async () =>
    (
      await core.readNamespacedResourceQuota({
        name: 'team-accelerator-quota',
        namespace: NS,
      })
    ).status;

  it("keeps status.hard and status.used of a namespace's quota in step with its pods, through the real client", async () => {
    await core.createNamespacedResourceQuota({
      namespace: NS,
      body: {
        metadata: { name: 'team-accelerator-quota' },
        spec: {
          hard: {
            'requests.nvidia.com/gpu': '8',
            'requests.cpu': '208',
            'requests.memory': '2112Gi',
            pods: '20',
          },
        },
      },
    });
    expect(await used()).toEqual({
      hard: {
        'requests.nvidia.com/gpu': '8',
        'requests.cpu': '208',
        'requests.memory': '2112Gi',
        pods: '20',
      },
      used: {
        'requests.nvidia.com/gpu': '0',
        'requests.cpu': '0',
        'requests.memory': '0',
        pods: '0',
      },
    });
    await core.createNamespacedPod({
      namespace: NS,
      body: pod('server-a', {
        requests: { 'nvidia.com/gpu': '4', cpu: '1500m', memory: '20Gi' },
      }),
    });
    // An extended resource with only a limit requests its limit.
    await core.createNamespacedPod({
      namespace: NS,
      body: pod('server-b', { limits: { 'nvidia.com/gpu': '2' } }),
    });
    expect((await used())?.used).toEqual({
      'requests.nvidia.com/gpu': '6',
      'requests.cpu': '1500m',
      'requests.memory': '20Gi',
      pods: '2',
    });

    // A pod that ended holds nothing; a deleted one neither.
    await core.replaceNamespacedPodStatus({
      name: 'server-a',
      namespace: NS,
      body: {
        ...(await core.readNamespacedPod({ name: 'server-a', namespace: NS })),
        status: { phase: 'Succeeded' },
      },
    });
    expect((await used())?.used).toMatchObject({
      'requests.nvidia.com/gpu': '2',
      pods: '1',
    });
    await core.deleteNamespacedPod({ name: 'server-b', namespace: NS });
    expect((await used())?.used?.['requests.nvidia.com/gpu']).toBe('0');
  });

  it('computes a quota created after its pods, and writes a status only when it changed', async () => {
    await core.createNamespacedPod({
      namespace: NS,
      body: pod('trainer', { requests: { 'aws.amazon.com/neuroncore': '32' } }),
    });
    await core.createNamespacedResourceQuota({
      namespace: NS,
      body: {
        metadata: { name: 'team-accelerator-quota' },
        spec: { hard: { 'requests.aws.amazon.com/neuroncore': '32' } },
      },
    });
    const first = await core.readNamespacedResourceQuota({
      name: 'team-accelerator-quota',
      namespace: NS,
    });
    expect(first.status?.used).toEqual({
      'requests.aws.amazon.com/neuroncore': '32',
    });
    // A pod that changes nothing the quota counts leaves its resourceVersion.
    await core.patchNamespacedPod({
      name: 'trainer',
      namespace: NS,
      body: [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }],
    });
    const second = await core.readNamespacedResourceQuota({
      name: 'team-accelerator-quota',
      namespace: NS,
    });
    expect(second.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
  });
});

describe('quotaUsed', () => {
  it('counts pods, requests and limits, and leaves out what the pod evaluator does not count', () => {
    const pods = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'a' },
        spec: {
          containers: [
            {
              resources: {
                requests: { cpu: '2', memory: '1Gi' },
                limits: { memory: '1536Mi' },
              },
            },
          ],
        },
      },
    ];
    expect(
      quotaUsed(
        {
          'count/pods': '10',
          cpu: '4',
          'limits.memory': '4Gi',
          services: '5',
          'requests.storage': '1Ti',
        },
        pods,
      ),
    ).toEqual({ 'count/pods': '1', cpu: '2', 'limits.memory': '1536Mi' });
  });

  it.each([
    ['memory', 3 * 2 ** 30, '3Gi'],
    ['memory', 1536 * 2 ** 20, '1536Mi'],
    ['memory', 1000, '1000'],
    ['cpu', 0.25, '250m'],
    ['cpu', 12, '12'],
    ['nvidia.com/gpu', 0, '0'],
  ])('writes %s %p as %s', (resource, value, text) => {
    expect(formatQuantity(resource, value)).toBe(text);
  });
});
