import { CoreV1Api } from '@kubernetes/client-node';
import {
  failure,
  startTestCluster,
  TestCluster,
} from '../__testUtils__/testCluster';

let cluster: TestCluster;
let core: CoreV1Api;

beforeEach(async () => {
  cluster = await startTestCluster(['team-a']);
  core = cluster.kubeConfig().makeApiClient(CoreV1Api);
});

afterEach(() => cluster.close());

const podSpec = (extra: Record<string, unknown> = {}) => ({
  containers: [{ name: 'c', image: 'busybox' }],
  ...extra,
});

describe('pod defaulting and ServiceAccount admission', () => {
  it('runs a pod without a ServiceAccount as default', async () => {
    const pod = await core.createNamespacedPod({
      namespace: 'team-a',
      body: { metadata: { name: 'p' }, spec: podSpec() },
    });
    expect(pod.spec?.serviceAccountName).toBe('default');
    expect(pod.spec?.serviceAccount).toBe('default');
  });

  it('copies the deprecated serviceAccount into serviceAccountName', async () => {
    await core.createNamespacedServiceAccount({
      namespace: 'team-a',
      body: { metadata: { name: 'runner' } },
    });
    const pod = await core.createNamespacedPod({
      namespace: 'team-a',
      body: {
        metadata: { name: 'p' },
        spec: podSpec({ serviceAccount: 'runner' }),
      },
    });
    expect(pod.spec?.serviceAccountName).toBe('runner');
  });

  it('refuses a pod naming a ServiceAccount its namespace does not have', async () => {
    for (const spec of [
      podSpec({ serviceAccountName: 'aiml-grant-x' }),
      podSpec({ serviceAccount: 'aiml-grant-x' }),
    ]) {
      const refused = await failure(
        core.createNamespacedPod({
          namespace: 'team-a',
          body: { metadata: { name: 'p' }, spec },
        }),
      );
      expect(refused).toEqual({
        code: 403,
        body: expect.objectContaining({
          reason: 'Forbidden',
          message:
            'pods "p" is forbidden: error looking up service account team-a/aiml-grant-x: serviceaccount "aiml-grant-x" not found',
          details: { name: 'p', kind: 'pods' },
        }),
      });
    }
  });

  it('defaults a Service to ClusterIP', async () => {
    const svc = await core.createNamespacedService({
      namespace: 'team-a',
      body: { metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } },
    });
    expect(svc.spec?.type).toBe('ClusterIP');
    const lb = await core.createNamespacedService({
      namespace: 'team-a',
      body: {
        metadata: { name: 'lb' },
        spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
      },
    });
    expect(lb.spec?.type).toBe('LoadBalancer');
  });
});
