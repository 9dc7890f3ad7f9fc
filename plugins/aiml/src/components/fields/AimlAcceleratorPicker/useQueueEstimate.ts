import useAsync from 'react-use/esm/useAsync';
import {
  acceleratorFlavorName,
  AimlQueueWaitEstimate,
  queueWaitEstimate,
  TeamQuota,
} from '@eks-aiml/plugin-aiml-common';
import type { AimlApi, AimlCluster } from '../../../api';
import { unitOf } from '../../../lib/format';
import type { AimlAcceleratorSelection } from './schema';

/**
 * The quota a choice is checked against on a cluster: the team's namespace quota,
 * or on a Kueue cluster what Kueue can ever admit for the team (nominal +
 * borrowing limit), as the first step checks a training job there.
 */
export function quotaOnCluster(
  cluster: AimlCluster | undefined,
  quota: TeamQuota | undefined,
): TeamQuota | undefined {
  const scheduling = cluster?.scheduling;
  if (!quota || scheduling?.mode !== 'kueue') return quota;
  const percent = scheduling.borrowingLimitPercent ?? 0;
  const ceiling = (n: number) => n + Math.floor((n * percent) / 100);
  return { gpu: ceiling(quota.gpu), neuronCores: ceiling(quota.neuronCores) };
}

/**
 * On a cluster that queues training with Kueue: how long the choice would wait
 * in the team's queue (from its state now) and the quota the form checks against
 * — what Kueue can ever admit for the team, nominal + borrowing limit — instead
 * of the namespace quota. Nothing on a cluster with `scheduling: quota`.
 */
export function useQueueEstimate(options: {
  api: AimlApi;
  cluster?: AimlCluster;
  teamName?: string;
  selection?: Partial<AimlAcceleratorSelection>;
  pods: number;
  quota?: TeamQuota;
}): { estimate?: AimlQueueWaitEstimate; quota?: TeamQuota } {
  const { api, cluster, teamName, selection, pods } = options;
  const scheduling = cluster?.scheduling;
  const kueue = scheduling?.mode === 'kueue';
  const queues = useAsync(
    async () => (kueue && teamName ? api.getTeamQueues(teamName) : undefined),
    [api, kueue, teamName],
  );
  const quota = quotaOnCluster(cluster, options.quota);
  if (!kueue) return { quota };
  const queue = queues.value?.queues.find(q => q.cluster === cluster?.name);
  if (
    !queue ||
    queue.error ||
    !selection?.instanceType ||
    !selection.capacityType ||
    !selection.resource ||
    !selection.count
  ) {
    return { quota };
  }
  return {
    quota,
    estimate: queueWaitEstimate({
      queue,
      flavor: acceleratorFlavorName(
        selection.instanceType,
        selection.capacityType,
      ),
      resource: selection.resource,
      demand: pods * selection.count,
      unit: `${unitOf(selection.resource)}s`,
    }),
  };
}
