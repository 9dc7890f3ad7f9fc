import { readCatalogFixture } from './catalogFixture';
import { SANDBOX_CLUSTERS } from './clusters';
import { initialClusterObjects } from './objects';

describe('the sandbox world', () => {
  const fixture = readCatalogFixture();
  const objectsOf = (cluster: string) =>
    initialClusterObjects(
      SANDBOX_CLUSTERS.find(c => c.name === cluster)!,
      fixture,
    );

  it('reads the example organization from the catalog files', () => {
    expect(fixture.teams.map(t => t.name)).toEqual(
      expect.arrayContaining(['ml-research', 'ml-platform', 'recsys']),
    );
    expect(fixture.users.find(u => u.name === 'maya')?.memberOf).toEqual([
      'ml-research',
    ]);
  });

  it('runs only projects of the catalog, in namespaces of their owning team', () => {
    for (const cluster of SANDBOX_CLUSTERS) {
      for (const w of cluster.workloads.filter(x => x.project)) {
        const project = fixture.projects.find(
          p => p.kubernetesId === w.project,
        )!;
        const ns = cluster.namespaces.find(n => n.name === w.namespace)!;
        expect({ workload: w.name, team: ns.team }).toEqual({
          workload: w.name,
          team: project.owner,
        });
      }
    }
  });

  it('labels team namespaces as provisioning would, and leaves unmanaged ones unmanaged', () => {
    const objects = objectsOf('ml-sandbox-use1');
    const ns = (name: string) =>
      objects.find(o => o.kind === 'Namespace' && o.metadata.name === name)!;
    expect(ns('ml-research-training').metadata.labels).toMatchObject({
      team: 'ml-research',
      'workload-type': 'training',
      'cost-center': 'cc-1001',
      'app.kubernetes.io/managed-by': 'eks-aiml',
    });
    expect(ns('legacy-experiments').metadata.labels).not.toHaveProperty(
      'app.kubernetes.io/managed-by',
    );
  });

  it('gives accelerated nodes their capacity in GPUs or NeuronCores', () => {
    const objects = objectsOf('ml-sandbox-use1');
    const nodes = objects.filter(o => o.kind === 'Node');
    const trn1 = nodes.find(
      n =>
        n.metadata.labels!['node.kubernetes.io/instance-type'] ===
        'trn1.32xlarge',
    )!;
    expect((trn1.status as any).capacity['aws.amazon.com/neuroncore']).toBe(
      '32',
    );
    const spot = nodes.find(
      n => n.metadata.labels!['karpenter.sh/capacity-type'] === 'spot',
    )!;
    expect((spot.status as any).capacity['nvidia.com/gpu']).toBe('8');
  });

  it('places running pods on nodes of their node group and leaves pending pods unscheduled', () => {
    const objects = objectsOf('ml-sandbox-use1');
    const nodeNames = new Set(
      objects.filter(o => o.kind === 'Node').map(n => n.metadata.name),
    );
    const pods = objects.filter(o => o.kind === 'Pod');
    const pending = pods.filter(p => (p.status as any).phase === 'Pending');
    const placed = pods.filter(p => (p.status as any).phase !== 'Pending');
    expect(pending.map(p => (p.spec as any).nodeName)).toEqual(
      pending.map(() => undefined),
    );
    expect(
      placed.filter(p => !nodeNames.has((p.spec as any).nodeName)),
    ).toEqual([]);
    expect(pods.some(p => (p.status as any).phase === 'Pending')).toBe(true);
  });
});
