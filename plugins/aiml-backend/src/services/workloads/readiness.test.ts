import {
  containerImages,
  missingAssociation,
  parseEcrImage,
} from './readiness';

const association = (conditions?: unknown[]) => ({
  apiVersion: 'eks.services.k8s.aws/v1alpha1',
  kind: 'PodIdentityAssociation',
  metadata: { name: 'llama', namespace: 'ml-research-training' },
  spec: { serviceAccount: 'llama-workload' },
  ...(conditions ? { status: { conditions } } : {}),
});

describe('readiness of a held workload', () => {
  it('reads ECR image references (tag, digest, latest by default) and nothing else', () => {
    expect(
      parseEcrImage(
        '111122223333.dkr.ecr.us-east-1.amazonaws.com/ml-research/llama:latest',
      ),
    ).toMatchObject({
      registryId: '111122223333',
      region: 'us-east-1',
      repository: 'ml-research/llama',
      tag: 'latest',
    });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(
      parseEcrImage(
        `111122223333.dkr.ecr.us-west-2.amazonaws.com/ml-research/llama@${digest}`,
      ),
    ).toMatchObject({ digest, tag: undefined, region: 'us-west-2' });
    expect(
      parseEcrImage('111122223333.dkr.ecr.us-east-1.amazonaws.com/a/b'),
    ).toMatchObject({ tag: 'latest' });
    expect(parseEcrImage('vllm/vllm-openai:v0.8.5')).toBeUndefined();
    expect(
      parseEcrImage('public.ecr.aws/neuron/pytorch-training-neuronx:2.5.1'),
    ).toBeUndefined();
  });

  it('finds the images of every pod template and init container of a kind', () => {
    expect(
      containerImages({
        rayClusterSpec: {
          headGroupSpec: {
            template: { spec: { containers: [{ name: 'h', image: 'a:1' }] } },
          },
          workerGroupSpecs: [
            {
              template: {
                spec: {
                  initContainers: [{ image: 'b:1' }],
                  containers: [{ image: 'c:1' }],
                },
              },
            },
          ],
        },
        submitterPodTemplate: { spec: { containers: [{ image: 'd:1' }] } },
      }).sort(),
    ).toEqual(['a:1', 'b:1', 'c:1', 'd:1']);
  });

  it("waits for the project's association until ACK reports it synced, and says why", () => {
    const missing = (conditions?: unknown[]) =>
      missingAssociation('llama', 'ml-research-training', [
        association(conditions),
      ]).map(m => m.message);
    expect(missing()).toEqual([
      expect.stringMatching(/not active: ACK has not reported it synced yet/),
    ]);
    expect(
      missing([
        { type: 'ACK.ResourceSynced', status: 'False' },
        {
          type: 'ACK.Terminal',
          status: 'True',
          message: 'InvalidParameterException: role not found',
        },
      ]),
    ).toEqual([
      expect.stringMatching(
        /ACK cannot create it: InvalidParameterException: role not found/,
      ),
    ]);
    expect(missing([{ type: 'ACK.ResourceSynced', status: 'True' }])).toEqual(
      [],
    );
    expect(
      missingAssociation('llama', 'ml-research-training', []).map(
        m => m.prerequisite,
      ),
    ).toEqual(['pod-identity']);
  });
});
