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
  AwsClients,
  awsEnvironment,
  DefaultAimlClusterRegistry,
} from '@eks-aiml/plugin-aiml-node';
import {
  AwsFault,
  AwsRequestInfo,
  AwsRequestRecord,
  Sandbox,
} from '@eks-aiml/sandbox';
import knexFactory, { Knex } from 'knex';
import { AccessEntryGrants } from './accessEntryGrants';
import { AccessEntryStrategy } from './accessEntryStrategy';
import { ACCESS_POLICIES } from './desiredAccess';
import { DatabaseGrantLocks } from './grantLocks';
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
    let db: Knex;
    const log: AwsRequestRecord[] = [];
    let fault: (r: AwsRequestInfo) => AwsFault | undefined = () => undefined;

    const clusterConfig = {
      name: CLUSTER,
      region: 'us-west-2',
      accountId: '111122223333',
      access: {
        strategy: 'access-entry' as const,
        maxTtlMs: 4 * 3600_000,
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

    /** The entry as EKS shows it: tags and policies, or undefined. */
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

    beforeAll(async () => {
      sandbox = await Sandbox.start({
        onAwsRequest: r => log.push(r),
        awsFault: r => fault(r),
      });
      clients = new AwsClients(awsEnvironment(sandbox.connection()));
      admin = clients.eks(clusterConfig);
      db = await databases.init(databaseId);
    });

    afterAll(async () => {
      clients?.destroy();
      await sandbox?.stop();
    });

    beforeEach(() => {
      fault = () => undefined;
      log.length = 0;
    });

    it('creates a broker-tagged entry with a namespace-scoped policy, then activates the grant', async () => {
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
        policies: { AmazonEKSViewPolicy: ['ml-research-training'] },
      });
      // The same request again returns the same grant, and changes nothing.
      log.length = 0;
      expect(await grants.create(newGrant('ada'), 'k-ada')).toEqual({
        grant: made,
        created: false,
      });
      expect(log.filter(r => WRITES.has(r.operation!))).toEqual([]);
      await grants.end(made, 'revoked', 'user:default/ada');
      expect(await entryOf(role('ada'))).toBeUndefined();
    });

    it('carries the union of grants on several teams, narrows on revoke and deletes the entry with the last', async () => {
      const { grants } = await replica();
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
      expect((await entryOf(role('bo')))!.policies).toEqual({
        AmazonEKSViewPolicy: ['ml-research-training', 'recsys-inference'],
        AmazonEKSEditPolicy: ['recsys-inference'],
      });
      expect(
        (await grants.end(recsys, 'revoked', 'user:default/bo')).state,
      ).toBe('revoked');
      expect((await entryOf(role('bo')))!.policies).toEqual({
        AmazonEKSViewPolicy: ['ml-research-training'],
        AmazonEKSEditPolicy: ['recsys-inference'],
      });
      await grants.end(edit, 'revoked', 'user:default/bo');
      expect((await entryOf(role('bo')))!.policies).toEqual({
        AmazonEKSViewPolicy: ['ml-research-training'],
      });
      await grants.end(research, 'revoked', 'user:default/bo');
      expect(await entryOf(role('bo'))).toBeUndefined();
    });

    it('associates break-glass as the namespace-scoped Admin policy, never cluster scope', async () => {
      const { grants } = await replica();
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
        policies: { AmazonEKSAdminPolicy: ['recsys-inference'] },
      });
      const associations = log.filter(
        r => r.operation === 'AssociateAccessPolicy',
      );
      expect(associations).toHaveLength(1);
      await grants.end(grant, 'revoked', 'user:default/alex');
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
          policyArn: ACCESS_POLICIES.edit,
          accessScope: { type: 'namespace', namespaces: ['shared-notebooks'] },
        }),
      );
      const before = await entryOf(role('dee'));
      log.length = 0;
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

    it('keeps a revoke it cannot confirm as revoking, and the reconciler finishes it', async () => {
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
      expect(await entryOf(role('eli'))).toBeDefined();
      fault = () => undefined;
      await grants.reconcile();
      expect(await store.get(grant.id)).toMatchObject({
        state: 'revoked',
        endReason: 'revoked',
        revokedBy: 'user:default/eli',
      });
      expect(await entryOf(role('eli'))).toBeUndefined();
    });

    it('finishes what a crash left: pending grants failed, entries taken back, orphans deleted', async () => {
      const { grants, store } = await replica();
      // A crash after the row and the entry were written, before the grant was active.
      const grant = newGrant('fay');
      await store.insert({ ...grant, nowMs: sandbox.clock.nowMs() });
      await admin.send(
        new CreateAccessEntryCommand({
          clusterName: CLUSTER,
          principalArn: role('fay'),
          tags: { 'eks-aiml/managed-by': 'aiml-broker' },
        }),
      );
      // And a broker-tagged entry no grant knows at all.
      await admin.send(
        new CreateAccessEntryCommand({
          clusterName: CLUSTER,
          principalArn: role('gus'),
          tags: { 'eks-aiml/managed-by': 'aiml-broker' },
        }),
      );
      await grants.reconcile();
      expect(await store.get(grant.id)).toMatchObject({
        state: 'failed',
        failure: expect.stringMatching(/interrupted/),
      });
      expect(await entryOf(role('fay'))).toBeUndefined();
      expect(await entryOf(role('gus'))).toBeUndefined();
      // The portal's own entry and the cluster creator's are not the broker's.
      expect(
        await entryOf('arn:aws:iam::111122223333:role/backstage-aiml'),
      ).toBeDefined();
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
        const active = (
          await store.byPrincipal(CLUSTER, role(p), ['active'])
        ).map(g => g.level);
        const expected: Record<string, string[]> = {};
        if (active.includes('view'))
          expected.AmazonEKSViewPolicy = ['ml-research-training'];
        if (active.includes('edit'))
          expected.AmazonEKSEditPolicy = ['recsys-inference'];
        const entry = await entryOf(role(p));
        expect({ p, policies: entry?.policies }).toEqual({
          p,
          policies: active.length ? expected : undefined,
        });
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
