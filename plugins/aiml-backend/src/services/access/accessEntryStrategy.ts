import { randomUUID } from 'node:crypto';
import {
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DisassociateAccessPolicyCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  UpdateAccessEntryCommand,
} from '@aws-sdk/client-eks';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import {
  grantIdentityName,
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';
import {
  AccessEntryChange,
  CurrentAccessEntry,
  isBrokerManaged,
  MANAGED_BY_TAG,
  MANAGED_BY_TAG_VALUE,
  planAccessEntry,
} from './accessEntryPlan';
import { describeError, errorFields } from './describeError';
import { DesiredAccess } from './desiredAccess';
import { HeldLock } from './grantLocks';
import { GrantRoleBindings, LABEL_GRANT_ID } from './grantRoleBindings';
import { KubernetesCalls } from './kubernetesCalls';
import { DEFAULT_EKS_RETRY, RetryOptions, withRetry } from './retry';
import { Grant } from './types';

/** Rounds of read → change → read before giving up on an entry that keeps moving. */
const MAX_ROUNDS = 4;

const NOT_FOUND = 'ResourceNotFoundException';
const isNotFound = (error: unknown) => errorFields(error).name === NOT_FOUND;

/**
 * The access-entry strategy: EKS allows one access entry per IAM principal and
 * entries never expire, so the broker drives each principal's entry to a desired
 * state (one Kubernetes group per wanted grant, `aiml-grant-<id>`, and no access
 * policy) instead of creating one object per grant. What a group may do comes
 * from the grant's RoleBindings ({@link AccessEntryBindings}), never from an AWS
 * managed access policy (EKS's Edit policy is Kubernetes' `edit`, which mints
 * ServiceAccount tokens). It only ever touches entries it created (tag
 * `eks-aiml/managed-by: aiml-broker`), disassociates any policy such an entry
 * carries (older releases associated them), and reports success only once EKS,
 * read back, shows the desired state. Throttling, 5xx, timeouts and dropped
 * connections are retried with bounded backoff.
 *
 * @public
 */
export class AccessEntryStrategy {
  constructor(
    private readonly registry: AimlClusterRegistry,
    private readonly retry: RetryOptions = DEFAULT_EKS_RETRY,
  ) {}

  private client(cluster: string): EKSClient {
    return this.registry.aws().eks(this.registry.getCluster(cluster));
  }

  /** One EKS call, retried; errors named in `passThrough` are thrown as they are. */
  private async call<T>(
    cluster: string,
    what: string,
    fn: (client: EKSClient) => Promise<T>,
    passThrough: string[] = [],
  ): Promise<T> {
    const client = this.client(cluster);
    try {
      return await withRetry(() => fn(client), this.retry);
    } catch (error) {
      if (passThrough.includes(String(errorFields(error).name))) throw error;
      throw new ServiceUnavailableError(
        `EKS did not ${what} on cluster ${cluster}: ${describeError(error)}`,
      );
    }
  }

  /** The principal's entry with its policy associations; undefined when there is none. */
  async read(
    cluster: string,
    principalArn: string,
  ): Promise<CurrentAccessEntry | undefined> {
    const clusterName = cluster;
    try {
      const { accessEntry } = await this.call(
        cluster,
        `describe the access entry of ${principalArn}`,
        c =>
          c.send(new DescribeAccessEntryCommand({ clusterName, principalArn })),
        [NOT_FOUND],
      );
      const policies: CurrentAccessEntry['policies'] = [];
      let nextToken: string | undefined;
      do {
        const token = nextToken;
        const page = await this.call(
          cluster,
          `list the access policies of ${principalArn}`,
          c =>
            c.send(
              new ListAssociatedAccessPoliciesCommand({
                clusterName,
                principalArn,
                nextToken: token,
              }),
            ),
          [NOT_FOUND],
        );
        for (const p of page.associatedAccessPolicies ?? []) {
          policies.push({
            policyArn: p.policyArn ?? '',
            accessScope: {
              type: p.accessScope?.type ?? 'cluster',
              namespaces: p.accessScope?.namespaces ?? [],
            },
          });
        }
        nextToken = page.nextToken;
      } while (nextToken);
      return {
        type: accessEntry?.type ?? 'STANDARD',
        tags: accessEntry?.tags ?? {},
        kubernetesGroups: accessEntry?.kubernetesGroups ?? [],
        policies,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The principal ARNs of every access entry of the cluster. */
  async listPrincipals(cluster: string): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.call(cluster, 'list its access entries', c =>
        c.send(
          new ListAccessEntriesCommand({
            clusterName: cluster,
            nextToken: token,
          }),
        ),
      );
      arns.push(...(page.accessEntries ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  }

  /**
   * Drives the principal's entry to `desired` and confirms it by reading it back.
   * Before the entry gains any group, `beforeAdding` is awaited with the groups
   * about to be added (so what a group may do exists before anyone holds it).
   * Throws ConflictError, changing nothing, when the entry was not created by the
   * broker; ServiceUnavailableError when EKS does not answer or the entry does not
   * settle. Returns how many changes were made.
   */
  async apply(
    cluster: string,
    principalArn: string,
    desired: DesiredAccess,
    lock: HeldLock,
    beforeAdding: (groups: string[]) => Promise<void> = async () => {},
  ): Promise<number> {
    // One token for every CreateAccessEntry of this run, so a retried create is idempotent.
    const clientRequestToken = randomUUID();
    let made = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.read(cluster, principalArn);
      if (current && !isBrokerManaged(current)) {
        throw new ConflictError(
          `Cluster ${cluster} already has an access entry for ${principalArn} that the portal did not create (it lacks the tag ${MANAGED_BY_TAG}=${MANAGED_BY_TAG_VALUE}). The portal never changes or deletes access entries it does not own: ask your platform team to remove that entry, or to tag it ${MANAGED_BY_TAG}=${MANAGED_BY_TAG_VALUE} so the portal manages it, then request access again`,
        );
      }
      const changes = planAccessEntry(current, desired);
      if (changes.length === 0) return made;
      await lock.assertHeld();
      const had = new Set(current?.kubernetesGroups ?? []);
      let prepared = false;
      for (const change of changes) {
        const adding =
          change.op === 'create' || change.op === 'update-groups'
            ? change.kubernetesGroups.filter(g => !had.has(g))
            : [];
        if (adding.length > 0 && !prepared) {
          await beforeAdding(desired.filter(g => !had.has(g)));
          await lock.assertHeld();
          prepared = true;
        }
        await this.execute(cluster, principalArn, change, clientRequestToken);
        made++;
      }
    }
    throw new ServiceUnavailableError(
      `The access entry of ${principalArn} on cluster ${cluster} did not settle after ${MAX_ROUNDS} rounds of changes; the reconciler will retry`,
    );
  }

  private async execute(
    cluster: string,
    principalArn: string,
    change: AccessEntryChange,
    clientRequestToken: string,
  ): Promise<void> {
    const clusterName = cluster;
    const ignoring = async (
      names: string[],
      what: string,
      fn: (c: EKSClient) => Promise<unknown>,
    ) => {
      try {
        await this.call(cluster, what, fn, names);
      } catch (error) {
        if (!names.includes(String(errorFields(error).name))) throw error;
      }
    };
    switch (change.op) {
      case 'create':
        // A 409 means someone else created the entry meanwhile: the next read decides whose it is.
        await ignoring(
          ['ResourceInUseException'],
          `create an access entry for ${principalArn}`,
          c =>
            c.send(
              new CreateAccessEntryCommand({
                clusterName,
                principalArn,
                type: 'STANDARD',
                kubernetesGroups: change.kubernetesGroups,
                tags: { [MANAGED_BY_TAG]: MANAGED_BY_TAG_VALUE },
                clientRequestToken,
              }),
            ),
        );
        return;
      case 'update-groups':
        // Not found: the entry went away meanwhile; the next read recreates it.
        await ignoring(
          [NOT_FOUND],
          `set the Kubernetes groups of ${principalArn}`,
          c =>
            c.send(
              new UpdateAccessEntryCommand({
                clusterName,
                principalArn,
                kubernetesGroups: change.kubernetesGroups,
              }),
            ),
        );
        return;
      case 'disassociate':
        await ignoring(
          [NOT_FOUND],
          `disassociate ${change.policyArn} from ${principalArn}`,
          c =>
            c.send(
              new DisassociateAccessPolicyCommand({
                clusterName,
                principalArn,
                policyArn: change.policyArn,
              }),
            ),
        );
        return;
      case 'delete':
        await ignoring(
          [NOT_FOUND],
          `delete the access entry of ${principalArn}`,
          c =>
            c.send(new DeleteAccessEntryCommand({ clusterName, principalArn })),
        );
        return;
      default:
        throw new Error(`unknown change ${JSON.stringify(change)}`);
    }
  }
}

/**
 * The Kubernetes side of access-entry grants: per grant, RoleBindings
 * `aiml-grant-<id>` in each of its namespaces binding the group `aiml-grant-<id>`
 * to the product's ClusterRole of its level (`aiml-view`, `aiml-edit`, and
 * `aiml-admin` for break-glass), labelled with the grant's id so the reconciler
 * finds those a crash left behind. Every call idempotent and retried.
 *
 * @public
 */
export class AccessEntryBindings {
  private readonly calls: KubernetesCalls;
  private readonly bindings: GrantRoleBindings;

  constructor(
    private readonly registry: AimlClusterRegistry,
    retry?: RetryOptions,
  ) {
    this.calls = new KubernetesCalls(retry);
    this.bindings = new GrantRoleBindings(registry, this.calls);
  }

  /** Creates the grant's RoleBindings (those already there are kept). */
  async create(grant: Grant): Promise<void> {
    await this.bindings.create(grant, {
      kind: 'Group',
      name: grantIdentityName(grant.id),
      apiGroup: 'rbac.authorization.k8s.io',
    });
  }

  /** Deletes the grant's RoleBindings; resolves once the cluster has confirmed each. */
  async delete(
    grant: Pick<Grant, 'id' | 'cluster' | 'namespaces'>,
  ): Promise<void> {
    await this.bindings.delete(grant);
  }

  /** Per grant id, the namespaces holding a RoleBinding of that grant on the cluster. */
  async grantIdsOnCluster(cluster: string): Promise<Map<string, string[]>> {
    const rbac = makeKubernetesApi(
      await this.registry.getBackendKubeConfig(cluster),
      RbacAuthorizationV1Api,
    );
    const list = await this.calls.retrying(() =>
      rbac.listRoleBindingForAllNamespaces({
        labelSelector: `${LABEL_GRANT_ID},${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}`,
      }),
    );
    const found = new Map<string, string[]>();
    for (const item of list.items) {
      const id = item.metadata?.labels?.[LABEL_GRANT_ID];
      const namespace = item.metadata?.namespace;
      // Only the grant's own object (named after it): a hand-made binding that copies the label is not touched.
      if (!id || !namespace || item.metadata?.name !== grantIdentityName(id))
        continue;
      found.set(id, [...(found.get(id) ?? []), namespace].sort());
    }
    return found;
  }

  /** Deletes RoleBindings of a grant the database does not know as active or pending. */
  async deleteOrphan(
    cluster: string,
    grantId: string,
    namespaces: string[],
  ): Promise<void> {
    await this.delete({ id: grantId, cluster, namespaces });
  }
}
