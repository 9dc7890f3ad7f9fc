import { DesiredAccess } from './desiredAccess';

/**
 * The tag that marks an access entry as created by the broker. The broker changes
 * and deletes only entries that carry it.
 *
 * @public
 */
export const MANAGED_BY_TAG = 'eks-aiml/managed-by';
/**
 * The value of {@link MANAGED_BY_TAG} on the broker's entries.
 *
 * @public
 */
export const MANAGED_BY_TAG_VALUE = 'aiml-broker';

/**
 * An access entry as EKS describes it, with its policy associations.
 *
 * @public
 */
export interface CurrentAccessEntry {
  type: string;
  tags: Record<string, string>;
  kubernetesGroups: string[];
  policies: {
    policyArn: string;
    accessScope: { type: string; namespaces: string[] };
  }[];
}

/**
 * One EKS call that moves an entry towards the desired state.
 *
 * @public
 */
export type AccessEntryChange =
  | { op: 'create'; kubernetesGroups: string[] }
  | { op: 'disassociate'; policyArn: string }
  | { op: 'update-groups'; kubernetesGroups: string[] }
  | { op: 'delete' };

/**
 * Whether the broker created an entry: a STANDARD entry with the broker's tag.
 *
 * @public
 */
export function isBrokerManaged(entry: CurrentAccessEntry): boolean {
  return (
    entry.type === 'STANDARD' &&
    entry.tags[MANAGED_BY_TAG] === MANAGED_BY_TAG_VALUE
  );
}

const sorted = (groups: string[]) => [...new Set(groups)].sort();
const sameGroups = (a: string[], b: string[]) => {
  const x = sorted(a);
  const y = sorted(b);
  return x.length === y.length && x.every((g, i) => g === y[i]);
};

/**
 * The calls that turn a broker-managed entry (or none) into the desired one, with
 * access taken away before any is added. The desired state is a list of
 * Kubernetes groups (one per wanted grant) and no access policy: every associated
 * policy is disassociated (drift, or an AWS managed policy an older release
 * associated); groups no grant wants are removed (an UpdateAccessEntry to the
 * groups both have) before the missing ones are added (one to exactly the desired
 * groups). Nothing desired: the entry is deleted. No calls: the entry is as
 * desired. Pure; the caller checks ownership.
 *
 * @public
 */
export function planAccessEntry(
  current: CurrentAccessEntry | undefined,
  desired: DesiredAccess,
): AccessEntryChange[] {
  const groups = sorted(desired);
  if (groups.length === 0) return current ? [{ op: 'delete' }] : [];
  if (!current) return [{ op: 'create', kubernetesGroups: groups }];
  const changes: AccessEntryChange[] = current.policies.map(p => ({
    op: 'disassociate',
    policyArn: p.policyArn,
  }));
  if (sameGroups(current.kubernetesGroups, groups)) return changes;
  const kept = sorted(current.kubernetesGroups).filter(g => groups.includes(g));
  if (!sameGroups(kept, current.kubernetesGroups)) {
    changes.push({ op: 'update-groups', kubernetesGroups: kept });
  }
  if (!sameGroups(kept, groups)) {
    changes.push({ op: 'update-groups', kubernetesGroups: groups });
  }
  return changes;
}
