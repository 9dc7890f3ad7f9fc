import {
  CurrentAccessEntry,
  isBrokerManaged,
  MANAGED_BY_TAG,
  MANAGED_BY_TAG_VALUE,
  planAccessEntry,
} from './accessEntryPlan';
import { ACCESS_POLICIES } from './desiredAccess';

const managed = (
  policies: CurrentAccessEntry['policies'] = [],
  extra: Partial<CurrentAccessEntry> = {},
): CurrentAccessEntry => ({
  type: 'STANDARD',
  tags: { [MANAGED_BY_TAG]: MANAGED_BY_TAG_VALUE },
  kubernetesGroups: [],
  policies,
  ...extra,
});
const scoped = (policyArn: string, namespaces: string[]) => ({
  policyArn,
  accessScope: { type: 'namespace', namespaces },
});

describe('planAccessEntry', () => {
  it('creates the entry, then associates each policy with its namespaces', () => {
    expect(
      planAccessEntry(
        undefined,
        new Map([
          [ACCESS_POLICIES.edit, ['b']],
          [ACCESS_POLICIES.view, ['a', 'c']],
        ]),
      ),
    ).toEqual([
      { op: 'create' },
      { op: 'associate', policyArn: ACCESS_POLICIES.edit, namespaces: ['b'] },
      {
        op: 'associate',
        policyArn: ACCESS_POLICIES.view,
        namespaces: ['a', 'c'],
      },
    ]);
  });

  it('changes nothing when the entry is as desired (namespace order aside)', () => {
    expect(
      planAccessEntry(
        managed([scoped(ACCESS_POLICIES.view, ['c', 'a'])]),
        new Map([[ACCESS_POLICIES.view, ['a', 'c']]]),
      ),
    ).toEqual([]);
    expect(planAccessEntry(undefined, new Map())).toEqual([]);
  });

  it('narrows a scope by associating again, and removes policies no grant needs first', () => {
    expect(
      planAccessEntry(
        managed([
          scoped(ACCESS_POLICIES.view, ['a', 'c']),
          scoped(ACCESS_POLICIES.edit, ['b']),
        ]),
        new Map([[ACCESS_POLICIES.view, ['a']]]),
      ),
    ).toEqual([
      { op: 'disassociate', policyArn: ACCESS_POLICIES.edit },
      { op: 'associate', policyArn: ACCESS_POLICIES.view, namespaces: ['a'] },
    ]);
  });

  it('deletes the entry when nothing is desired', () => {
    expect(
      planAccessEntry(
        managed([scoped(ACCESS_POLICIES.view, ['a'])]),
        new Map(),
      ),
    ).toEqual([{ op: 'delete' }]);
  });

  it('undoes drift on a managed entry: cluster scope, other policies, Kubernetes groups', () => {
    expect(
      planAccessEntry(
        managed(
          [
            {
              policyArn: ACCESS_POLICIES.view,
              accessScope: { type: 'cluster', namespaces: [] },
            },
            {
              policyArn:
                'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
              accessScope: { type: 'cluster', namespaces: [] },
            },
          ],
          { kubernetesGroups: ['cluster-admins'] },
        ),
        new Map([[ACCESS_POLICIES.view, ['a']]]),
      ),
    ).toEqual([
      { op: 'clear-groups' },
      {
        op: 'disassociate',
        policyArn:
          'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      },
      { op: 'associate', policyArn: ACCESS_POLICIES.view, namespaces: ['a'] },
    ]);
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
