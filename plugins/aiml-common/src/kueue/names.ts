/**
 * Names the product gives Kueue's objects and the keys it reads on them, shared
 * by provisioning (which makes the queues), rendering (which labels workloads),
 * the backend (which reads queue states) and the sandbox.
 */

/**
 * The Kueue API version the product writes and reads: the storage version of
 * Kueue v0.19 (`kueue.x-k8s.io_*.yaml`, v1beta2 stored; v1beta1 still served).
 *
 * @public
 */
export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';

/**
 * Kueue's label naming the LocalQueue a job is submitted to.
 *
 * @public
 */
export const LABEL_KUEUE_QUEUE_NAME = 'kueue.x-k8s.io/queue-name';

/**
 * Annotation on a golden-path workload of a Kueue cluster: the LocalQueue it is
 * submitted to when the portal starts it. The workload is applied suspended
 * WITHOUT {@link LABEL_KUEUE_QUEUE_NAME}, so Kueue leaves it alone until its
 * image and Pod Identity association exist; the start adds the label and Kueue
 * admits it (by unsuspending it) when the queue has room.
 *
 * @public
 */
export const ANNOTATION_QUEUE_NAME = 'aiml.eks.aws/queue-name';

/**
 * Group annotation: the team's fair-sharing weight in the cohort (overrides the
 * cluster's `kueue.fairSharingWeight`).
 *
 * @public
 */
export const ANNOTATION_FAIR_SHARING_WEIGHT =
  'aiml.eks.aws/fair-sharing-weight';

/**
 * How a cluster shares accelerators between teams: `quota` (a ResourceQuota
 * per team namespace) or `kueue` (a ClusterQueue per team in one cohort).
 *
 * @public
 */
export type AimlSchedulingMode = 'quota' | 'kueue';

/**
 * The capacity types a flavor is made for: Karpenter's `karpenter.sh/capacity-type` values.
 *
 * @public
 */
export type AimlCapacityType = 'spot' | 'on-demand';

/**
 * The ClusterQueue of a team: `aiml-<team>`, prefixed so that a platform's own queues keep their names.
 *
 * @public
 */
export function teamClusterQueueName(team: string): string {
  return `aiml-${team}`;
}

/**
 * The team of a ClusterQueue the product named ({@link teamClusterQueueName}), or
 * undefined for a platform's own queue.
 *
 * @public
 */
export function teamOfClusterQueue(clusterQueue: string): string | undefined {
  const team = clusterQueue.startsWith('aiml-')
    ? clusterQueue.slice('aiml-'.length)
    : '';
  return team || undefined;
}

/**
 * The LocalQueue in each of a team's namespaces: the team's name, what workloads
 * put in {@link LABEL_KUEUE_QUEUE_NAME}. Never `default`, which Kueue's
 * LocalQueueDefaulting would give every job without a queue name.
 *
 * @public
 */
export function teamLocalQueueName(team: string): string {
  return team;
}

/**
 * The ResourceFlavor of an accelerator instance type and capacity type, e.g.
 * `g5-12xlarge-spot` (dots are not allowed in every place a flavor name goes).
 *
 * @public
 */
export function acceleratorFlavorName(
  instanceType: string,
  capacityType: AimlCapacityType,
): string {
  return `${instanceType.replace(/\./g, '-')}-${capacityType}`;
}

/**
 * The ResourceFlavor of host CPU and memory: no node labels, every node.
 *
 * @public
 */
export const HOST_FLAVOR_NAME = 'aiml-host';
