import {
  AimlWorkloadObject,
  AimlWorkloadQueue,
  isSuspended,
  queueOnStart,
  teamClusterQueueName,
  workloadOfJob,
  workloadQueueStates,
} from '@eks-aiml/plugin-aiml-common';
import { KueueState } from './readKueue';

/**
 * The queue state of each of a project's workloads on a Kueue cluster, by
 * `<namespace>/<name>` of the job: `held` until the portal submits it, then the
 * state of the Workload Kueue made for it (pending with its reason and position,
 * admitted, borrowing, preempted), or pending while Kueue has not made one yet.
 * Workloads that are not queued (no queue annotation) have none.
 */
export function projectQueueStates(
  team: string,
  jobs: AimlWorkloadObject[],
  kueue: KueueState,
): Map<string, AimlWorkloadQueue> {
  const states = workloadQueueStates(kueue);
  const out = new Map<string, AimlWorkloadQueue>();
  for (const job of jobs) {
    const localQueue = queueOnStart(job);
    if (localQueue === undefined) continue;
    const key = `${job.metadata.namespace}/${job.metadata.name}`;
    const base = { localQueue, clusterQueue: teamClusterQueueName(team) };
    if (isSuspended(job)) {
      out.set(key, {
        ...base,
        state: 'held',
        reason: 'NotSubmitted',
        message:
          'Held by the portal until its image and Pod Identity association exist; starting it submits it to the queue',
      });
      continue;
    }
    const workload = workloadOfJob(
      job as AimlWorkloadObject & { metadata: { uid?: string } },
      kueue.workloads,
    );
    const state = workload
      ? states.get(`${workload.metadata.namespace}/${workload.metadata.name}`)
      : undefined;
    out.set(
      key,
      state ?? {
        ...base,
        state: 'pending',
        reason: 'NoWorkload',
        message: 'Submitted; Kueue has not made its Workload yet',
      },
    );
  }
  return out;
}
