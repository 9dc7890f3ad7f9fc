/**
 * The job kinds Kueue manages in the sandbox, as its integrations see them
 * (`pkg/controller/jobs/{job,rayjob,kubeflow}` of Kueue v0.19.2): where a job
 * is suspended, its pod sets (names, counts, templates) and whether it finished.
 */
import { KubeObject } from '../../types';
import { isPlainObject } from '../json';
import { listAt, objectAt } from './kueueApi';

/** One pod set: a group of identical pods, with the template they are made from (live, to inject into). */
export interface JobPodSet {
  name: string;
  count: number;
  template: Record<string, unknown>;
}

/** How a finished job ended. */
export interface JobOutcome {
  success: boolean;
  message: string;
}

/** One integration: a job kind and how Kueue reads and drives it. */
export interface JobIntegration {
  group: string;
  version: string;
  kind: string;
  plural: string;
  isSuspended(job: KubeObject): boolean;
  setSuspended(job: KubeObject, suspended: boolean): void;
  /** The pod sets, in Kueue's order; templates are the job's own objects. */
  podSets(job: KubeObject): JobPodSet[];
  finished(job: KubeObject): JobOutcome | undefined;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value)
    ? value
    : fallback;
}

/** A DNS-label pod set name, as `kueue.NewPodSetReference` lowercases it. */
function podSetName(name: string): string {
  return name.toLowerCase();
}

/** A finished condition (`Complete`/`Succeeded` or `Failed`) with status True. */
function conditionOutcome(
  job: KubeObject,
  successType: string,
): JobOutcome | undefined {
  const c = listAt(objectAt(job, 'status'), 'conditions').find(
    x => (x.type === successType || x.type === 'Failed') && x.status === 'True',
  );
  return c
    ? { success: c.type !== 'Failed', message: String(c.message ?? '') }
    : undefined;
}

const batchJob: JobIntegration = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  isSuspended: job => objectAt(job, 'spec').suspend === true,
  setSuspended(job, suspended) {
    job.spec = { ...objectAt(job, 'spec'), suspend: suspended };
  },
  podSets(job) {
    const spec = objectAt(job, 'spec');
    const parallelism = count(spec.parallelism, 1);
    const completions = count(spec.completions, parallelism);
    return [
      {
        name: 'main',
        count: Math.min(parallelism, completions),
        template: objectAt(spec, 'template'),
      },
    ];
  },
  finished: job => conditionOutcome(job, 'Complete'),
};

/** KubeRay's default submitter pod (`GetDefaultSubmitterContainer`), as Kueue accounts for it. */
function defaultSubmitterTemplate(head: Record<string, unknown>) {
  const containers = listAt(objectAt(head, 'spec'), 'containers');
  return {
    spec: {
      containers: [
        {
          name: 'ray-job-submitter',
          image: containers[0]?.image,
          resources: {
            limits: { cpu: '1', memory: '1Gi' },
            requests: { cpu: '500m', memory: '200Mi' },
          },
        },
      ],
      restartPolicy: 'Never',
    },
  };
}

const rayJob: JobIntegration = {
  group: 'ray.io',
  version: 'v1',
  kind: 'RayJob',
  plural: 'rayjobs',
  isSuspended: job => objectAt(job, 'spec').suspend === true,
  setSuspended(job, suspended) {
    job.spec = { ...objectAt(job, 'spec'), suspend: suspended };
  },
  podSets(job) {
    const spec = objectAt(job, 'spec');
    const cluster = objectAt(spec, 'rayClusterSpec');
    const head = objectAt(objectAt(cluster, 'headGroupSpec'), 'template');
    const sets: JobPodSet[] = [{ name: 'head', count: 1, template: head }];
    for (const group of listAt(cluster, 'workerGroupSpecs')) {
      const hosts = count(group.numOfHosts, 1);
      sets.push({
        name: podSetName(String(group.groupName ?? '')),
        count: count(group.replicas, 1) * (hosts > 1 ? hosts : 1),
        template: objectAt(group, 'template'),
      });
    }
    if (spec.submissionMode === 'K8sJobMode') {
      // The submitter is a pod set of its own; KubeRay's default pod unless given.
      if (!isPlainObject(spec.submitterPodTemplate)) {
        spec.submitterPodTemplate = defaultSubmitterTemplate(head);
      }
      sets.push({
        name: 'submitter',
        count: 1,
        template: spec.submitterPodTemplate as Record<string, unknown>,
      });
    }
    return sets;
  },
  finished(job) {
    const status = objectAt(job, 'status');
    const deployment = status.jobDeploymentStatus;
    if (deployment !== 'Complete' && deployment !== 'Failed') return undefined;
    return {
      success: status.jobStatus === 'SUCCEEDED',
      message: String(status.message ?? ''),
    };
  },
};

const pyTorchJob: JobIntegration = {
  group: 'kubeflow.org',
  version: 'v1',
  kind: 'PyTorchJob',
  plural: 'pytorchjobs',
  isSuspended: job =>
    objectAt(objectAt(job, 'spec'), 'runPolicy').suspend === true,
  setSuspended(job, suspended) {
    const spec = objectAt(job, 'spec');
    job.spec = {
      ...spec,
      runPolicy: { ...objectAt(spec, 'runPolicy'), suspend: suspended },
    };
  },
  podSets(job) {
    const replicas = objectAt(objectAt(job, 'spec'), 'pytorchReplicaSpecs');
    return ['Master', 'Worker']
      .filter(type => isPlainObject(replicas[type]))
      .map(type => {
        const replica = objectAt(replicas, type);
        return {
          name: podSetName(type),
          count: count(replica.replicas, 1),
          template: objectAt(replica, 'template'),
        };
      });
  },
  finished: job => conditionOutcome(job, 'Succeeded'),
};

/** Every integration the sandbox's Kueue runs. */
export const JOB_INTEGRATIONS: JobIntegration[] = [
  batchJob,
  rayJob,
  pyTorchJob,
];

/** The integration of an object's kind, if Kueue manages that kind. */
export function integrationOf(obj: {
  apiVersion: string;
  kind: string;
}): JobIntegration | undefined {
  return JOB_INTEGRATIONS.find(
    i => `${i.group}/${i.version}` === obj.apiVersion && i.kind === obj.kind,
  );
}

/** The uid of the job of a managed kind an object belongs to (its controller owner). */
export function controllerJobUid(obj: KubeObject): string | undefined {
  const refs = obj.metadata.ownerReferences;
  const owner = (Array.isArray(refs) ? refs : []).find(
    r =>
      isPlainObject(r) &&
      r.controller === true &&
      integrationOf({ apiVersion: String(r.apiVersion), kind: String(r.kind) }),
  ) as Record<string, unknown> | undefined;
  return owner ? String(owner.uid) : undefined;
}
