import { randomUUID } from 'node:crypto';
import { SandboxClock } from '../clock';
import { AccessEntry, AccessPolicyAssociation } from '../types';
import { EksApiError, invalidParameter, notFound } from './eksErrors';

/**
 * EKS access entries and their access policy associations, with the
 * validations EKS applies. Cluster existence is checked by the caller.
 */

/** The access policies EKS offers to standard access entries. */
export const ACCESS_POLICY_NAMES = [
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSAdminPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSViewPolicy',
  'AmazonEKSAdminViewPolicy',
] as const;

/** `arn:aws:eks::aws:cluster-access-policy/<Name>` */
export const ACCESS_POLICY_ARN_PREFIX =
  'arn:aws:eks::aws:cluster-access-policy/';

/** The access entry types EKS knows; only STANDARD entries take policies. */
const ACCESS_ENTRY_TYPES = [
  'STANDARD',
  'FARGATE_LINUX',
  'EC2_LINUX',
  'EC2_WINDOWS',
  'EC2',
  'HYBRID_LINUX',
  'HYPERPOD_LINUX',
];
const RESERVED_USERNAME_PREFIXES = [
  'system:',
  'eks:',
  'aws:',
  'amazon:',
  'iam:',
];
/** A namespace name, or a prefix ending in `*` (EKS allows a trailing wildcard). */
const NAMESPACE = /^(\*|[a-z0-9][-a-z0-9]*\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

/** An access entry as the sandbox stores it. */
export interface StoredAccessEntry extends AccessEntry {
  accessEntryArn: string;
  /** Makes CreateAccessEntry idempotent for retries that reuse the token. */
  clientRequestToken?: string;
}

/** What CreateAccessEntry takes. */
export interface CreateAccessEntryInput {
  principalArn: string;
  kubernetesGroups?: string[];
  tags?: Record<string, string>;
  clientRequestToken?: string;
  username?: string;
  type?: string;
}

/** The cluster an entry belongs to, as far as entries care. */
export interface AccessEntryCluster {
  name: string;
  region: string;
  account: string;
}

/** The parts of an IAM user or role ARN. */
export interface ParsedPrincipalArn {
  account: string;
  kind: 'user' | 'role';
  name: string;
  path: string;
}

/**
 * An IAM user or role ARN of the `aws` partition. STS session ARNs
 * (`arn:aws:sts::…:assumed-role/…`) are refused: entries name the role.
 */
export function parsePrincipalArn(arn: string): ParsedPrincipalArn {
  const m =
    /^arn:aws:iam::(\d{12}):(user|role)\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/.exec(
      arn,
    );
  if (!m)
    throw invalidParameter('The principalArn parameter format is not valid');
  if (m[2] === 'role' && m[3].startsWith('aws-service-role/')) {
    throw invalidParameter(
      'The caller is not allowed to modify access entries with a principalArn value of a Service Linked Role',
    );
  }
  return {
    account: m[1],
    kind: m[2] as ParsedPrincipalArn['kind'],
    path: m[3],
    name: m[4],
  };
}

/** The username EKS gives an entry created without one. */
function defaultUsername(
  type: string,
  principal: ParsedPrincipalArn,
  arn: string,
): string {
  if (type === 'STANDARD') {
    return principal.kind === 'user'
      ? arn
      : `arn:aws:sts::${principal.account}:assumed-role/${principal.name}/{{SessionName}}`;
  }
  return type.startsWith('EC2')
    ? 'system:node:{{EC2PrivateDNSName}}'
    : 'system:node:{{SessionName}}';
}

function validateStandardIdentity(input: {
  username?: string;
  kubernetesGroups?: string[];
}): void {
  const reserved = RESERVED_USERNAME_PREFIXES.find(p =>
    input.username?.startsWith(p),
  );
  if (reserved) {
    throw invalidParameter(
      `The username ${input.username} is not valid: it can't start with ${reserved}`,
    );
  }
  for (const group of input.kubernetesGroups ?? []) {
    if (group === '' || group.startsWith('system:')) {
      throw invalidParameter(
        `The kubernetes group name ${group} is invalid, it cannot be empty or start with system:`,
      );
    }
  }
}

/** Checks a policy ARN names one of the EKS access policies. */
export function validatePolicyArn(policyArn: string): void {
  const name = policyArn.startsWith(ACCESS_POLICY_ARN_PREFIX)
    ? policyArn.slice(ACCESS_POLICY_ARN_PREFIX.length)
    : undefined;
  if (!name || !(ACCESS_POLICY_NAMES as readonly string[]).includes(name)) {
    throw invalidParameter(
      `The policyArn ${policyArn} is not valid. Valid access policies are listed by list-access-policies.`,
    );
  }
}

/** Cluster scope has no namespaces; namespace scope has at least one. */
export function validateAccessScope(
  scope: { type?: string; namespaces?: string[] } | undefined,
): AccessPolicyAssociation['accessScope'] {
  if (!scope || (scope.type !== 'cluster' && scope.type !== 'namespace')) {
    throw invalidParameter(
      `The accessScope type ${
        scope?.type ?? 'null'
      } is not valid. Valid values are [cluster, namespace]`,
    );
  }
  const namespaces = scope.namespaces ?? [];
  if (scope.type === 'cluster') {
    if (namespaces.length > 0) {
      throw invalidParameter(
        'Namespaces can not be specified when the accessScope type is cluster',
      );
    }
    return { type: 'cluster', namespaces: [] };
  }
  if (namespaces.length === 0) {
    throw invalidParameter(
      'At least one namespace must be specified when the accessScope type is namespace',
    );
  }
  const invalid = namespaces.find(n => n.length > 63 || !NAMESPACE.test(n));
  if (invalid !== undefined) {
    throw invalidParameter(`The namespace ${invalid} is not a valid namespace`);
  }
  return { type: 'namespace', namespaces: [...new Set(namespaces)] };
}

function copyEntry(entry: StoredAccessEntry): StoredAccessEntry {
  return {
    ...entry,
    kubernetesGroups: [...entry.kubernetesGroups],
    tags: { ...entry.tags },
    policies: entry.policies.map(p => ({
      ...p,
      accessScope: {
        ...p.accessScope,
        namespaces: p.accessScope.namespaces && [...p.accessScope.namespaces],
      },
    })),
  };
}

const ENTRY_NOT_FOUND =
  "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.";

/** The access entries of every cluster, keyed by cluster and principal ARN. */
export class AccessEntryStore {
  private readonly entries = new Map<string, StoredAccessEntry>();

  constructor(
    private readonly clock: SandboxClock,
    entries: StoredAccessEntry[] = [],
  ) {
    entries.forEach(e =>
      this.entries.set(this.key(e.clusterName, e.principalArn), copyEntry(e)),
    );
  }

  private key(clusterName: string, principalArn: string): string {
    return `${clusterName}\n${principalArn}`;
  }

  /** Every entry, for persistence. */
  all(): StoredAccessEntry[] {
    return [...this.entries.values()].map(copyEntry);
  }

  get(
    clusterName: string,
    principalArn: string,
  ): StoredAccessEntry | undefined {
    const entry = this.entries.get(this.key(clusterName, principalArn));
    return entry && copyEntry(entry);
  }

  /** An entry, or EKS's ResourceNotFoundException. */
  describe(clusterName: string, principalArn: string): StoredAccessEntry {
    return copyEntry(this.require(clusterName, principalArn));
  }

  private require(clusterName: string, principalArn: string) {
    const entry = this.entries.get(this.key(clusterName, principalArn));
    if (!entry) throw notFound(ENTRY_NOT_FOUND);
    return entry;
  }

  /** A cluster's entries by principal ARN, optionally only those with a policy. */
  list(clusterName: string, associatedPolicyArn?: string): StoredAccessEntry[] {
    if (associatedPolicyArn !== undefined)
      validatePolicyArn(associatedPolicyArn);
    return [...this.entries.values()]
      .filter(e => e.clusterName === clusterName)
      .filter(
        e =>
          associatedPolicyArn === undefined ||
          e.policies.some(p => p.policyArn === associatedPolicyArn),
      )
      .sort((a, b) => (a.principalArn < b.principalArn ? -1 : 1))
      .map(copyEntry);
  }

  create(
    cluster: AccessEntryCluster,
    input: CreateAccessEntryInput,
  ): StoredAccessEntry {
    const principal = parsePrincipalArn(input.principalArn);
    const existing = this.entries.get(
      this.key(cluster.name, input.principalArn),
    );
    if (existing) {
      if (
        input.clientRequestToken !== undefined &&
        input.clientRequestToken === existing.clientRequestToken
      ) {
        return copyEntry(existing);
      }
      throw new EksApiError(
        409,
        'ResourceInUseException',
        'The specified access entry resource is already in use on this cluster.',
      );
    }
    const type = input.type ?? 'STANDARD';
    if (!ACCESS_ENTRY_TYPES.includes(type)) {
      throw invalidParameter(
        `The type ${type} is not valid. Valid values are [${ACCESS_ENTRY_TYPES.join(
          ', ',
        )}]`,
      );
    }
    if (type === 'STANDARD') {
      validateStandardIdentity(input);
    } else if (
      principal.kind !== 'role' ||
      input.username !== undefined ||
      (input.kubernetesGroups ?? []).length > 0
    ) {
      throw invalidParameter(
        `An access entry of type ${type} needs an IAM role principal and can't set username or kubernetesGroups.`,
      );
    }
    const now = this.clock.nowMs();
    const entry: StoredAccessEntry = {
      clusterName: cluster.name,
      principalArn: input.principalArn,
      accessEntryArn: `arn:aws:eks:${cluster.region}:${
        cluster.account
      }:access-entry/${cluster.name}/${principal.kind}/${principal.account}/${
        principal.name
      }/${randomUUID()}`,
      username:
        input.username ?? defaultUsername(type, principal, input.principalArn),
      kubernetesGroups: [...new Set(input.kubernetesGroups ?? [])],
      type,
      tags: { ...input.tags },
      createdAtMs: now,
      modifiedAtMs: now,
      policies: [],
      clientRequestToken: input.clientRequestToken,
    };
    this.entries.set(this.key(cluster.name, input.principalArn), entry);
    return copyEntry(entry);
  }

  /** UpdateAccessEntry: new groups and/or username of a standard entry. */
  update(
    clusterName: string,
    principalArn: string,
    input: { kubernetesGroups?: string[]; username?: string },
  ): StoredAccessEntry {
    const entry = this.require(clusterName, principalArn);
    if (entry.type !== 'STANDARD') {
      throw invalidParameter(
        'This operation can only be performed on Access Entries with a type of "STANDARD".',
      );
    }
    validateStandardIdentity(input);
    if (input.kubernetesGroups !== undefined) {
      entry.kubernetesGroups = [...new Set(input.kubernetesGroups)];
    }
    if (input.username !== undefined) entry.username = input.username;
    entry.modifiedAtMs = this.clock.nowMs();
    return copyEntry(entry);
  }

  delete(clusterName: string, principalArn: string): void {
    this.require(clusterName, principalArn);
    this.entries.delete(this.key(clusterName, principalArn));
  }

  /** Drops a cluster's entries (with the cluster). */
  deleteCluster(clusterName: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.clusterName === clusterName) this.entries.delete(key);
    }
  }

  /** AssociateAccessPolicy: associating an associated policy again replaces its scope. */
  associate(
    clusterName: string,
    principalArn: string,
    policyArn: string,
    scope: { type?: string; namespaces?: string[] } | undefined,
  ): AccessPolicyAssociation {
    const entry = this.require(clusterName, principalArn);
    if (entry.type !== 'STANDARD') {
      throw invalidParameter(
        'This operation can only be performed on Access Entries with a type of "STANDARD".',
      );
    }
    validatePolicyArn(policyArn);
    const accessScope = validateAccessScope(scope);
    const now = this.clock.nowMs();
    const existing = entry.policies.find(p => p.policyArn === policyArn);
    const association: AccessPolicyAssociation = {
      policyArn,
      accessScope,
      associatedAtMs: existing?.associatedAtMs ?? now,
      modifiedAtMs: now,
    };
    entry.policies = [
      ...entry.policies.filter(p => p.policyArn !== policyArn),
      association,
    ];
    entry.modifiedAtMs = now;
    return { ...association, accessScope: { ...accessScope } };
  }

  disassociate(
    clusterName: string,
    principalArn: string,
    policyArn: string,
  ): void {
    const entry = this.require(clusterName, principalArn);
    if (!entry.policies.some(p => p.policyArn === policyArn)) {
      throw notFound(
        `The specified policyArn ${policyArn} is not associated with the principalArn.`,
      );
    }
    entry.policies = entry.policies.filter(p => p.policyArn !== policyArn);
    entry.modifiedAtMs = this.clock.nowMs();
  }

  /** The policies associated with an entry, by policy ARN. */
  policies(
    clusterName: string,
    principalArn: string,
  ): AccessPolicyAssociation[] {
    return copyEntry(this.require(clusterName, principalArn)).policies.sort(
      (a, b) => (a.policyArn < b.policyArn ? -1 : 1),
    );
  }
}
