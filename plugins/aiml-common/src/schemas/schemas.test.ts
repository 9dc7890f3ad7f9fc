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

const rayCluster = {
  apiVersion: 'ray.io/v1',
  kind: 'RayCluster',
  metadata,
  spec: rayJob.spec.rayClusterSpec,
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

const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' },
  ],
});

const bucket = {
  apiVersion: 's3.services.k8s.aws/v1alpha1',
  kind: 'Bucket',
  metadata: {
    ...metadata,
    annotations: { 'services.k8s.aws/region': 'us-east-1' },
  },
  spec: {
    name: 'llama-111122223333',
    tagging: { tagSet: [{ key: 'team', value: 'ml-research' }] },
    publicAccessBlock: {
      blockPublicACLs: true,
      blockPublicPolicy: true,
      ignorePublicACLs: true,
      restrictPublicBuckets: true,
    },
    lifecycle: {
      rules: [
        {
          id: 'abort-incomplete-uploads',
          status: 'Enabled',
          filter: {},
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    policy,
  },
};

const repository = {
  apiVersion: 'ecr.services.k8s.aws/v1alpha1',
  kind: 'Repository',
  metadata,
  spec: {
    name: 'ml-research/llama',
    imageScanningConfiguration: { scanOnPush: true },
    lifecyclePolicy: JSON.stringify({ rules: [] }),
    tags: [{ key: 'team', value: 'ml-research' }],
  },
};

const podIdentity = {
  apiVersion: 'eks.services.k8s.aws/v1alpha1',
  kind: 'PodIdentityAssociation',
  metadata,
  spec: {
    clusterName: 'ml-prod-use1',
    namespace: 'ml-research-training',
    serviceAccount: 'llama-workload',
    roleARN: 'arn:aws:iam::111122223333:role/eks-aiml-ml-research',
    tags: { team: 'ml-research' },
  },
};

const edit = (obj: object, change: (copy: any) => void) => {
  const copy = structuredClone(obj);
  change(copy);
  return customKindIssues(copy);
};

describe("the product's schemas of custom kinds", () => {
  it('accept valid objects of every kind they own', () => {
    for (const obj of [
      rayJob,
      rayCluster,
      pyTorchJob,
      rayService,
      bucket,
      repository,
      podIdentity,
    ]) {
      expect(customKindIssues(obj)).toEqual([]);
    }
    expect(PRODUCT_CUSTOM_KINDS).toEqual(
      expect.arrayContaining([
        { apiVersion: 'ray.io/v1', kind: 'RayJob' },
        { apiVersion: 'ray.io/v1', kind: 'RayCluster' },
        { apiVersion: 'ray.io/v1', kind: 'RayService' },
        { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob' },
        { apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket' },
        { apiVersion: 'ecr.services.k8s.aws/v1alpha1', kind: 'Repository' },
        {
          apiVersion: 'eks.services.k8s.aws/v1alpha1',
          kind: 'PodIdentityAssociation',
        },
      ]),
    );
  });

  it('are strict: an unknown or misspelt field is an Unknown issue at its Kubernetes path', () => {
    expect(edit(rayJob, o => (o.spec.entryPoint = 'x'))).toEqual([
      {
        field: 'spec.entryPoint',
        path: ['spec', 'entryPoint'],
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
      {
        field: 'spec.entrypoint',
        path: ['spec', 'entrypoint'],
        type: 'Required',
        message: 'Required value',
      },
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

  it('hold the rules of AWS for the ACK kinds', () => {
    const fields = (obj: object, change: (copy: any) => void) =>
      edit(obj, change)!.map(i => i.field);
    expect(fields(bucket, o => (o.spec.name = 'Llama_Checkpoints'))).toEqual([
      'spec.name',
    ]);
    expect(fields(bucket, o => (o.spec.name = 'xn--llama'))).toEqual([
      'spec.name',
    ]);
    expect(fields(bucket, o => (o.spec.policy = '{"Statement": []}'))).toEqual([
      'spec.policy',
    ]);
    expect(fields(bucket, o => (o.spec.acl = 'public-read'))).toEqual([
      'spec.acl',
    ]);
    expect(fields(repository, o => (o.spec.name = 'ML/Llama'))).toEqual([
      'spec.name',
    ]);
    expect(
      fields(repository, o => (o.spec.imageTagMutability = 'SOMETIMES')),
    ).toEqual(['spec.imageTagMutability']);
    // Associations name their role by ARN: no references to other objects, no role chaining.
    expect(
      fields(podIdentity, o => {
        delete o.spec.roleARN;
        o.spec.roleRef = { from: { name: 'admin' } };
        o.spec.targetRoleARN = 'arn:aws:iam::444455556666:role/admin';
      }),
    ).toEqual(['spec.roleARN', 'spec.roleRef', 'spec.targetRoleARN']);
    expect(
      fields(
        podIdentity,
        o => (o.spec.roleARN = 'arn:aws:sts::111122223333:assumed-role/x/y'),
      ),
    ).toEqual(['spec.roleARN']);
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
