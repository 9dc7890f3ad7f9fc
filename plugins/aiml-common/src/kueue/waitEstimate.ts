import type { AimlTeamQueue } from '../api';

/**
 * What a team's queue would do with a new workload now.
 *
 * @public
 */
export interface AimlQueueWaitEstimate {
  /**
   * `now`: admitted at once within the team's nominal quota; `borrowing`: at once
   * on quota the cohort lends (a lender may reclaim it); `waits`: queued until the
   * quota it needs frees up; `never`: more than the queue can ever admit.
   */
  verdict: 'now' | 'borrowing' | 'waits' | 'never';
  message: string;
}

/**
 * How long a workload would wait in its team's queue, from the queue's state:
 * the workloads pending ahead of it and what the queue could admit now (its
 * unused nominal quota plus what it may borrow of the cohort's). Kueue decides
 * at admission; this is the form's estimate, in words. `demand` is the whole
 * workload (pods × accelerators per pod) of one flavor's resource.
 *
 * @public
 */
export function queueWaitEstimate(options: {
  queue: AimlTeamQueue;
  flavor: string;
  resource: string;
  demand: number;
  unit: string;
}): AimlQueueWaitEstimate {
  const { queue, flavor, resource, demand, unit } = options;
  const row = queue.resources.find(
    r => r.flavor === flavor && r.resource === resource,
  );
  if (!row) {
    return {
      verdict: 'never',
      message: `Queue ${queue.clusterQueue} on ${queue.cluster} has no quota for ${resource} in flavor ${flavor}: Kueue would never admit it. Choose an instance type and capacity type the cluster's queues cover, or ask a platform engineer to add it to aiml.clusters[].kueue.instanceTypes.`,
    };
  }
  const ceiling =
    row.borrowingLimit === undefined
      ? Number.POSITIVE_INFINITY
      : row.nominal + row.borrowingLimit;
  if (demand > ceiling) {
    return {
      verdict: 'never',
      message: `${demand} ${unit} is more than queue ${queue.clusterQueue} can ever admit in ${flavor} (nominal ${row.nominal} + borrowing limit ${row.borrowingLimit}): it would wait forever. Ask for fewer.`,
    };
  }
  const ahead = queue.pendingWorkloads;
  const fitsNominal = demand <= Math.max(0, row.nominal - row.used);
  if (ahead === 0 && demand <= row.available) {
    return fitsNominal
      ? {
          verdict: 'now',
          message: `Admitted at once: ${demand} of the team's ${
            row.nominal - row.used
          } unused ${unit} in ${flavor}.`,
        }
      : {
          verdict: 'borrowing',
          message: `Admitted at once, borrowing ${
            demand - Math.max(0, row.nominal - row.used)
          } ${unit} of ${flavor} from the cohort: a team that needs its quota back may preempt it (the training resumes from its checkpoint).`,
        };
  }
  const short = Math.max(0, demand - row.available);
  return {
    verdict: 'waits',
    message: `Waits in queue ${queue.clusterQueue}: ${ahead} workload${
      ahead === 1 ? '' : 's'
    } pending ahead, ${row.available} ${unit} of ${flavor} available now${
      short > 0 ? ` (${short} more needed)` : ''
    }. It starts when running workloads of the team finish or the cohort has ${unit} to lend.`,
  };
}
