import { randomBytes } from 'node:crypto';
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  EKSClient,
  ListAssociatedAccessPoliciesCommand,
} from '@aws-sdk/client-eks';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  ApiException,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import {
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import {
  AwsClients,
  awsEnvironment,
  DefaultAimlClusterRegistry,
} from '@eks-aiml/plugin-aiml-node';
import {
  AwsFault,
  AwsRequestInfo,
  AwsRequestRecord,
  KubernetesRequestInfo,
  Sandbox,
} from '@eks-aiml/sandbox';
import knexFactory, { Knex } from 'knex';
import { AccessEntryGrants } from './accessEntryGrants';
import { AccessEntryStrategy } from './accessEntryStrategy';
import { LEGACY_ACCESS_POLICIES } from './desiredAccess';
import { DatabaseGrantLocks } from './grantLocks';
import { LABEL_GRANT_ID } from './grantRoleBindings';
import { GrantStore } from './grantStore';
import { Grant } from './types';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING names a server
// (any version), e.g. postgresql://backstage:backstage@127.0.0.1:5432; SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_16', 'SQLITE_3'],
  disableDocker: true,
});

jest.setTimeout(60_000);

const CLUSTER = 'ml-sandbox-usw2';
const role = (name: string) =>
  `arn:aws:iam::111122223333:role/ml-engineers/${name}`;
const WRITES = new Set([
  'CreateAccessEntry',
  'UpdateAccessEntry',
  'DeleteAccessEntry',
  'AssociateAccessPolicy',
  'DisassociateAccessPolicy',
]);

const logger: any = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => logger,
};

/** Audit events as the Backstage auditor would receive them. */
function fakeAuditor() {
  const events: { eventId: string; meta: any; outcome?: string }[] = [];
  return {
    events,
    auditor: {
      createEvent: async (options: any) => {
        const event = { eventId: options.eventId, meta: options.meta } as any;
        events.push(event);
        return {
          success: async () => {
            event.outcome = 'success';
          },
          fail: async () => {
            event.outcome = 'fail';
          },
        };
      },
    } as any,
  };
}

describe.each(databases.eachSupportedId())(
  'access-entry grants on %s',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    let clients: AwsClients;
    let admin: EKSClient;
    let rbac: RbacAuthorizationV1Api;
    let db: Knex;
    const log: AwsRequestRecord[] = [];
    /** EKS writes (once answered) and Kubernetes RoleBinding writes (as received), in order. */
    const writes: string[] = [];
    let fault: (r: AwsRequestInfo) => AwsFault | undefined = () => undefined;

    const clusterConfig = {
      name: CLUSTER,
      region: 'us-west-2',
      accountId: '111122223333',
      access: {
        strategy: 'access-entry' as const,
        maxTtlMs: 4 * 3600_000,
        selfServiceMaxTtlMs: 4 * 3600_000,
        principalAccounts: ['111122223333'],
      },
    };

    /** One replica: its own store, locks and EKS client on the shared database and sandbox. */
    const replica = async (client: Knex = db) => {
      const registry = new DefaultAimlClusterRegistry(
        [clusterConfig],
        clients,
        sandbox.clock,
      );
      const store = await GrantStore.create({
        getClient: async () => client,
      } as any);
      const audit = fakeAuditor();
      const grants = new AccessEntryGrants({
        store,
        locks: new DatabaseGrantLocks(client),
        strategy: new AccessEntryStrategy(registry, {
          attempts: 4,
          baseDelayMs: 5,
          maxDelayMs: 40,
        }),
        registry,
        auditor: audit.auditor,
        logger,
        clock: sandbox.clock,
      });
      return { store, grants, audit };
    };

    const newGrant = (
      principal: string,
      overrides: Partial<Grant> = {},
    ): Grant & { principalArn: string } => {
      const now = sandbox.clock.nowMs();
      return {
        id: randomBytes(6).toString('hex'),
        userRef: `user:default/${principal}`,
        team: 'ml-research',
        cluster: CLUSTER,
        level: 'view',
        breakGlass: false,
        strategy: 'access-entry',
        namespaces: ['ml-research-training'],
        reason: 'test',
        state: 'pending',
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 3600_000).toISOString(),
        updatedAt: new Date(now).toISOString(),
        principalArn: role(principal),
        ...overrides,
      };
    };

    /** The entry as EKS shows it: tags, Kubernetes groups and policies, or undefined. */
    const entryOf = async (principalArn: string) => {
      try {
        const { accessEntry } = await admin.send(
          new DescribeAccessEntryCommand({
            clusterName: CLUSTER,
            principalArn,
          }),
        );
        const { associatedAccessPolicies } = await admin.send(
          new ListAssociatedAccessPoliciesCommand({
            clusterName: CLUSTER,
            principalArn,
          }),
        );
        return {
          tags: accessEntry!.tags,
          groups: [...(accessEntry!.kubernetesGroups ?? [])].sort(),
          policies: Object.fromEntries(
            (associatedAccessPolicies ?? []).map(p => [
              p.policyArn!.split('/').pop(),
              p.accessScope!.type === 'namespace'
                ? [...p.accessScope!.namespaces!].sort()
                : 'CLUSTER SCOPE',
            ]),
          ),
        };
      } catch (error: any) {
        if (error.name === 'ResourceNotFoundException') return undefined;
        throw error;
      }
    };

    const group = (g: Pick<Grant, 'id'>) => `aiml-grant-${g.id}`;

    /** Per namespace, what the grant's RoleBinding there binds (absent ones left out). */
    const bindingsOf = async (
      g: Pick<Grant, 'id'>,
      namespaces = ['ml-research-training', 'recsys-inference'],
    ) => {
      const found: Record<string, unknown> = {};
      for (const namespace of namespaces) {
        try {
          const rb = await rbac.readNamespacedRoleBinding({
            name: group(g),
            namespace,
          });
          found[namespace] = {
            role: `${rb.roleRef.kind}/${rb.roleRef.name}`,
            subjects: rb.subjects,
            grantId: rb.metadata?.labels?.[LABEL_GRANT_ID],
          };
        } catch (error) {
          if ((error as ApiException<unknown>).code !== 404) throw error;
        }
      }
      return found;
    };
    const boundTo = (g: Pick<Grant, 'id'>, clusterRole: string) => ({
      role: `ClusterRole/${clusterRole}`,
      subjects: [
        {
          kind: 'Group',
          name: group(g),
          apiGroup: 'rbac.authorization.k8s.io',
        },
      ],
      grantId: g.id,
    });

    beforeAll(async () => {
      sandbox = await Sandbox.start({
        onAwsRequest: r => {
          log.push(r);
          if (WRITES.has(r.operation!) && r.status === 200)
            writes.push(`eks ${r.operation}`);
        },
        awsFault: r => fault(r),
        kubernetesFault: (r: KubernetesRequestInfo) => {
          if (
            r.resource === 'rolebindings' &&
            (r.verb === 'create' || r.verb === 'delete')
          )
            writes.push(
              // A create names its object in the body, not the path.
              `k8s ${r.verb} rolebinding ${r.namespace}${
                r.verb === 'delete' ? `/${r.name}` : ''
              }`,
            );
          return undefined;
        },
      });
      clients = new AwsClients(awsEnvironment(sandbox.connection()));
      admin = clients.eks(clusterConfig);
      const kc = new KubeConfig();
      kc.loadFromString(sandbox.kubeconfig());
      kc.setCurrentContext(CLUSTER);
      rbac = kc.makeApiClient(RbacAuthorizationV1Api);
      db = await databases.init(databaseId);
    });

    afterAll(async () => {
      clients?.destroy();
      await sandbox?.stop();
    });

    beforeEach(() => {
      fault = () => undefined;
      log.length = 0;
      writes.length = 0;
    });

    it("creates a broker-tagged entry carrying the grant's group, bound by RoleBindings to aiml-view, and no policy", async () => {
      const { grants } = await replica();
      const grant = newGrant('ada');
      const { grant: made, created } = await grants.create(grant, 'k-ada');
      expect(created).toBe(true);
      expect(made).toMatchObject({
        state: 'active',
        principalArn: role('ada'),
      });
      expect(await entryOf(role('ada'))).toEqual({
        tags: { 'eks-aiml/managed-by': 'aiml-broker' },
        groups: [group(grant)],
        policies: {},
      });
      expect(await bindingsOf(grant)).toEqual({
        'ml-research-training': boundTo(grant, 'aiml-view'),
      });
      // The RoleBinding exists before the entry carries the group.
      expect(writes).toEqual([
        'k8s create rolebinding ml-research-training',
        'eks CreateAccessEntry',
      ]);
      expect(log.filter(r => r.operation === 'AssociateAccessPolicy')).toEqual(
        [],
      );
      // The same request again returns the same grant, and changes nothing.
      writes.length = 0;
      expect(await grants.create(newGrant('ada'), 'k-ada')).toEqual({
        grant: made,
        created: false,
      });
      expect(writes).toEqual([]);
      await grants.end(made, 'revoked', 'user:default/ada');
      expect(await entryOf(role('ada'))).toBeUndefined();
      expect(await bindingsOf(grant)).toEqual({});
    });

    it('carries one group per grant across teams and levels, takes one away on revoke and deletes the entry with the last', async () => {
      const { grants, store } = await replica();
      const { grant: research } = await grants.create(newGrant('bo'), 'k-bo-1');
      const { grant: recsys } = await grants.create(
        newGrant('bo', { team: 'recsys', namespaces: ['recsys-inference'] }),
        'k-bo-2',
      );
      const { grant: edit } = await grants.create(
        newGrant('bo', {
          team: 'recsys',
          level: 'edit',
          namespaces: ['recsys-inference'],
        }),
        'k-bo-3',
      );
      expect((await entryOf(role('bo')))!).toMatchObject({
        groups: [group(research), group(recsys), group(edit)].sort(),
        policies: {},
      });
      expect(await bindingsOf(edit)).toEqual({
        'recsys-inference': boundTo(edit, 'aiml-edit'),
      });
      expect(await bindingsOf(recsys)).toEqual({
        'recsys-inference': boundTo(recsys, 'aiml-view'),
      });

      // Revoke: the group leaves the entry, then the RoleBinding goes, then the grant is revoked.
      writes.length = 0;
      expect(
        (await grants.end(recsys, 'revoked', 'user:default/bo')).state,
      ).toBe('revoked');
      expect(writes).toEqual([
        'eks UpdateAccessEntry',
        `k8s delete rolebinding recsys-inference/${group(recsys)}`,
      ]);
      expect((await entryOf(role('bo')))!.groups).toEqual(
        [group(research), group(edit)].sort(),
      );
      expect(await bindingsOf(recsys)).toEqual({});
      expect(await bindingsOf(edit)).toEqual({
        'recsys-inference': boundTo(edit, 'aiml-edit'),
      });
      expect((await store.get(edit.id))!.state).toBe('active');

      await grants.end(edit, 'revoked', 'user:default/bo');
      expect((await entryOf(role('bo')))!.groups).toEqual([group(research)]);
      expect(await bindingsOf(edit)).toEqual({});
      await grants.end(research, 'revoked', 'user:default/bo');
      expect(await entryOf(role('bo'))).toBeUndefined();
      expect(await bindingsOf(research)).toEqual({});
    });

    it('breaks glass as a group bound to aiml-admin in the namespaces only, with no policy and no cluster scope', async () => {
      const { grants } = await replica();
      const before = await rbac.listClusterRoleBinding();
      const { grant } = await grants.create(
        newGrant('cy', {
          level: 'admin',
          breakGlass: true,
          team: 'recsys',
          namespaces: ['recsys-inference'],
        }),
        'k-cy',
      );
      expect(await entryOf(role('cy'))).toMatchObject({
        groups: [group(grant)],
        policies: {},
      });
      expect(await bindingsOf(grant)).toEqual({
        'recsys-inference': boundTo(grant, 'aiml-admin'),
      });
      expect(log.filter(r => r.operation === 'AssociateAccessPolicy')).toEqual(
        [],
      );
      const after = await rbac.listClusterRoleBinding();
      expect(after.items.map(b => b.metadata?.name).sort()).toEqual(
        before.items.map(b => b.metadata?.name).sort(),
      );
      await grants.end(grant, 'revoked', 'user:default/alex');
      expect(await bindingsOf(grant)).toEqual({});
    });

    it('takes the AWS managed policies an older release associated from its entries at the next sync', async () => {
      const { grants, store } = await replica();
      // An active edit grant as an older release left it: the entry with AmazonEKSEditPolicy, no group, no RoleBinding.
      const old = newGrant('old', {
        level: 'edit',
        state: 'active',
      });
      await store.insert({ ...old, nowMs: sandbox.clock.nowMs() });
      await admin.send(
        new CreateAccessEntryCommand({
          clusterName: CLUSTER,
          principalArn: role('old'),
          tags: { 'eks-aiml/managed-by': 'aiml-broker' },
        }),
      );
      await admin.send(
        new AssociateAccessPolicyCommand({
          clusterName: CLUSTER,
          principalArn: role('old'),
          policyArn: LEGACY_ACCESS_POLICIES.edit,
          accessScope: {
            type: 'namespace',
            namespaces: ['ml-research-training'],
          },
        }),
      );
      writes.length = 0;
      await grants.reconcile();
      expect(await entryOf(role('old'))).toEqual({
        tags: { 'eks-aiml/managed-by': 'aiml-broker' },
        groups: [group(old)],
        policies: {},
      });
      expect(await bindingsOf(old)).toEqual({
        'ml-research-training': boundTo(old, 'aiml-edit'),
      });
      expect(writes).toEqual([
        'eks DisassociateAccessPolicy',
        'k8s create rolebinding ml-research-training',
        'eks UpdateAccessEntry',
      ]);
      await grants.end(
        (await store.get(old.id))!,
        'revoked',
        'user:default/old',
      );
      expect(await entryOf(role('old'))).toBeUndefined();
      expect(await bindingsOf(old)).toEqual({});
    });

    it('never touches an entry it did not create: the grant fails and says so', async () => {
      const { grants, store } = await replica();
      await admin.send(
        new CreateAccessEntryCommand({
          clusterName: CLUSTER,
          principalArn: role('dee'),
          tags: { owner: 'platform-team' },
        }),
      );
      await admin.send(
        new AssociateAccessPolicyCommand({
          clusterName: CLUSTER,
          principalArn: role('dee'),
          policyArn: LEGACY_ACCESS_POLICIES.edit,
          accessScope: { type: 'namespace', namespaces: ['shared-notebooks'] },
        }),
      );
      const before = await entryOf(role('dee'));
      log.length = 0;
      writes.length = 0;
      const grant = newGrant('dee');
      await expect(grants.create(grant, 'k-dee')).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(
          /already has an access entry for arn:aws:iam::111122223333:role\/ml-engineers\/dee that the portal did not create.*never changes or deletes/,
        ),
      });
      expect(await store.get(grant.id)).toMatchObject({
        state: 'failed',
        failure: expect.stringMatching(/did not create/),
      });
      await grants.reconcile();
      expect(await entryOf(role('dee'))).toEqual(before);
      expect(log.filter(r => WRITES.has(r.operation!))).toEqual([]);
      // Nothing bound for it either (a delete of what is not there aside).
      expect(writes.filter(w => w.includes('create'))).toEqual([]);
      expect(await bindingsOf(grant)).toEqual({});
    });

    it('refuses a role that another person already has access through', async () => {
      const { grants, store } = await replica();
      const { grant } = await grants.create(newGrant('nia'), 'k-nia');
      const impostor = newGrant('nia', { userRef: 'user:default/oz' });
      await expect(grants.create(impostor, 'k-oz')).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(
          /is also the role of user:default\/nia.*each person needs a role of their own/,
        ),
      });
      expect(await store.get(impostor.id)).toBeUndefined();
      await grants.end(grant, 'revoked', grant.userRef);
    });

    it('keeps a revoke it cannot confirm as revoking, with its RoleBindings, and the reconciler finishes it', async () => {
      const { grants, store } = await replica();
      const { grant } = await grants.create(newGrant('eli'), 'k-eli');
      fault = r =>
        WRITES.has(r.operation!)
          ? { error: { status: 500, type: 'ServerException' } }
          : undefined;
      await expect(
        grants.end(grant, 'revoked', 'user:default/eli'),
      ).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(/stays revoking/),
      });
      expect((await store.get(grant.id))!.state).toBe('revoking');
      expect((await entryOf(role('eli')))!.groups).toEqual([group(grant)]);
      // The entry still has the group, so the RoleBinding is still there: it goes only after the group.
      expect(Object.keys(await bindingsOf(grant))).toEqual([
        'ml-research-training',
      ]);
      fault = () => undefined;
      await grants.reconcile();
      expect(await store.get(grant.id)).toMatchObject({
        state: 'revoked',
        endReason: 'revoked',
        revokedBy: 'user:default/eli',
      });
      expect(await entryOf(role('eli'))).toBeUndefined();
      expect(await bindingsOf(grant)).toEqual({});
    });

    it('fails a grant whose group EKS will not add, and takes back its RoleBindings', async () => {
      const { grants, store } = await replica();
      fault = r =>
        r.operation === 'CreateAccessEntry'
          ? { error: { status: 500, type: 'ServerException' } }
          : undefined;
      const grant = newGrant('ivy', { level: 'edit' });
      await expect(grants.create(grant, 'k-ivy')).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
      });
      expect((await store.get(grant.id))!.state).toBe('failed');
      expect(await entryOf(role('ivy'))).toBeUndefined();
      expect(await bindingsOf(grant)).toEqual({});
      expect(writes).toEqual([
        'k8s create rolebinding ml-research-training',
        `k8s delete rolebinding ml-research-training/${group(grant)}`,
      ]);
    });

    it('finishes what a crash left: pending grants failed, entries taken back, orphans deleted', async () => {
      const { grants, store } = await replica();
      // A crash after the row, the RoleBinding and the entry were written, before the grant was active.
      const grant = newGrant('fay');
      await store.insert({ ...grant, nowMs: sandbox.clock.nowMs() });
      const binding = (g: Grant, namespace: string) =>
        rbac.createNamespacedRoleBinding({
          namespace,
          body: {
            metadata: {
              name: group(g),
              labels: {
                [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
                [LABEL_GRANT_ID]: g.id,
              },
            },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: 'aiml-edit',
            },
            subjects: [
              {
                kind: 'Group',
                name: group(g),
                apiGroup: 'rbac.authorization.k8s.io',
              },
            ],
          },
        });
      await binding(grant, 'ml-research-training');
      await admin.send(
        new CreateAccessEntryCommand({
          clusterName: CLUSTER,
          principalArn: role('fay'),
          kubernetesGroups: [group(grant)],
          tags: { 'eks-aiml/managed-by': 'aiml-broker' },
        }),
      );
      // A broker-tagged entry no grant knows at all.
      await admin.send(
        new CreateAccessEntryCommand({
          clusterName: CLUSTER,
          principalArn: role('gus'),
          tags: { 'eks-aiml/managed-by': 'aiml-broker' },
        }),
      );
      // A crash between taking a revoked grant's group and deleting its RoleBindings
      // (its row already revoked by hand here), and RoleBindings of a grant the database never had.
      const revoked = newGrant('gus', { state: 'revoked' });
      await store.insert({ ...revoked, nowMs: sandbox.clock.nowMs() });
      await binding(revoked, 'recsys-inference');
      const unknown = newGrant('gus');
      await binding(unknown, 'ml-research-training');
      await binding(unknown, 'recsys-inference');
      // A live grant's RoleBinding stays.
      const { grant: live } = await grants.create(newGrant('hui'), 'k-hui');

      await grants.reconcile();
      expect(await store.get(grant.id)).toMatchObject({
        state: 'failed',
        failure: expect.stringMatching(/interrupted/),
      });
      expect(await entryOf(role('fay'))).toBeUndefined();
      expect(await entryOf(role('gus'))).toBeUndefined();
      for (const g of [grant, revoked, unknown]) {
        expect({ id: g.id, bindings: await bindingsOf(g) }).toEqual({
          id: g.id,
          bindings: {},
        });
      }
      expect(await bindingsOf(live)).toEqual({
        'ml-research-training': boundTo(live, 'aiml-view'),
      });
      // The portal's own entry and the cluster creator's are not the broker's.
      expect(
        await entryOf('arn:aws:iam::111122223333:role/backstage-aiml'),
      ).toBeDefined();
      await grants.end(live, 'revoked', live.userRef);
    });

    it('converges under throttling, 5xx, lost answers, dropped connections and slow answers', async () => {
      const { grants, store } = await replica();
      let n = 0;
      fault = r => {
        if (r.service !== 'eks') return undefined;
        n++;
        switch (n % 7) {
          case 1:
            return { error: { status: 429, type: 'ThrottlingException' } };
          case 2:
            return { error: { status: 500, type: 'ServerException' } };
          case 3:
            return WRITES.has(r.operation!)
              ? {
                  error: { status: 503, type: 'ServiceUnavailableException' },
                  afterApplying: true,
                }
              : undefined;
          case 4:
            return { drop: true, afterApplying: WRITES.has(r.operation!) };
          case 5:
            return { delayMs: 150 };
          default:
            return undefined;
        }
      };
      const people = ['hal', 'ida', 'jo'];
      const results = await Promise.allSettled(
        people.flatMap(p => [
          grants.create(newGrant(p), `k-${p}-1`),
          grants.create(
            newGrant(p, {
              team: 'recsys',
              level: 'edit',
              namespaces: ['recsys-inference'],
            }),
            `k-${p}-2`,
          ),
        ]),
      );
      const made = results.flatMap(r =>
        r.status === 'fulfilled' ? [r.value.grant] : [],
      );
      // Revoke one grant of each person while the faults go on.
      await Promise.allSettled(
        people.map(p => {
          const g = made.find(x => x.userRef === `user:default/${p}`);
          return g ? grants.end(g, 'revoked', g.userRef) : Promise.resolve();
        }),
      );
      fault = () => undefined;
      await grants.reconcile();
      const rows = await db('aiml_grants').whereIn(
        'principal_arn',
        people.map(role),
      );
      expect(
        rows.filter((r: any) => ['pending', 'revoking'].includes(r.state)),
      ).toEqual([]);
      for (const p of people) {
        const active = await store.byPrincipal(CLUSTER, role(p), ['active']);
        const entry = await entryOf(role(p));
        expect({ p, groups: entry?.groups, policies: entry?.policies }).toEqual(
          {
            p,
            groups: active.length ? active.map(group).sort() : undefined,
            policies: active.length ? {} : undefined,
          },
        );
        for (const g of await store.byPrincipal(CLUSTER, role(p), [
          'revoked',
          'failed',
        ])) {
          expect({ id: g.id, bindings: await bindingsOf(g) }).toEqual({
            id: g.id,
            bindings: {},
          });
        }
        for (const g of active) {
          expect(Object.keys(await bindingsOf(g))).toEqual(g.namespaces);
        }
      }
      expect(log.filter(r => r.faulted).length).toBeGreaterThan(5);
      for (const p of people) {
        for (const g of await store.byPrincipal(CLUSTER, role(p), ['active']))
          await grants.end(g, 'revoked', g.userRef);
        expect(await entryOf(role(p))).toBeUndefined();
      }
    });

    it('expires each grant exactly once when replicas race', async () => {
      const other =
        databaseId === 'SQLITE_3'
          ? db
          : knexFactory({
              client: 'pg',
              connection: (db.client as any).config.connection,
            });
      try {
        const a = await replica();
        const b = await replica(other);
        const made: Grant[] = [];
        for (let i = 0; i < 12; i++) {
          const person = ['kim', 'lou', 'max'][i % 3];
          const { grant } = await a.grants.create(
            newGrant(person, {
              reason: `task ${i}`,
              expiresAt: new Date(
                sandbox.clock.nowMs() + 60_000 + i,
              ).toISOString(),
              team: i % 2 ? 'recsys' : 'ml-research',
              namespaces: [i % 2 ? 'recsys-inference' : 'ml-research-training'],
            }),
            `k-exp-${i}`,
          );
          made.push(grant);
        }
        sandbox.clock.advance(120_000);
        log.length = 0;
        const due = await a.store.due(sandbox.clock.nowMs());
        expect(due.map(g => g.id).sort()).toEqual(made.map(g => g.id).sort());
        const [byA, byB] = await Promise.all([
          a.grants.expire(due),
          b.grants.expire(due),
        ]);
        expect(byA + byB).toBe(12);
        const expiries = [...a.audit.events, ...b.audit.events].filter(
          e => e.eventId === 'access-grant-expire',
        );
        expect(expiries.map(e => e.meta.grantId).sort()).toEqual(
          made.map(g => g.id).sort(),
        );
        expect(expiries.every(e => e.outcome === 'success')).toBe(true);
        for (const g of made) {
          expect(await a.store.get(g.id)).toMatchObject({
            state: 'revoked',
            endReason: 'expired',
          });
          expect(await bindingsOf(g)).toEqual({});
        }
        const deletes = log.filter(r => r.operation === 'DeleteAccessEntry');
        expect(deletes.map(r => r.path.split('/').pop()).sort()).toEqual(
          ['kim', 'lou', 'max']
            .map(role)
            .map(r => r.split('/').pop())
            .sort(),
        );
        expect(deletes.every(r => r.status === 200)).toBe(true);
      } finally {
        if (other !== db) await other.destroy();
      }
    });
  },
);
