import { customKindIssues, customKindProblems, PRODUCT_CUSTOM_KINDS } from '.';

const pod = (name: string) => ({
  metadata: { labels: { 'backstage.io/kubernetes-id': 'llama' } },
  spec: { containers: [{ name, image: 'acme-ml/llama:1.0.0' }] },
});
const metadata = { name: 'llama', namespace: 'ml-research-training' };

const rayJob = {
  apiVersion: 'ray.io/v1',
  kind: 'RayJob',
  metadata,
  spec: {
    entrypoint: 'python -m src.main',
    submissionMode: 'K8sJobMode',
    rayClusterSpec: {
      headGroupSpec: { rayStartParams: {}, template: pod('ray-head') },
      workerGroupSpecs: [
        {
          groupName: 'gpu-workers',
          replicas: 2,
          minReplicas: 2,
          maxReplicas: 2,
          template: pod('ray-worker'),
        },
      ],
    },
  },
};

const pyTorchJob = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata,
  spec: {
    elasticPolicy: { rdzvBackend: 'c10d', minReplicas: 1, maxReplicas: 2 },
    pytorchReplicaSpecs: {
      Worker: {
        replicas: 2,
        restartPolicy: 'OnFailure',
        template: pod('pytorch'),
      },
    },
  },
};

const rayService = {
  apiVersion: 'ray.io/v1',
  kind: 'RayService',
  metadata,
  spec: {
    serveConfigV2:
      'applications:\n  - name: llm\n    import_path: ray.serve.llm:build_openai_app\n',
    rayClusterConfig: { headGroupSpec: { template: pod('ray-head') } },
  },
};

const edit = (obj: object, change: (copy: any) => void) => {
  const copy = structuredClone(obj);
  change(copy);
  return customKindIssues(copy);
};

describe("the product's schemas of custom kinds", () => {
  it('accept valid objects of every kind they own', () => {
    for (const obj of [rayJob, pyTorchJob, rayService]) {
      expect(customKindIssues(obj)).toEqual([]);
    }
    expect(PRODUCT_CUSTOM_KINDS).toEqual(
      expect.arrayContaining([
        { apiVersion: 'ray.io/v1', kind: 'RayJob' },
        { apiVersion: 'ray.io/v1', kind: 'RayService' },
        { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob' },
      ]),
    );
  });

  it('are strict: an unknown or misspelt field is an Unknown issue at its Kubernetes path', () => {
    expect(edit(rayJob, o => (o.spec.entryPoint = 'x'))).toEqual([
      {
        field: 'spec.entryPoint',
        type: 'Unknown',
        message: 'field not declared in schema',
      },
    ]);
    expect(
      edit(
        rayJob,
        o => (o.spec.rayClusterSpec.workerGroupSpecs[0].minReplica = 1),
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.rayClusterSpec.workerGroupSpecs[0].minReplica',
        type: 'Unknown',
      }),
    ]);
  });

  it('type issues as the API server does: Required, NotSupported, Invalid', () => {
    expect(edit(rayJob, o => delete o.spec.entrypoint)).toEqual([
      { field: 'spec.entrypoint', type: 'Required', message: 'Required value' },
    ]);
    expect(
      edit(pyTorchJob, o => (o.spec.elasticPolicy.rdzvBackend = 'zookeeper')),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.elasticPolicy.rdzvBackend',
        type: 'NotSupported',
        value: 'zookeeper',
        supported: ['c10d', 'etcd', 'etcd-v2'],
      }),
    ]);
    expect(
      edit(
        rayJob,
        o => (o.spec.rayClusterSpec.workerGroupSpecs[0].maxReplicas = '2'),
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.rayClusterSpec.workerGroupSpecs[0].maxReplicas',
        type: 'Invalid',
        value: '2',
      }),
    ]);
  });

  it('hold the rules of the CRDs and the operators', () => {
    const problems = (obj: object, change: (copy: any) => void) => {
      const copy = structuredClone(obj);
      change(copy);
      return customKindProblems(copy);
    };
    expect(
      problems(
        rayJob,
        o => (o.spec.rayClusterSpec.workerGroupSpecs[0].replicas = 99),
      ),
    ).toEqual([
      'spec.rayClusterSpec.workerGroupSpecs[0]: minReplicas <= replicas <= maxReplicas',
    ]);
    expect(
      problems(
        pyTorchJob,
        o =>
          (o.spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].name =
            'main'),
      ),
    ).toEqual([expect.stringContaining('container named "pytorch"')]);
    expect(
      problems(
        pyTorchJob,
        o => (o.spec.pytorchReplicaSpecs.Worker.restartPolicy = 'Sometimes'),
      ),
    ).not.toEqual([]);
    expect(
      problems(rayService, o => (o.spec.serveConfigV2 = 'applications: []')),
    ).toEqual([
      expect.stringContaining('serveConfigV2 must be a Ray Serve config'),
    ]);
    expect(problems(rayJob, o => (o.metadata.name = 'Not_A_Name'))).toEqual([
      expect.stringMatching(/^metadata.name: /),
    ]);
  });

  it('leave kinds they do not own alone', () => {
    expect(
      customKindIssues({ apiVersion: 'apps/v1', kind: 'Deployment' }),
    ).toBeUndefined();
    expect(
      customKindProblems({ apiVersion: 'apps/v1', kind: 'Deployment' }),
    ).toEqual([]);
  });
});
