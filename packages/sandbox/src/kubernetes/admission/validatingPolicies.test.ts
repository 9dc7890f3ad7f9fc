import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  failure,
  startTestCluster,
  TestCluster,
} from '../__testUtils__/testCluster';
import { compileCelExpression } from '.';

let cluster: TestCluster;
let core: CoreV1Api;
let admission: AdmissionregistrationV1Api;

/** Team namespaces carry `aiml.eks.aws/team`; `kube-system` does not. */
beforeEach(async () => {
  cluster = await startTestCluster([
    { name: 'team-a', labels: { 'aiml.eks.aws/team': 'a' } },
    'kube-system',
  ]);
  core = cluster.kubeConfig().makeApiClient(CoreV1Api);
  admission = cluster.kubeConfig().makeApiClient(AdmissionregistrationV1Api);
});

afterEach(() => cluster.close());

/** A policy: ServiceAccounts in team namespaces must not be named `aiml-*`. */
async function createNoBrokerNamesPolicy(extra: Record<string, unknown> = {}) {
  await admission.createValidatingAdmissionPolicy({
    body: {
      metadata: { name: 'no-broker-names' },
      spec: {
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['serviceaccounts'],
            },
          ],
          namespaceSelector: {
            matchExpressions: [
              { key: 'aiml.eks.aws/team', operator: 'Exists' },
            ],
          },
        },
        validations: [
          {
            expression: "!object.metadata.name.startsWith('aiml-')",
            message: 'names starting with aiml- are reserved',
          },
        ],
        ...extra,
      },
    },
  });
  await admission.createValidatingAdmissionPolicyBinding({
    body: {
      metadata: { name: 'no-broker-names-binding' },
      spec: { policyName: 'no-broker-names', validationActions: ['Deny'] },
    },
  });
}

describe('ValidatingAdmissionPolicy', () => {
  it('is served by discovery, defaulted and listed like other kinds', async () => {
    await createNoBrokerNamesPolicy();
    const policy = await admission.readValidatingAdmissionPolicy({
      name: 'no-broker-names',
    });
    expect(policy.spec?.failurePolicy).toBe('Fail');
    expect(policy.spec?.matchConstraints?.matchPolicy).toBe('Equivalent');
    const list = await admission.listValidatingAdmissionPolicyBinding();
    expect(list.items.map(b => b.metadata?.name)).toEqual([
      'no-broker-names-binding',
    ]);
  });

  it('denies a matching create with the real API server Status', async () => {
    await createNoBrokerNamesPolicy();
    const denied = await failure(
      core.createNamespacedServiceAccount({
        namespace: 'team-a',
        body: { metadata: { name: 'aiml-grant-1' } },
      }),
    );
    const message =
      "ValidatingAdmissionPolicy 'no-broker-names' with binding 'no-broker-names-binding' denied request: names starting with aiml- are reserved";
    expect(denied.code).toBe(422);
    expect(denied.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `serviceaccounts "aiml-grant-1" is forbidden: ${message}`,
      reason: 'Invalid',
      details: {
        name: 'aiml-grant-1',
        kind: 'serviceaccounts',
        causes: [{ message }],
      },
      code: 422,
    });
    // Other names pass, and namespaces the selector leaves out are not checked.
    await core.createNamespacedServiceAccount({
      namespace: 'team-a',
      body: { metadata: { name: 'worker' } },
    });
    await core.createNamespacedServiceAccount({
      namespace: 'kube-system',
      body: { metadata: { name: 'aiml-grant-1' } },
    });
  });

  it('checks patch, update and server-side apply results, with oldObject and request', async () => {
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name: 'keep-owner' },
        spec: {
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ['*'],
                apiVersions: ['*'],
                operations: ['*'],
                resources: ['configmaps'],
              },
            ],
          },
          variables: [
            {
              name: 'owner',
              expression:
                "has(object.metadata.labels) && 'owner' in object.metadata.labels ? object.metadata.labels['owner'] : ''",
            },
          ],
          validations: [
            {
              expression:
                "oldObject == null || variables.owner == oldObject.metadata.labels['owner']",
              messageExpression:
                "'owner cannot change from ' + oldObject.metadata.labels['owner'] + ' (by ' + request.userInfo.username + ', ' + request.operation + ')'",
              reason: 'Forbidden',
            },
          ],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({
      body: {
        metadata: { name: 'keep-owner' },
        spec: { policyName: 'keep-owner', validationActions: ['Deny'] },
      },
    });
    await core.createNamespacedConfigMap({
      namespace: 'team-a',
      body: { metadata: { name: 'cm', labels: { owner: 'a' } } },
    });
    const expected = {
      code: 403,
      body: expect.objectContaining({
        reason: 'Forbidden',
        message:
          "configmaps \"cm\" is forbidden: ValidatingAdmissionPolicy 'keep-owner' with binding 'keep-owner' denied request: owner cannot change from a (by kubernetes-admin, UPDATE)",
      }),
    };
    expect(
      await failure(
        core.patchNamespacedConfigMap(
          {
            name: 'cm',
            namespace: 'team-a',
            body: { metadata: { labels: { owner: 'b' } } },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
      ),
    ).toEqual(expected);
    expect(
      await failure(
        core.replaceNamespacedConfigMap({
          name: 'cm',
          namespace: 'team-a',
          body: { metadata: { name: 'cm', labels: { owner: 'c' } } },
        }),
      ),
    ).toEqual(expected);
    const objects = KubernetesObjectApi.makeApiClient(cluster.kubeConfig());
    expect(
      await failure(
        objects.patch(
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: 'cm',
              namespace: 'team-a',
              labels: { owner: 'd' },
            },
          },
          undefined,
          undefined,
          'tester',
          true,
          PatchStrategy.ServerSideApply,
        ),
      ),
    ).toEqual(expected);
    // A write that keeps the owner passes.
    await core.patchNamespacedConfigMap(
      {
        name: 'cm',
        namespace: 'team-a',
        body: { data: { k: 'v' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  });

  it('applies matchConditions, namespaceObject and the binding namespaceSelector', async () => {
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name: 'pods-need-team' },
        spec: {
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: [''],
                apiVersions: ['v1'],
                operations: ['CREATE'],
                resources: ['pods'],
              },
            ],
          },
          matchConditions: [
            {
              name: 'not-system',
              expression: "!request.namespace.startsWith('kube-')",
            },
          ],
          validations: [
            {
              expression:
                "has(object.metadata.labels) && object.metadata.labels['team'] == namespaceObject.metadata.labels['aiml.eks.aws/team']",
            },
          ],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({
      body: {
        metadata: { name: 'pods-need-team-everywhere' },
        spec: {
          policyName: 'pods-need-team',
          validationActions: ['Deny'],
          matchResources: { namespaceSelector: {} },
        },
      },
    });
    const pod = (namespace: string, labels?: Record<string, string>) =>
      core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name: 'p', ...(labels ? { labels } : {}) },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      });
    const denied = await failure(pod('team-a'));
    expect(denied.code).toBe(422);
    expect(denied.body.message).toBe(
      "pods \"p\" is forbidden: ValidatingAdmissionPolicy 'pods-need-team' with binding 'pods-need-team-everywhere' denied request: failed expression: has(object.metadata.labels) && object.metadata.labels['team'] == namespaceObject.metadata.labels['aiml.eks.aws/team']",
    );
    await pod('team-a', { team: 'a' });
    // The match condition leaves kube-* namespaces alone.
    await pod('kube-system');
  });

  it('fails closed on evaluation errors unless failurePolicy is Ignore', async () => {
    await createNoBrokerNamesPolicy({
      validations: [{ expression: 'object.spec.nothing == 1' }],
    });
    const denied = await failure(
      core.createNamespacedServiceAccount({
        namespace: 'team-a',
        body: { metadata: { name: 'x' } },
      }),
    );
    expect(denied.code).toBe(422);
    expect(denied.body.message).toMatch(
      /^serviceaccounts "x" is forbidden: ValidatingAdmissionPolicy 'no-broker-names' with binding 'no-broker-names-binding' denied request: expression 'object.spec.nothing == 1' resulted in error: /,
    );
    await admission.patchValidatingAdmissionPolicy(
      { name: 'no-broker-names', body: { spec: { failurePolicy: 'Ignore' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await core.createNamespacedServiceAccount({
      namespace: 'team-a',
      body: { metadata: { name: 'x' } },
    });
  });

  it('refuses policies whose expressions do not compile, and paramKind', async () => {
    const bad = await failure(
      admission.createValidatingAdmissionPolicy({
        body: {
          metadata: { name: 'broken' },
          spec: {
            matchConstraints: {
              resourceRules: [
                {
                  apiGroups: [''],
                  apiVersions: ['v1'],
                  operations: ['CREATE'],
                  resources: ['pods'],
                },
              ],
            },
            validations: [{ expression: 'object.metadata.(' }],
          },
        },
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.message).toMatch(
      /^ValidatingAdmissionPolicy\.admissionregistration\.k8s\.io "broken" is invalid: spec\.validations\[0\]\.expression: Invalid value: "object\.metadata\.\(": compilation failed: ERROR: <input>:1:\d+: /,
    );
    const params = await failure(
      admission.createValidatingAdmissionPolicy({
        body: {
          metadata: { name: 'with-params' },
          spec: {
            paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
            matchConstraints: {
              resourceRules: [
                {
                  apiGroups: [''],
                  apiVersions: ['v1'],
                  operations: ['CREATE'],
                  resources: ['pods'],
                },
              ],
            },
            validations: [{ expression: 'true' }],
          },
        },
      }),
    );
    expect(params.code).toBe(422);
    expect(params.body.message).toContain('spec.paramKind: Forbidden');
  });
});

describe('compileCelExpression', () => {
  it('compiles what Kubernetes CEL accepts and reports what it cannot', () => {
    for (const expr of [
      "object.spec.containers.all(c, c.image.startsWith('public.ecr.aws/'))",
      "request.userInfo.groups.exists(g, g == 'system:masters')",
      "has(object.spec.serviceAccountName) && object.metadata.name.matches('^[a-z-]+$')",
      "object.metadata.name.endsWith('-reader') || variables.isAdmin",
      'object.?spec.?replicas.orValue(1) <= 10',
    ]) {
      expect(compileCelExpression(expr)).toMatchObject({ ok: true });
    }
    expect(compileCelExpression('object.(')).toMatchObject({ ok: false });
    expect(compileCelExpression('nosuchvariable == 1')).toMatchObject({
      ok: false,
    });
    // A Kubernetes CEL library the engine lacks is a compile error, not a silent pass.
    expect(
      compileCelExpression("quantity('1Gi').isGreaterThan(quantity('1'))"),
    ).toMatchObject({
      ok: false,
    });
  });
});
