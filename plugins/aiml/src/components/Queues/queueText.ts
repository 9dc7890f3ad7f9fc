import type {
  AimlQueueResource,
  AimlWorkloadQueue,
} from '@eks-aiml/plugin-aiml-common';

const UNITS: Record<string, string> = {
  'nvidia.com/gpu': 'GPUs',
  'aws.amazon.com/neuroncore': 'NeuronCores',
  'aws.amazon.com/neuron': 'Neuron devices',
};

/** The unit of a queue resource, in words. */
export const unitOfResource = (resource: string) => UNITS[resource] ?? resource;

/** Accelerator rows only: host CPU and memory go with them and would crowd the tables. */
export const acceleratorRows = (rows: AimlQueueResource[]) =>
  rows.filter(
    r => r.resource in UNITS && r.resource !== 'aws.amazon.com/neuron',
  );

/** One line saying where a queued workload is and why, from the API's queue state. */
export function queueStateText(q: AimlWorkloadQueue): string {
  const why = q.message ? `: ${q.message}` : '';
  switch (q.state) {
    case 'held':
      return `Held; starting it submits it to queue ${q.localQueue}`;
    case 'pending':
      return `Pending in queue ${q.localQueue}${
        q.position ? `, position ${q.position}` : ''
      } (${q.reason ?? 'Pending'})${why}`;
    case 'admitted':
      return `Admitted by Kueue${
        q.flavors?.length ? ` on ${q.flavors.join(', ')}` : ''
      }`;
    case 'borrowing':
      return `Admitted, borrowing from the cohort${
        q.flavors?.length ? ` on ${q.flavors.join(', ')}` : ''
      }: a lender that needs its quota back may preempt it`;
    case 'preempted':
      return `Preempted (${q.reason ?? 'Preempted'}), queued again${
        q.position ? ` at position ${q.position}` : ''
      }${why}`;
    case 'inactive':
      return `Inactive${why}`;
    case 'finished':
    default:
      return `Finished${q.reason ? ` (${q.reason})` : ''}`;
  }
}
