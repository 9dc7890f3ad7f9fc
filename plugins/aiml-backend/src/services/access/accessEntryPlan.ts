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
  | { op: 'create' }
  | { op: 'clear-groups' }
  | { op: 'disassociate'; policyArn: string }
  | { op: 'associate'; policyArn: string; namespaces: string[] }
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

const sameNamespaces = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((n, i) => n === b[i]);

/**
 * The calls that turn a broker-managed entry (or none) into the desired one, with
 * access taken away before any is added: Kubernetes groups someone added are
 * cleared, policies not desired (or cluster-scoped) disassociated, the others
 * associated with exactly the desired namespaces. Nothing desired: the entry is
 * deleted. No calls: the entry is as desired. Pure; the caller checks ownership.
 *
 * @public
 */
export function planAccessEntry(
  current: CurrentAccessEntry | undefined,
  desired: DesiredAccess,
): AccessEntryChange[] {
  if (desired.size === 0) return current ? [{ op: 'delete' }] : [];
  const associate = (
    keep: (policyArn: string, namespaces: string[]) => boolean,
  ): AccessEntryChange[] =>
    [...desired.entries()]
      .filter(([policyArn, namespaces]) => !keep(policyArn, namespaces))
      .map(([policyArn, namespaces]) => ({
        op: 'associate',
        policyArn,
        namespaces,
      }));
  if (!current) return [{ op: 'create' }, ...associate(() => false)];
  const changes: AccessEntryChange[] = [];
  if (current.kubernetesGroups.length > 0) changes.push({ op: 'clear-groups' });
  for (const p of current.policies) {
    if (!desired.has(p.policyArn)) {
      changes.push({ op: 'disassociate', policyArn: p.policyArn });
    }
  }
  changes.push(
    ...associate((policyArn, namespaces) =>
      current.policies.some(
        p =>
          p.policyArn === policyArn &&
          p.accessScope.type === 'namespace' &&
          sameNamespaces(p.accessScope.namespaces, namespaces),
      ),
    ),
  );
  return changes;
}
