import { renderWorkload } from '../render';
import { customKindProblems } from '.';

const rayJob = renderWorkload({
  team: 'ml-research',
  component: 'llama',
  workload: 'ray-job',
  instanceType: 'g5.12xlarge',
  acceleratorCount: 4,
  image: 'acme-ml/llama:1.0.0',
  checkpointS3Uri: 's3://acme-ckpt/llama',
}).objects[0] as any;

const pyTorchJob = renderWorkload({
  team: 'ml-research',
  component: 'llama',
  workload: 'pytorch-elastic',
  instanceType: 'g5.12xlarge',
  acceleratorCount: 4,
  replicas: 2,
  image: 'acme-ml/llama:1.0.0',
  checkpointS3Uri: 's3://acme-ckpt/llama',
}).objects[0] as any;

const rayService = renderWorkload({
  team: 'ml-research',
  component: 'llama',
  workload: 'ray-service',
  instanceType: 'g5.12xlarge',
  acceleratorCount: 4,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
}).objects[0] as any;

const edit = (obj: any, change: (copy: any) => void) => {
  const copy = structuredClone(obj);
  change(copy);
  return customKindProblems(copy);
};

describe("the product's schemas of custom kinds", () => {
  it('accept what the renderers produce', () => {
    expect(customKindProblems(rayJob)).toEqual([]);
    expect(customKindProblems(pyTorchJob)).toEqual([]);
    expect(customKindProblems(rayService)).toEqual([]);
  });

  it('are strict: an unknown or misspelt field is a problem', () => {
    expect(edit(rayJob, o => (o.spec.entryPoint = 'x'))).toEqual([
      expect.stringContaining('Unrecognized key'),
    ]);
    expect(
      edit(
        rayJob,
        o => (o.spec.rayClusterSpec.workerGroupSpecs[0].minReplica = 1),
      ),
    ).toEqual([
      expect.stringMatching(/^spec.rayClusterSpec.workerGroupSpecs.0/),
    ]);
    expect(
      edit(pyTorchJob, o => (o.spec.elasticPolicy.rdzvBackend = 'zookeeper')),
    ).toEqual([expect.stringMatching(/^spec.elasticPolicy.rdzvBackend/)]);
  });

  it('hold the rules of the CRDs and the operators', () => {
    expect(
      edit(
        rayJob,
        o => delete o.spec.rayClusterSpec.workerGroupSpecs[0].maxReplicas,
      ),
    ).not.toEqual([]);
    expect(
      edit(
        rayJob,
        o => (o.spec.rayClusterSpec.workerGroupSpecs[0].replicas = 99),
      ),
    ).toEqual([
      expect.stringContaining('minReplicas <= replicas <= maxReplicas'),
    ]);
    expect(
      edit(
        pyTorchJob,
        o =>
          (o.spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].name =
            'main'),
      ),
    ).toEqual([expect.stringContaining('container named "pytorch"')]);
    expect(
      edit(
        pyTorchJob,
        o => (o.spec.pytorchReplicaSpecs.Worker.restartPolicy = 'Sometimes'),
      ),
    ).not.toEqual([]);
    expect(
      edit(rayService, o => (o.spec.serveConfigV2 = 'applications: []')),
    ).toEqual([
      expect.stringContaining('serveConfigV2 must be a Ray Serve config'),
    ]);
    expect(edit(rayJob, o => (o.metadata.name = 'Not_A_Name'))).not.toEqual([]);
  });

  it('leave kinds they do not own alone', () => {
    expect(
      customKindProblems({ apiVersion: 'apps/v1', kind: 'Deployment' }),
    ).toEqual([]);
  });
});
