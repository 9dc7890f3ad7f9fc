import {
  CurrentAccessEntry,
  isBrokerManaged,
  MANAGED_BY_TAG,
  MANAGED_BY_TAG_VALUE,
  planAccessEntry,
} from './accessEntryPlan';
import { LEGACY_ACCESS_POLICIES } from './desiredAccess';

const managed = (
  kubernetesGroups: string[] = [],
  extra: Partial<CurrentAccessEntry> = {},
): CurrentAccessEntry => ({
  type: 'STANDARD',
  tags: { [MANAGED_BY_TAG]: MANAGED_BY_TAG_VALUE },
  kubernetesGroups,
  policies: [],
  ...extra,
});
const scoped = (policyArn: string, namespaces: string[]) => ({
  policyArn,
  accessScope: { type: 'namespace', namespaces },
});
const CLUSTER_ADMIN =
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

describe('planAccessEntry', () => {
  it('creates the entry with the groups of its grants, sorted, and associates no policy', () => {
    expect(
      planAccessEntry(undefined, ['aiml-grant-b', 'aiml-grant-a']),
    ).toEqual([
      { op: 'create', kubernetesGroups: ['aiml-grant-a', 'aiml-grant-b'] },
    ]);
  });

  it('changes nothing when the entry is as desired (group order aside)', () => {
    expect(
      planAccessEntry(managed(['aiml-grant-b', 'aiml-grant-a']), [
        'aiml-grant-a',
        'aiml-grant-b',
      ]),
    ).toEqual([]);
    expect(planAccessEntry(undefined, [])).toEqual([]);
  });

  it('adds the group of a new grant with one update to exactly the desired groups', () => {
    expect(
      planAccessEntry(managed(['aiml-grant-a']), [
        'aiml-grant-a',
        'aiml-grant-b',
      ]),
    ).toEqual([
      {
        op: 'update-groups',
        kubernetesGroups: ['aiml-grant-a', 'aiml-grant-b'],
      },
    ]);
  });

  it('removes the group of an ended grant with one update', () => {
    expect(
      planAccessEntry(managed(['aiml-grant-a', 'aiml-grant-b']), [
        'aiml-grant-b',
      ]),
    ).toEqual([{ op: 'update-groups', kubernetesGroups: ['aiml-grant-b'] }]);
  });

  it('takes away before it adds: groups no grant wants go in an update of their own first', () => {
    expect(
      planAccessEntry(managed(['aiml-grant-a', 'aiml-grant-b']), [
        'aiml-grant-b',
        'aiml-grant-c',
      ]),
    ).toEqual([
      { op: 'update-groups', kubernetesGroups: ['aiml-grant-b'] },
      {
        op: 'update-groups',
        kubernetesGroups: ['aiml-grant-b', 'aiml-grant-c'],
      },
    ]);
    expect(
      planAccessEntry(managed(['cluster-admins']), ['aiml-grant-a']),
    ).toEqual([
      { op: 'update-groups', kubernetesGroups: [] },
      { op: 'update-groups', kubernetesGroups: ['aiml-grant-a'] },
    ]);
  });

  it('deletes the entry when nothing is desired', () => {
    expect(planAccessEntry(managed(['aiml-grant-a']), [])).toEqual([
      { op: 'delete' },
    ]);
  });

  it('migrates an entry an older release gave AWS managed policies: each disassociated, groups set', () => {
    expect(
      planAccessEntry(
        managed([], {
          policies: [
            scoped(LEGACY_ACCESS_POLICIES.edit, ['ml-research-training']),
            scoped(LEGACY_ACCESS_POLICIES.view, ['recsys-inference']),
          ],
        }),
        ['aiml-grant-a'],
      ),
    ).toEqual([
      { op: 'disassociate', policyArn: LEGACY_ACCESS_POLICIES.edit },
      { op: 'disassociate', policyArn: LEGACY_ACCESS_POLICIES.view },
      { op: 'update-groups', kubernetesGroups: ['aiml-grant-a'] },
    ]);
    // Groups already right: only the policies go.
    expect(
      planAccessEntry(
        managed(['aiml-grant-a'], {
          policies: [scoped(LEGACY_ACCESS_POLICIES.admin, ['x'])],
        }),
        ['aiml-grant-a'],
      ),
    ).toEqual([
      { op: 'disassociate', policyArn: LEGACY_ACCESS_POLICIES.admin },
    ]);
  });

  it('undoes drift on a managed entry: cluster scope, other policies, groups someone added', () => {
    expect(
      planAccessEntry(
        managed(['aiml-grant-a', 'cluster-admins'], {
          policies: [
            {
              policyArn: LEGACY_ACCESS_POLICIES.view,
              accessScope: { type: 'cluster', namespaces: [] },
            },
            {
              policyArn: CLUSTER_ADMIN,
              accessScope: { type: 'cluster', namespaces: [] },
            },
          ],
        }),
        ['aiml-grant-a'],
      ),
    ).toEqual([
      { op: 'disassociate', policyArn: LEGACY_ACCESS_POLICIES.view },
      { op: 'disassociate', policyArn: CLUSTER_ADMIN },
      { op: 'update-groups', kubernetesGroups: ['aiml-grant-a'] },
    ]);
  });

  it('never associates a policy, whatever the entry and the groups', () => {
    const entries = [
      undefined,
      managed(),
      managed(['x'], {
        policies: [scoped(LEGACY_ACCESS_POLICIES.edit, ['a'])],
      }),
    ];
    for (const entry of entries) {
      for (const desired of [[], ['aiml-grant-a'], ['aiml-grant-a', 'x']]) {
        const ops = planAccessEntry(entry, desired).map(c => c.op);
        expect(ops.every(op => op !== ('associate' as string))).toBe(true);
      }
    }
  });
});

describe('isBrokerManaged', () => {
  it('knows only STANDARD entries with the broker tag as its own', () => {
    expect(isBrokerManaged(managed())).toBe(true);
    expect(isBrokerManaged(managed([], { tags: {} }))).toBe(false);
    expect(
      isBrokerManaged(managed([], { tags: { [MANAGED_BY_TAG]: 'someone' } })),
    ).toBe(false);
    expect(isBrokerManaged(managed([], { type: 'EC2_LINUX' }))).toBe(false);
  });
});
