import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { SANDBOX_PORTAL_ROLE } from '@eks-aiml/sandbox';
import request from 'supertest';
import { kubernetesModuleAimlClusters } from './kubernetesClusters';

// Backstage's own Kubernetes plugin, fed by our cluster supplier, against the sandbox.
describe('the Kubernetes plugin with the aiml cluster supplier', () => {
  jest.setTimeout(60_000);

  it("lists the sandbox's pods of an example Component", async () => {
    const assumeRole = {
      roleArn: SANDBOX_PORTAL_ROLE.arn,
      externalId: SANDBOX_PORTAL_ROLE.externalId,
    };
    const { server } = await startTestBackend({
      features: [
        import('@backstage/plugin-kubernetes-backend'),
        kubernetesModuleAimlClusters,
        mockServices.rootConfig.factory({
          data: {
            aiml: {
              sandbox: { enabled: true },
              clusters: [
                { name: 'ml-sandbox-use1', region: 'us-east-1', assumeRole },
                { name: 'ml-sandbox-usw2', region: 'us-west-2', assumeRole },
              ],
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [],
            },
          },
        }),
      ],
    });

    const clusters = await request(server).get('/api/kubernetes/clusters');
    expect(clusters.status).toBe(200);
    expect(clusters.body.items.map((c: any) => c.name).sort()).toEqual([
      'ml-sandbox-use1',
      'ml-sandbox-usw2',
    ]);

    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'llama-finetune',
        annotations: { 'backstage.io/kubernetes-id': 'llama-finetune' },
      },
      spec: {
        type: 'ml-training',
        owner: 'ml-research',
        lifecycle: 'production',
      },
    };
    const res = await request(server)
      .post('/api/kubernetes/services/llama-finetune')
      .send({ entity, auth: {} });
    expect(res.status).toBe(200);
    const podsByCluster = Object.fromEntries(
      res.body.items.map((item: any) => [
        item.cluster.name,
        item.resources
          .filter((r: any) => r.type === 'pods')
          .flatMap((r: any) =>
            r.resources.map(
              (p: any) =>
                `${p.metadata.namespace}/${p.metadata.labels['backstage.io/kubernetes-id']}`,
            ),
          ),
      ]),
    );
    expect(res.body.items.flatMap((i: any) => i.errors)).toEqual([]);
    // llama-finetune runs on both clusters (A100 spot on use1, H100 on usw2).
    expect(podsByCluster['ml-sandbox-use1']).toContain(
      'ml-research-training/llama-finetune',
    );
    expect(podsByCluster['ml-sandbox-usw2']).toContain(
      'ml-research-training/llama-finetune',
    );
    expect(
      Object.values(podsByCluster)
        .flat()
        .every(p => (p as string).endsWith('/llama-finetune')),
    ).toBe(true);
  });
});
