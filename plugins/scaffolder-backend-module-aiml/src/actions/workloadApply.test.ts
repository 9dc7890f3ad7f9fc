import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { createWorkloadApplyAction } from './workloadApply';
import { RENDER_DEFAULTS } from '../__testUtils__/renderDefaults';

const getBackendKubeConfig = jest.fn(async () => {
  throw new Error('the cluster must not be contacted');
});
const registry = {
  getCluster: (name: string) => {
    if (name !== 'ml-prod')
      throw new NotFoundError(`cluster "${name}" is not configured`);
    return { name: 'ml-prod', region: 'us-east-1' };
  },
  getBackendKubeConfig,
} as unknown as AimlClusterRegistry;
const managedNamespaces = jest.fn(async () => [
  'ml-research-inference',
  'ml-research-training',
]);
const teams = {
  teamsOf: async (ref: string) =>
    ref === 'user:default/maya' ? ['ml-research'] : [],
  managedNamespaces,
} as unknown as TeamDirectory;

const action = createWorkloadApplyAction({
  registry,
  teams,
  workloadRole: RENDER_DEFAULTS.workloadRole,
});
const workspace = createMockDirectory();
const service = `apiVersion: v1
kind: Service
metadata:
  name: chat
spec:
  selector: { app: chat }
  ports: [{ port: 8000 }]
`;
const input = {
  cluster: 'ml-prod',
  team: 'ml-research',
  namespace: 'ml-research-inference',
  component: 'chat',
  paths: ['manifests'],
};
const run = (changes: Partial<typeof input> = {}, user = 'user:default/maya') =>
  action.handler(
    createMockActionContext({
      input: { ...input, ...changes },
      user: { ref: user },
      workspacePath: workspace.path,
    }),
  );

/** The error a run fails with; the cluster must not have been contacted. */
const refusal = async (changes: Partial<typeof input> = {}, user?: string) => {
  jest.clearAllMocks();
  const error = await run(changes, user).then(
    () => new Error('expected a refusal'),
    e => e,
  );
  expect(getBackendKubeConfig).not.toHaveBeenCalled();
  return error;
};

describe('aiml:workload:apply refuses, before applying anything,', () => {
  beforeEach(() => {
    workspace.setContent({ 'manifests/service.yaml': service });
  });

  it('a user who is not in the team', async () => {
    expect(await refusal({}, 'user:default/omar')).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'user:default/omar is not a member of team "ml-research"',
      ),
    });
  });

  it('a cluster that is not configured', async () => {
    expect(await refusal({ cluster: 'other' })).toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('a namespace that is not one of the team’s managed namespaces', async () => {
    expect(await refusal({ namespace: 'legacy-experiments' })).toMatchObject({
      name: 'NotAllowedError',
      message:
        '"legacy-experiments" is not a namespace of team "ml-research" on cluster "ml-prod" (its namespaces there: ml-research-inference, ml-research-training); provision it first with aiml:namespace:provision',
    });
  });

  it('a path out of the workspace', async () => {
    expect(await refusal({ paths: ['../etc'] })).toMatchObject({
      name: 'InputError',
    });
    expect(managedNamespaces).not.toHaveBeenCalled();
  });

  it.each([
    [
      'an RBAC object',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: all }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin }\nsubjects: [{ kind: Group, name: everyone }]\n',
      /RBAC objects are never applied/,
    ],
    [
      'a Secret',
      'apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData: { token: x }\n',
      /Secrets are never applied/,
    ],
    [
      'a cluster-scoped kind',
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: mine }\n',
      /Namespace is cluster-scoped/,
    ],
    [
      'a privileged pod',
      'apiVersion: batch/v1\nkind: Job\nmetadata: { name: j }\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{ name: c, image: "x:1", securityContext: { privileged: true } }]\n',
      /privileged containers are refused/,
    ],
    [
      'a hostPath pod',
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: s }\nspec:\n  template:\n    spec:\n      volumes: [{ name: h, hostPath: { path: /var/run } }]\n      containers: [{ name: c, image: "x:1" }]\n',
      /hostPath volumes expose/,
    ],
    [
      'a hostNetwork pod',
      'apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata: { name: l }\nspec:\n  leaderWorkerTemplate:\n    workerTemplate:\n      spec:\n        hostNetwork: true\n        containers: [{ name: c, image: "x:1" }]\n',
      /hostNetwork: pods may not share/,
    ],
    [
      'an object of another namespace',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: recsys-inference }\n',
      /names namespace "recsys-inference"/,
    ],
  ])(
    '%s, with the valid objects beside it',
    async (_what, yamlText, message) => {
      workspace.setContent({
        'manifests/service.yaml': service,
        'manifests/zz.yaml': yamlText,
      });
      expect(await refusal()).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(message),
      });
      expect(managedNamespaces).not.toHaveBeenCalled();
    },
  );
});
