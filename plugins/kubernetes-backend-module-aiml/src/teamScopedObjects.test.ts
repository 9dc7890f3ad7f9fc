import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  ClusterDetails,
  KubernetesFetcher,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';
import { PortalReaderTokens } from './portalReaderTokens';
import {
  readKubernetesTabConfig,
  TeamScopedObjectsProvider,
} from './teamScopedObjects';

const clusters: ClusterDetails[] = ['use1', 'usw2'].map(name => ({
  name,
  url: `https://${name}.example`,
  authMetadata: {},
}));

const TEAMS: Record<string, string[]> = {
  'user:default/maya': ['ml-research'],
  'user:default/omar': ['recsys'],
  'user:default/fatima': ['finops'],
  'user:default/alex': ['platform-admins'],
};

const NAMESPACES: Record<string, string[]> = {
  'use1/ml-research': ['ml-research-inference', 'ml-research-training'],
  'usw2/ml-research': ['ml-research-training'],
  'use1/recsys': ['recsys'],
};

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
  };
}

function setup(
  options: {
    allowedCustomResources?: any[];
    allowedLabelSelectors?: string[];
    serviceAccess?: any[];
  } = {},
) {
  const calls: ObjectFetchParams[] = [];
  const fetcher: KubernetesFetcher = {
    async fetchObjectsForService(params) {
      calls.push(params);
      return {
        errors: [],
        responses: [
          {
            type: 'pods',
            resources: [
              {
                metadata: {
                  name: `${params.serviceId}-0`,
                  namespace: params.namespace,
                },
              },
            ],
          } as any,
        ],
      };
    },
    async fetchPodMetricsByNamespaces() {
      throw new Error('no metrics');
    },
  };
  const config = mockServices.rootConfig({
    data: {
      aiml: {
        kubernetes: {
          allowedCustomResources: options.allowedCustomResources,
          allowedLabelSelectors: options.allowedLabelSelectors,
        },
        serviceAccess: options.serviceAccess,
      },
    },
  });
  const provider = new TeamScopedObjectsProvider({
    logger: mockServices.logger.mock(),
    serviceLocator: { getClustersByEntity: async () => ({ clusters }) },
    fetcher,
    objectTypesToFetch: [
      { group: '', apiVersion: 'v1', plural: 'pods', objectType: 'pods' },
      { group: '', apiVersion: 'v1', plural: 'secrets', objectType: 'secrets' },
    ],
    customResources: [
      {
        group: 'ray.io',
        apiVersion: 'v1',
        plural: 'rayjobs',
        objectType: 'customresources',
      },
    ],
    membershipOf: async ref => TEAMS[ref],
    managedNamespaces: async (cluster, team) =>
      NAMESPACES[`${cluster}/${team}`] ?? [],
    readerToken: async cluster => `reader-token-${cluster}`,
    ...readKubernetesTabConfig(config),
  });
  const read = (entity: Entity, user: string) =>
    provider.getKubernetesObjectsByEntity(
      { entity, auth: {} },
      { credentials: mockCredentials.user(user) },
    );
  return { provider, calls, read };
}

const podsOf = (res: any) =>
  res.items.flatMap((i: any) =>
    i.resources
      .filter((r: any) => r.type === 'pods')
      .flatMap((r: any) =>
        r.resources.map(
          (p: any) => `${i.cluster.name}/${p.metadata.namespace}`,
        ),
      ),
  );

describe('TeamScopedObjectsProvider', () => {
  const llama = component('llama-finetune', 'ml-research', {
    'backstage.io/kubernetes-id': 'llama-finetune',
  });

  it("reads a member's component in each of the team's managed namespaces, by its kubernetes-id, as the portal reader", async () => {
    const { calls, read } = setup();
    const res = await read(llama, 'user:default/maya');
    expect(podsOf(res).sort()).toEqual([
      'use1/ml-research-inference',
      'use1/ml-research-training',
      'usw2/ml-research-training',
    ]);
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.namespace).toMatch(/^ml-research-/);
      expect(call.labelSelector).toBe(
        'backstage.io/kubernetes-id=llama-finetune',
      );
      expect(call.credential).toEqual({
        type: 'bearer token',
        token: `reader-token-${call.clusterDetails.name}`,
      });
      // Secrets are never asked for, even when kubernetes.objectTypes names them.
      expect([...call.objectTypesToFetch].map(t => t.plural)).toEqual(['pods']);
      expect(call.customResources.map(c => c.plural)).toEqual(['rayjobs']);
    }
  });

  it('refuses another team (403 naming the owner) and never reads a cluster', async () => {
    const { calls, read } = setup();
    await expect(read(llama, 'user:default/omar')).rejects.toThrow(
      NotAllowedError,
    );
    await expect(read(llama, 'user:default/omar')).rejects.toThrow(
      /owned by group:default\/ml-research/,
    );
    await expect(read(llama, 'user:default/leaver')).rejects.toThrow(
      /not in the catalog/,
    );
    expect(calls).toEqual([]);
  });

  it('lets platform admins and FinOps read every team', async () => {
    const { read } = setup();
    for (const who of ['user:default/alex', 'user:default/fatima']) {
      expect(podsOf(await read(llama, who))).toHaveLength(3);
    }
  });

  it('refuses services unless aiml.serviceAccess lists them, and then only their teams', async () => {
    const { provider } = setup({
      serviceAccess: [
        { subject: 'external:recsys-bot', read: { teams: ['recsys'] } },
        { subject: 'external:fleet', read: 'fleet' },
      ],
    });
    const as = (subject: string) =>
      provider.getKubernetesObjectsByEntity(
        { entity: llama, auth: {} },
        { credentials: mockCredentials.service(subject) },
      );
    await expect(as('external:curious')).rejects.toThrow(/aiml.serviceAccess/);
    await expect(as('external:recsys-bot')).rejects.toThrow(NotAllowedError);
    expect(podsOf(await as('external:fleet'))).toHaveLength(3);
    await expect(
      provider.getKubernetesObjectsByEntity(
        { entity: llama, auth: {} },
        { credentials: mockCredentials.none() },
      ),
    ).rejects.toThrow(NotAllowedError);
  });

  it('refuses a label-selector annotation unless config lists it, and still reads only team namespaces', async () => {
    const broad = component('probe', 'recsys', {
      'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/name',
    });
    const { read } = setup();
    await expect(read(broad, 'user:default/omar')).rejects.toThrow(
      /kubernetes-label-selector/,
    );
    const allowed = setup({
      allowedLabelSelectors: ['app.kubernetes.io/name'],
    });
    await allowed.read(broad, 'user:default/omar');
    expect(allowed.calls.map(c => `${c.namespace} ${c.labelSelector}`)).toEqual(
      ['recsys app.kubernetes.io/name'],
    );
  });

  it('refuses a kubernetes-id other than the entity name', async () => {
    const { read } = setup();
    await expect(
      read(
        component('probe', 'recsys', {
          'backstage.io/kubernetes-id': 'llama-finetune',
        }),
        'user:default/omar',
      ),
    ).rejects.toThrow(/only by the label backstage.io\/kubernetes-id=probe/);
  });

  it("narrows to a namespace annotation only within the team's namespaces", async () => {
    const { read, calls } = setup();
    const elsewhere = component('probe', 'recsys', {
      'backstage.io/kubernetes-namespace': 'ml-research-training',
    });
    expect(await read(elsewhere, 'user:default/omar')).toEqual({ items: [] });
    const kubeSystem = component('probe2', 'recsys', {
      'backstage.io/kubernetes-namespace': 'kube-system',
    });
    expect(await read(kubeSystem, 'user:default/omar')).toEqual({ items: [] });
    expect(calls).toEqual([]);
    const own = component('training', 'ml-research', {
      'backstage.io/kubernetes-namespace': 'ml-research-inference',
    });
    await read(own, 'user:default/maya');
    expect(calls.map(c => `${c.clusterDetails.name}/${c.namespace}`)).toEqual([
      'use1/ml-research-inference',
    ]);
  });

  it('shows nothing for an entity whose owner is not a team', async () => {
    const { read } = setup();
    await expect(
      read(component('x', 'user:default/maya'), 'user:default/maya'),
    ).rejects.toThrow(/not a team/);
  });

  it('refuses request-supplied custom resources the config does not list', async () => {
    const { provider, calls } = setup({
      allowedCustomResources: [
        { group: 'kubeflow.org', apiVersion: 'v1', plural: 'pytorchjobs' },
      ],
    });
    const custom = (customResources: any[]) =>
      provider.getCustomResourcesByEntity(
        { entity: llama, auth: {}, customResources },
        { credentials: mockCredentials.user('user:default/maya') },
      );
    for (const refused of [
      { group: '', apiVersion: 'v1', plural: 'serviceaccounts' },
      {
        group: 'rbac.authorization.k8s.io',
        apiVersion: 'v1',
        plural: 'rolebindings',
      },
      { group: '', apiVersion: 'v1', plural: 'secrets' },
    ]) {
      await expect(custom([refused])).rejects.toThrow(
        /aiml.kubernetes.allowedCustomResources/,
      );
    }
    expect(calls).toEqual([]);
    await custom([
      { group: 'kubeflow.org', apiVersion: 'v1', plural: 'pytorchjobs' },
      { group: 'ray.io', apiVersion: 'v1', plural: 'rayjobs' },
    ]);
    expect(calls).toHaveLength(3);
    expect(calls[0].customResources.map(c => c.plural)).toEqual([
      'pytorchjobs',
      'rayjobs',
    ]);
    expect(calls[0].objectTypesToFetch.size).toBe(0);
  });
});

describe('PortalReaderTokens', () => {
  it('caches a token per cluster and renews it a few minutes before it expires', async () => {
    let now = 1_000_000;
    const clock = { nowMs: () => now };
    let issued = 0;
    const source = jest.fn(async (cluster: string) => ({
      token: `${cluster}-${++issued}`,
      expiresAtMs: now + 600_000,
    }));
    const tokens = new PortalReaderTokens(source, clock);
    const [a, b] = await Promise.all([tokens.token('c1'), tokens.token('c1')]);
    expect(a).toBe('c1-1');
    expect(b).toBe('c1-1');
    now += 6 * 60_000;
    expect(await tokens.token('c1')).toBe('c1-1');
    now += 2 * 60_000;
    expect(await tokens.token('c1')).toBe('c1-2');
    expect(await tokens.token('c2')).toBe('c2-3');
    expect(source).toHaveBeenCalledTimes(3);
  });
});
