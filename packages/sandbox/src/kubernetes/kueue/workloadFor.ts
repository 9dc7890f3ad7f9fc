/**
 * The Workload Kueue's job reconciler creates for a job (`ConstructWorkload`):
 * its name (`<kind>-<job name>-<5 hex of a SHA-1>`), the controller owner
 * reference, the job-uid label, the resource-in-use finalizer, the queue name,
 * the pod sets and the priority of the pods' PriorityClass.
 */
import { createHash } from 'node:crypto';
import { KubeObject } from '../../types';
import { jsonClone } from '../json';
import { JobIntegration, JobPodSet } from './jobIntegrations';
import {
  JOB_UID_LABEL,
  KUEUE_API_VERSION,
  objectAt,
  QUEUE_NAME_LABEL,
  RESOURCE_IN_USE_FINALIZER,
} from './kueueApi';

/** What a workload name may hold before its hash (253 - `-` - 5). */
const MAX_PREFIX = 253 - 1 - 5;

/** `GetWorkloadNameForOwnerWithGVK`: lowercased kind, job name, and a hash of kind, group, name and uid. */
export function workloadName(
  integration: Pick<JobIntegration, 'group' | 'kind'>,
  jobName: string,
  jobUid: string,
): string {
  const prefix = `${integration.kind.toLowerCase()}-${jobName}`.slice(
    0,
    MAX_PREFIX,
  );
  const hash = createHash('sha1')
    .update(`${integration.kind}\n${integration.group}\n${jobName}\n${jobUid}`)
    .digest('hex');
  return `${prefix}-${hash.slice(0, 5)}`;
}

/** The queue a job names: its label, or the deprecated annotation of the same key. */
export function queueNameOf(job: KubeObject): string | undefined {
  return (
    job.metadata.labels?.[QUEUE_NAME_LABEL] ??
    job.metadata.annotations?.[QUEUE_NAME_LABEL]
  );
}

/** A job's pod sets as a Workload's `spec.podSets` hold them. */
export function workloadPodSets(podSets: JobPodSet[]): unknown[] {
  return podSets.map(ps => ({
    name: ps.name,
    count: ps.count,
    template: jsonClone(ps.template),
  }));
}

/** A PriorityClass as Kueue reads it. */
export interface PriorityClassInfo {
  name: string;
  value: number;
  globalDefault: boolean;
}

/**
 * `ExtractPriority` without WorkloadPriorityClasses: the PriorityClass of the
 * first pod set naming one, else the cluster's global default, else priority 0.
 */
export function workloadPriority(
  podSets: JobPodSet[],
  classes: PriorityClassInfo[],
): { priority: number; priorityClassRef?: Record<string, string> } {
  const named = podSets
    .map(ps => objectAt(ps.template, 'spec').priorityClassName)
    .find((n): n is string => typeof n === 'string' && n !== '');
  const pc = named
    ? classes.find(c => c.name === named)
    : classes.find(c => c.globalDefault);
  if (!pc) return { priority: 0 };
  return {
    priority: pc.value,
    priorityClassRef: {
      group: 'scheduling.k8s.io',
      kind: 'PriorityClass',
      name: pc.name,
    },
  };
}

/** The Workload of a job, before the server stores it (no uid, resourceVersion or status). */
export function workloadFor(
  integration: JobIntegration,
  job: KubeObject,
  queueName: string,
  classes: PriorityClassInfo[],
): KubeObject {
  const podSets = integration.podSets(jsonClone(job));
  const uid = String(job.metadata.uid);
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: 'Workload',
    metadata: {
      name: workloadName(integration, job.metadata.name, uid),
      namespace: job.metadata.namespace,
      labels: { [JOB_UID_LABEL]: uid },
      finalizers: [RESOURCE_IN_USE_FINALIZER],
      ownerReferences: [
        {
          apiVersion: `${integration.group}/${integration.version}`,
          kind: integration.kind,
          name: job.metadata.name,
          uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      active: true,
      queueName,
      podSets: workloadPodSets(podSets),
      ...workloadPriority(podSets, classes),
    },
  };
}
