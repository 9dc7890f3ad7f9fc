import type {
  AimlCohortLoan,
  AimlQueueResource,
  AimlWorkloadQueue,
} from '../api';
import { parseQuantity } from '../quantity';
import type {
  KueueClusterQueue,
  KueueCondition,
  KueueLocalQueue,
  KueueWorkload,
} from './kueueTypes';

const condition = (w: KueueWorkload, type: string) =>
  w.status?.conditions?.find(c => c.type === type);
const isTrue = (c: KueueCondition | undefined) => c?.status === 'True';

/** A quantity in the resource's units: GiB for memory, as is for the rest. */
function amount(resource: string, q: string | number | undefined): number {
  const value = q === undefined ? 0 : parseQuantity(q) ?? 0;
  return resource === 'memory' ? value / 2 ** 30 : value;
}

const key = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

/**
 * When a pending workload joined the queue, as Kueue orders it by default
 * (`requeuingStrategy.timestamp: Eviction`): its last eviction, else its creation.
 */
function queuedAt(w: KueueWorkload): string {
  const evicted = condition(w, 'Evicted');
  return (
    (isTrue(evicted) ? evicted?.lastTransitionTime : undefined) ??
    w.metadata.creationTimestamp ??
    ''
  );
}

/** The ClusterQueue a workload is queued in: its admission's, else its LocalQueue's. */
function clusterQueueOf(
  w: KueueWorkload,
  localQueues: Map<string, string>,
): string | undefined {
  return (
    w.status?.admission?.clusterQueue ??
    localQueues.get(key(w.metadata.namespace, w.spec?.queueName ?? ''))
  );
}

/** Whether an admitted workload holds a flavor's resource its ClusterQueue holds above nominal. */
function borrows(w: KueueWorkload, cq: KueueClusterQueue | undefined): boolean {
  const borrowed = new Set(
    (cq?.status?.flavorsUsage ?? []).flatMap(f =>
      f.resources
        .filter(r => amount(r.name, r.borrowed) > 0)
        .map(r => `${f.name}/${r.name}`),
    ),
  );
  return (w.status?.admission?.podSetAssignments ?? []).some(p =>
    Object.entries(p.flavors ?? {}).some(([resource, flavor]) =>
      borrowed.has(`${flavor}/${resource}`),
    ),
  );
}

type Decided = Omit<AimlWorkloadQueue, 'localQueue' | 'clusterQueue'>;

/** The state a workload's conditions say, before positions are counted. */
function decide(w: KueueWorkload, cq: KueueClusterQueue | undefined): Decided {
  const since = (c: KueueCondition | undefined) =>
    c?.lastTransitionTime ? { since: c.lastTransitionTime } : {};
  const said = (c: KueueCondition | undefined) => ({
    ...(c?.reason ? { reason: c.reason } : {}),
    ...(c?.message ? { message: c.message } : {}),
    ...since(c),
  });
  const finished = condition(w, 'Finished');
  if (isTrue(finished)) return { state: 'finished', ...said(finished) };
  const admitted = condition(w, 'Admitted');
  if (isTrue(admitted)) {
    const flavors = [
      ...new Set(
        (w.status?.admission?.podSetAssignments ?? []).flatMap(p =>
          Object.values(p.flavors ?? {}),
        ),
      ),
    ].sort();
    return {
      state: borrows(w, cq) ? 'borrowing' : 'admitted',
      ...said(admitted),
      flavors,
    };
  }
  if (w.spec?.active === false) {
    return {
      state: 'inactive',
      reason: 'Deactivated',
      message:
        'The Workload is deactivated (spec.active false): Kueue does not queue it until it is activated again',
    };
  }
  const preempted = condition(w, 'Preempted');
  const evicted = condition(w, 'Evicted');
  if (isTrue(preempted) || isTrue(evicted)) {
    return {
      state: 'preempted',
      ...said(isTrue(preempted) ? preempted : evicted),
    };
  }
  const reserved = condition(w, 'QuotaReserved');
  if (isTrue(reserved)) {
    return {
      state: 'pending',
      reason: 'QuotaReserved',
      message:
        'Quota is reserved; Kueue admits it once its admission checks pass',
      ...since(reserved),
    };
  }
  return reserved
    ? { state: 'pending', ...said(reserved) }
    : {
        state: 'pending',
        reason: 'Queued',
        message: 'Kueue has not considered it yet',
      };
}

/**
 * The queue state of each Workload, keyed `<namespace>/<name>`: from its
 * conditions (Finished, Admitted, Preempted, Evicted, QuotaReserved), whether its
 * ClusterQueue borrows what it was admitted with, and for pending and preempted
 * workloads their position in their ClusterQueue — Kueue's order: higher
 * priority first, then the time it was queued (its last eviction, else its
 * creation), then its name. A position counts the workloads given, so give every
 * Workload of the ClusterQueue's namespaces.
 *
 * @public
 */
export function workloadQueueStates(input: {
  workloads: KueueWorkload[];
  localQueues: KueueLocalQueue[];
  clusterQueues: KueueClusterQueue[];
}): Map<string, AimlWorkloadQueue> {
  const localQueues = new Map(
    input.localQueues.map(q => [
      key(q.metadata.namespace, q.metadata.name),
      q.spec.clusterQueue,
    ]),
  );
  const cqs = new Map(input.clusterQueues.map(q => [q.metadata.name, q]));
  const states = input.workloads.map(w => {
    const clusterQueue = clusterQueueOf(w, localQueues) ?? '';
    return {
      w,
      state: {
        localQueue: w.spec?.queueName ?? '',
        clusterQueue,
        workload: w.metadata.name,
        ...decide(w, cqs.get(clusterQueue)),
      } as AimlWorkloadQueue,
    };
  });
  const waiting = states
    .filter(s => s.state.state === 'pending' || s.state.state === 'preempted')
    .sort(
      (a, b) =>
        a.state.clusterQueue.localeCompare(b.state.clusterQueue) ||
        (b.w.spec?.priority ?? 0) - (a.w.spec?.priority ?? 0) ||
        queuedAt(a.w).localeCompare(queuedAt(b.w)) ||
        a.w.metadata.name.localeCompare(b.w.metadata.name),
    );
  const ahead = new Map<string, number>();
  for (const s of waiting) {
    const n = (ahead.get(s.state.clusterQueue) ?? 0) + 1;
    ahead.set(s.state.clusterQueue, n);
    s.state.position = n;
  }
  return new Map(
    states.map(s => [key(s.w.metadata.namespace, s.w.metadata.name), s.state]),
  );
}

/**
 * The Workload Kueue made for a job: the one whose owner reference names it
 * (kind, name and, when known, uid).
 *
 * @public
 */
export function workloadOfJob(
  job: {
    kind: string;
    metadata: { name: string; namespace?: string; uid?: string };
  },
  workloads: KueueWorkload[],
): KueueWorkload | undefined {
  return workloads.find(
    w =>
      w.metadata.namespace === job.metadata.namespace &&
      (w.metadata.ownerReferences ?? []).some(
        o =>
          o.kind === job.kind &&
          o.name === job.metadata.name &&
          (!job.metadata.uid || !o.uid || o.uid === job.metadata.uid),
      ),
  );
}

/** One quota row of a ClusterQueue, before the cohort is looked at. */
interface QuotaRow {
  flavor: string;
  resource: string;
  nominal: number;
  borrowingLimit?: number;
  lendingLimit?: number;
  used: number;
  borrowed: number;
}

function quotaRows(cq: KueueClusterQueue): QuotaRow[] {
  const usage = new Map(
    (cq.status?.flavorsUsage ?? []).flatMap(f =>
      f.resources.map(r => [`${f.name}/${r.name}`, r] as const),
    ),
  );
  return (cq.spec.resourceGroups ?? []).flatMap(g =>
    g.flavors.flatMap(f =>
      f.resources.map(q => {
        const used = usage.get(`${f.name}/${q.name}`);
        return {
          flavor: f.name,
          resource: q.name,
          nominal: amount(q.name, q.nominalQuota),
          ...(q.borrowingLimit === undefined
            ? {}
            : { borrowingLimit: amount(q.name, q.borrowingLimit) }),
          ...(q.lendingLimit === undefined
            ? {}
            : { lendingLimit: amount(q.name, q.lendingLimit) }),
          used: amount(q.name, used?.total),
          borrowed: amount(q.name, used?.borrowed),
        };
      }),
    ),
  );
}

const rowOf = (cq: KueueClusterQueue, flavor: string, resource: string) =>
  quotaRows(cq).find(r => r.flavor === flavor && r.resource === resource);

/** What a queue of the cohort may lend of one flavor's resource now: its unused nominal quota, within its lending limit. */
function lendable(cq: KueueClusterQueue, flavor: string, resource: string) {
  const row = rowOf(cq, flavor, resource);
  if (!row) return 0;
  const unused = Math.max(0, row.nominal - Math.min(row.used, row.nominal));
  return row.lendingLimit === undefined
    ? unused
    : Math.min(unused, row.lendingLimit);
}

/** Rounds to two decimals: shares of a borrowed amount are fractions. */
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Who borrows from whom in a cohort, per flavor and resource. Kueue pools the
 * cohort's unused quota and records only what each queue borrows, so each
 * borrower's amount is attributed to the other queues in proportion to what
 * each leaves unused (within its lending limit). `teamOf` names a queue's team.
 *
 * @public
 */
export function cohortLoans(
  queues: KueueClusterQueue[],
  teamOf: (clusterQueue: string) => string,
): AimlCohortLoan[] {
  const loans: AimlCohortLoan[] = [];
  for (const borrower of queues) {
    for (const r of quotaRows(borrower).filter(x => x.borrowed > 0)) {
      const lenders = queues
        .filter(q => q !== borrower)
        .map(q => ({ q, spare: lendable(q, r.flavor, r.resource) }))
        .filter(l => l.spare > 0);
      const spare = lenders.reduce((s, l) => s + l.spare, 0);
      for (const l of lenders) {
        loans.push({
          flavor: r.flavor,
          resource: r.resource,
          borrower: teamOf(borrower.metadata.name),
          lender: teamOf(l.q.metadata.name),
          amount: round((r.borrowed * l.spare) / spare),
        });
      }
    }
  }
  return loans;
}

/**
 * A ClusterQueue's quota and usage per flavor and resource, from its spec and
 * `status.flavorsUsage`, with what the cohort changes: `lent` (the cohort's
 * loans from this queue's team) and `available` — its unused nominal quota plus
 * what it may still borrow: the other queues' lendable quota less what every
 * queue already borrows, within its borrowing limit. Without the cohort, nothing
 * is lent or borrowable.
 *
 * @public
 */
export function queueResources(
  cq: KueueClusterQueue,
  cohort?: {
    queues: KueueClusterQueue[];
    loans: AimlCohortLoan[];
    team: string;
  },
): AimlQueueResource[] {
  const others = (cohort?.queues ?? []).filter(
    q => q.metadata.name !== cq.metadata.name,
  );
  return quotaRows(cq).map(row => {
    const lent = (cohort?.loans ?? [])
      .filter(
        l =>
          l.lender === cohort?.team &&
          l.flavor === row.flavor &&
          l.resource === row.resource,
      )
      .reduce((s, l) => s + l.amount, 0);
    const pool = others.reduce(
      (s, q) =>
        s +
        lendable(q, row.flavor, row.resource) -
        (rowOf(q, row.flavor, row.resource)?.borrowed ?? 0),
      -row.borrowed,
    );
    const mayBorrow =
      row.borrowingLimit === undefined
        ? Number.POSITIVE_INFINITY
        : Math.max(0, row.borrowingLimit - row.borrowed);
    return {
      ...row,
      lent: round(lent),
      available: round(
        Math.max(0, row.nominal - row.used) +
          Math.min(mayBorrow, Math.max(0, pool)),
      ),
    };
  });
}
