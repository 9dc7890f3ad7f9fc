import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';
import { renderWorkload } from './render';
import { checkManifests } from './applyPolicy';

const NS = 'ml-research-inference';
const TARGET = {
  namespace: NS,
  cluster: 'ml-sandbox-use1',
  team: 'ml-research',
  component: 'chat',
  accountId: '111122223333',
  workloadRoleName: 'eks-aiml-ml-research',
};
const doc = (object: unknown, source = 'manifests/x.yaml#1') => ({
  source,
  object,
});
const rendered = renderWorkload({
  team: 'ml-research',
  component: 'chat',
  workload: 'vllm',
  instanceType: 'g5.12xlarge',
  acceleratorCount: 4,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  huggingFaceTokenSecret: 'hf-token',
  ...RENDER_DEFAULTS,
}).objects;
const ofKind = (kind: string) => rendered.find(o => o.kind === kind) as any;
const deployment = ofKind('Deployment');

const refusal = (objects: unknown[]) => {
  try {
    checkManifests(
      objects.map(o => doc(o)),
      TARGET,
    );
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
};

describe('checkManifests', () => {
  it('accepts rendered manifests, applying ConfigMaps and Services before workloads and autoscalers last', () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'chat-config' },
      data: { hostPath: '/not/a/volume' },
    };
    const { objects } = checkManifests(
      [...rendered]
        .reverse()
        .concat([configMap as any])
        .map(o => doc(o)),
      TARGET,
    );
    expect(objects.map(o => o.kind)).toEqual([
      'ServiceAccount',
      'Bucket',
      'Repository',
      'PodIdentityAssociation',
      'ConfigMap',
      'Service',
      'Deployment',
      'PodMonitor',
      'ScaledObject',
    ]);
    expect(objects.every(o => o.metadata.namespace === NS)).toBe(true);
  });

  it("refuses a ScaledObject that would use the cluster's KEDA credentials", () => {
    const scaler = structuredClone(ofKind('ScaledObject'));
    scaler.spec.triggers[0].authenticationRef = {
      name: 'platform-prometheus',
      kind: 'ClusterTriggerAuthentication',
    };
    expect(refusal([scaler]).message).toMatch(
      /spec.triggers\[0\].authenticationRef: a ClusterTriggerAuthentication holds cluster-wide credentials/,
    );
  });

  it('fills in the namespace without changing the documents it read', () => {
    const noNamespace = { ...deployment, metadata: { name: 'chat' } };
    expect(
      checkManifests([doc(noNamespace)], TARGET).objects[0].metadata.namespace,
    ).toBe(NS);
    expect(noNamespace.metadata).toEqual({ name: 'chat' });
  });

  it.each([
    [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'x' },
      },
      /RBAC objects are never applied/,
    ],
    [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'x' },
      },
      /RBAC objects are never applied/,
    ],
    [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: {} },
      /Secrets are never applied from a repository/,
    ],
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } },
      /Namespace is cluster-scoped/,
    ],
    [
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'x' },
        spec: {},
      },
      /NodePool is cluster-scoped/,
    ],
    [
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' } },
      /DaemonSet in apps\/v1 is not applied; allowed: ServiceAccount \(v1\), ConfigMap \(v1\)/,
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'chat-deployer' },
      },
      /the project's pods run only as chat-workload or chat-ray-autoscaler \(the Ray head with autoscaling\), so no other ServiceAccount is applied/,
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'other-workload' },
      },
      /no other ServiceAccount is applied/,
    ],
    [
      {
        apiVersion: 'iam.services.k8s.aws/v1alpha1',
        kind: 'Role',
        metadata: { name: 'x' },
        spec: {},
      },
      /Role in iam.services.k8s.aws\/v1alpha1 is not applied/,
    ],
  ])('refuses %o', (object, message) => {
    const e = refusal([object]);
    expect(e.name).toBe('NotAllowedError');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^Refused; nothing was applied/);
  });

  it.each<[string, (d: any) => void, RegExp]>([
    [
      'a privileged container',
      d =>
        (d.spec.template.spec.containers[0].securityContext.privileged = true),
      /securityContext.privileged: privileged containers are refused/,
    ],
    [
      'a hostPath volume',
      d =>
        d.spec.template.spec.volumes.push({
          name: 'h',
          hostPath: { path: '/' },
        }),
      /volumes\[\d\].hostPath: hostPath volumes expose/,
    ],
    [
      'hostNetwork',
      d => (d.spec.template.spec.hostNetwork = true),
      /spec.template.spec.hostNetwork: pods may not share the node's namespaces/,
    ],
    ['hostPID', d => (d.spec.template.spec.hostPID = true), /hostPID/],
    [
      'a host port',
      d => (d.spec.template.spec.containers[0].ports[0].hostPort = 8000),
      /host ports are refused/,
    ],
    [
      'a deployer ServiceAccount',
      d => (d.spec.template.spec.serviceAccountName = 'chat-deployer'),
      /spec.template.spec.serviceAccountName "chat-deployer": pods run only as the project's workload ServiceAccount "chat-workload"/,
    ],
    [
      "another project's workload ServiceAccount",
      d => (d.spec.template.spec.serviceAccountName = 'other-workload'),
      /serviceAccountName "other-workload": pods run only as the project's workload ServiceAccount "chat-workload"/,
    ],
    [
      'the deprecated alias serviceAccount naming another identity',
      d => {
        delete d.spec.template.spec.serviceAccountName;
        d.spec.template.spec.serviceAccount = 'chat-deployer';
      },
      /spec.template.spec.serviceAccount "chat-deployer": pods run only as/,
    ],
    [
      'the alias disagreeing with serviceAccountName',
      d => (d.spec.template.spec.serviceAccount = 'default'),
      /spec.template.spec: serviceAccountName "chat-workload" and its deprecated alias serviceAccount "default" disagree; set serviceAccountName only/,
    ],
    [
      'no ServiceAccount at all (the API server would fill in default)',
      d => delete d.spec.template.spec.serviceAccountName,
      /spec.template.spec: names no ServiceAccount, so the pods would run as "default"; set serviceAccountName: chat-workload/,
    ],
    [
      'an empty serviceAccountName',
      d => (d.spec.template.spec.serviceAccountName = ''),
      /names no ServiceAccount, so the pods would run as "default"/,
    ],
    [
      'the Ray autoscaler identity outside a Ray head',
      d => (d.spec.template.spec.serviceAccountName = 'chat-ray-autoscaler'),
      /"chat-ray-autoscaler" is for the Ray head only; other pods run as "chat-workload"/,
    ],
    [
      'another namespace',
      d => (d.metadata.namespace = 'recsys-inference'),
      /it names namespace "recsys-inference"; this step applies to "ml-research-inference" only/,
    ],
  ])('refuses a Deployment with %s', (_what, change, message) => {
    const d = structuredClone(deployment);
    change(d);
    const e = refusal([d]);
    expect(e.name).toBe('NotAllowedError');
    expect(e.message).toMatch(message);
  });

  it.each<[string, string, (o: any) => void, RegExp]>([
    [
      'a Bucket adopting an existing bucket',
      'Bucket',
      o =>
        (o.metadata.annotations['services.k8s.aws/adoption-policy'] = 'adopt'),
      /services.k8s.aws\/adoption-policy: ACK objects may only set services.k8s.aws\/region and services.k8s.aws\/deletion-policy/,
    ],
    [
      'a Repository in another account',
      'Repository',
      o =>
        (o.metadata.annotations['services.k8s.aws/owner-account-id'] =
          '444455556666'),
      /owner-account-id: ACK objects may only set/,
    ],
    [
      'an association on another cluster',
      'PodIdentityAssociation',
      o => (o.spec.clusterName = 'ml-prod-use1'),
      /spec.clusterName "ml-prod-use1": associations are made on the cluster this step applies to \("ml-sandbox-use1"\)/,
    ],
    [
      'an association in another namespace',
      'PodIdentityAssociation',
      o => (o.spec.namespace = 'recsys-inference'),
      /spec.namespace "recsys-inference": associations are for ServiceAccounts of "ml-research-inference" only/,
    ],
    [
      "another team's role",
      'PodIdentityAssociation',
      o => (o.spec.roleARN = 'arn:aws:iam::111122223333:role/eks-aiml-recsys'),
      /team "ml-research" gets its own workload role \(arn:aws:iam::111122223333:role\/eks-aiml-ml-research\) and no other/,
    ],
    [
      'a role by reference',
      'PodIdentityAssociation',
      o => (o.spec.targetRoleARN = 'arn:aws:iam::444455556666:role/admin'),
      /spec.targetRoleARN: name the role and cluster by roleARN and clusterName only/,
    ],
    [
      'a role for another ServiceAccount',
      'PodIdentityAssociation',
      o => (o.spec.serviceAccount = 'chat-deployer'),
      /spec.serviceAccount "chat-deployer": the team's role goes to the project's workload ServiceAccount \(chat-workload\) only/,
    ],
    [
      'a role for the Ray autoscaler',
      'PodIdentityAssociation',
      o => (o.spec.serviceAccount = 'chat-ray-autoscaler'),
      /the team's role goes to the project's workload ServiceAccount/,
    ],
  ])('refuses %s', (_what, kind, change, message) => {
    const o = structuredClone(ofKind(kind));
    change(o);
    const e = refusal([o]);
    expect(e.name).toBe('NotAllowedError');
    expect(e.message).toMatch(message);
  });

  it("holds associations to the configured role pattern's role, not the default's", () => {
    const association = ofKind('PodIdentityAssociation');
    expect(() =>
      checkManifests([doc(association)], {
        ...TARGET,
        workloadRoleName: 'ml/ml-research-pods',
      }),
    ).toThrow(
      /gets its own workload role \(arn:aws:iam::111122223333:role\/ml\/ml-research-pods\) and no other/,
    );
    const configured = structuredClone(association);
    configured.spec.roleARN =
      'arn:aws:iam::111122223333:role/ml/ml-research-pods';
    expect(
      checkManifests([doc(configured)], {
        ...TARGET,
        workloadRoleName: 'ml/ml-research-pods',
      }).objects,
    ).toHaveLength(1);
  });

  it('refuses every association when the cluster has no account configured', () => {
    expect(() =>
      checkManifests([doc(ofKind('PodIdentityAssociation'))], {
        ...TARGET,
        accountId: undefined,
      }),
    ).toThrow(
      /has no accountId in aiml.clusters, so the team's role cannot be checked/,
    );
  });

  it('accepts the alias serviceAccount alone, or equal to serviceAccountName', () => {
    const alias = structuredClone(deployment);
    delete alias.spec.template.spec.serviceAccountName;
    alias.spec.template.spec.serviceAccount = 'chat-workload';
    expect(checkManifests([doc(alias)], TARGET).objects).toHaveLength(1);
    const both = structuredClone(deployment);
    both.spec.template.spec.serviceAccount = 'chat-workload';
    expect(checkManifests([doc(both)], TARGET).objects).toHaveLength(1);
  });

  describe('Ray heads', () => {
    const pod = (serviceAccountName?: string) => ({
      spec: {
        ...(serviceAccountName !== undefined ? { serviceAccountName } : {}),
        containers: [{ name: 'ray', image: 'rayproject/ray:2.49.0' }],
      },
    });
    const cluster = (head?: string, autoscaling?: boolean) => ({
      ...(autoscaling !== undefined
        ? { enableInTreeAutoscaling: autoscaling }
        : {}),
      headGroupSpec: { rayStartParams: {}, template: pod(head) },
      workerGroupSpecs: [
        { groupName: 'w', rayStartParams: {}, template: pod('chat-workload') },
      ],
    });
    const ray = {
      RayCluster: (c: object) => ({ spec: c }),
      RayService: (c: object) => ({ spec: { rayClusterConfig: c } }),
      RayJob: (c: object) => ({
        spec: {
          entrypoint: 'python -m src.main',
          rayClusterSpec: c,
          submitterPodTemplate: pod('chat-workload'),
        },
      }),
    };
    const object = (kind: keyof typeof ray, c: object) => ({
      apiVersion: 'ray.io/v1',
      kind,
      metadata: { name: 'chat' },
      ...ray[kind](c),
    });
    const kinds = Object.keys(ray) as Array<keyof typeof ray>;

    it.each(kinds)(
      '%s: with in-tree autoscaling the head runs as <component>-ray-autoscaler, and only the head',
      kind => {
        expect(
          checkManifests(
            [doc(object(kind, cluster('chat-ray-autoscaler', true)))],
            TARGET,
          ).objects,
        ).toHaveLength(1);
        const workerAsAutoscaler = cluster('chat-ray-autoscaler', true);
        workerAsAutoscaler.workerGroupSpecs[0].template = pod(
          'chat-ray-autoscaler',
        );
        expect(refusal([object(kind, workerAsAutoscaler)]).message).toMatch(
          /workerGroupSpecs\[0\].template.spec.serviceAccountName "chat-ray-autoscaler": "chat-ray-autoscaler" is for the Ray head only/,
        );
      },
    );

    it.each(kinds)(
      '%s: with in-tree autoscaling a head running as the workload ServiceAccount is refused (KubeRay would bind the autoscaler Role to it)',
      kind => {
        expect(
          refusal([object(kind, cluster('chat-workload', true))]).message,
        ).toMatch(
          /headGroupSpec.template.spec.serviceAccountName "chat-workload": the head of a Ray cluster with enableInTreeAutoscaling runs as "chat-ray-autoscaler", the ServiceAccount KubeRay binds the autoscaler's Role to/,
        );
        expect(
          refusal([object(kind, cluster(undefined, true))]).message,
        ).toMatch(
          /headGroupSpec.template.spec: names no ServiceAccount, so the pods would run as "default"; set serviceAccountName: chat-ray-autoscaler/,
        );
      },
    );

    it.each(kinds)(
      '%s: without autoscaling the head runs as the workload ServiceAccount',
      kind => {
        for (const autoscaling of [undefined, false]) {
          expect(
            checkManifests(
              [doc(object(kind, cluster('chat-workload', autoscaling)))],
              TARGET,
            ).objects,
          ).toHaveLength(1);
          expect(
            refusal([object(kind, cluster('chat-ray-autoscaler', autoscaling))])
              .message,
          ).toMatch(
            /"chat-ray-autoscaler" is for a Ray head with enableInTreeAutoscaling: true only; without it the head runs as "chat-workload"/,
          );
        }
      },
    );

    it('checks the RayJob submitter pod too', () => {
      const job = object('RayJob', cluster('chat-workload')) as any;
      job.spec.submitterPodTemplate = pod('default');
      expect(refusal([job]).message).toMatch(
        /spec.submitterPodTemplate.spec.serviceAccountName "default": pods run only as/,
      );
    });
  });

  it('accepts every rendered workload, the RayService with its autoscaler identity among them', () => {
    const rayService = renderWorkload({
      team: 'ml-research',
      component: 'chat',
      workload: 'ray-service',
      instanceType: 'g5.12xlarge',
      acceleratorCount: 1,
      replicas: 1,
      maxReplicas: 3,
      model: 'meta-llama/Llama-3.2-1B-Instruct',
      huggingFaceTokenSecret: 'hf-token',
      ...RENDER_DEFAULTS,
    }).objects;
    const { objects } = checkManifests(
      rayService.map(o => doc(o)),
      TARGET,
    );
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/chat-workload',
      'ServiceAccount/chat-ray-autoscaler',
      'Bucket/chat',
      'Repository/chat',
      'PodIdentityAssociation/chat',
      'RayService/chat',
    ]);
  });

  it('finds privilege in any pod template of a custom kind, and lists every problem at once', () => {
    const rayJob = {
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      metadata: { name: 'r' },
      spec: {
        rayClusterSpec: {
          headGroupSpec: {
            template: { spec: { hostIPC: true, containers: [] } },
          },
          workerGroupSpecs: [
            {
              template: {
                spec: {
                  containers: [
                    { name: 'w', securityContext: { privileged: true } },
                  ],
                },
              },
            },
          ],
        },
      },
    };
    const e = refusal([
      rayJob,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
    ]);
    expect(e.message).toContain(
      'spec.rayClusterSpec.headGroupSpec.template.spec.hostIPC',
    );
    expect(e.message).toContain(
      'workerGroupSpecs[0].template.spec.containers[0].securityContext.privileged',
    );
    expect(e.message).toContain('Secrets are never applied');
  });

  it('refuses malformed documents and duplicates as bad input', () => {
    for (const bad of [
      ['a', 'list'],
      { kind: 'Service' },
      { apiVersion: 'v1', kind: 'Service', metadata: {} },
    ]) {
      const e = refusal([bad]);
      expect(e.name).toBe('InputError');
      expect(e.message).toMatch(
        /not a Kubernetes object with apiVersion, kind and metadata.name/,
      );
    }
    expect(refusal([deployment, deployment]).message).toMatch(
      /Deployment ml-research-inference\/chat appears twice/,
    );
    expect(() => checkManifests([], TARGET)).toThrow(/hold no object/);
  });
});
