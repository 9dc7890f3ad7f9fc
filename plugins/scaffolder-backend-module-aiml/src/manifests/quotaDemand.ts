import {
  ANNOTATION_REPLICAS_WHEN_READY,
  podResourceAmounts,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../kubernetes/types';

/** The resources of accelerators, as pods request them and quotas limit them. */
export const ACCELERATOR_RESOURCES = [
  'nvidia.com/gpu',
  'aws.amazon.com/neuroncore',
  'aws.amazon.com/neuron',
] as const;

/** KEDA's `maxReplicaCount` when a ScaledObject states none (keda.sh, ScaledObject spec). */
const KEDA_DEFAULT_MAX_REPLICAS = 100;
/** A Deployment's `maxSurge` when its RollingUpdate strategy states none (Kubernetes' default). */
const DEFAULT_MAX_SURGE = '25%';

/**
 * The pods of one template of a workload at its largest: how many at its
 * maximum scale and how many more a rollout adds, with what sets each, and what
 * one pod requests of each accelerator resource.
 */
export type PodGroupDemand = {
  /** `Deployment chat`, `PyTorchJob ft Worker`: how messages name the pods. */
  workload: string;
  /** Accelerators one pod requests, by resource (`nvidia.com/gpu`); only those it requests. */
  perPod: Record<string, number>;
  maxPods: number;
  /** What sets `maxPods`, e.g. `maxReplicaCount of KEDA ScaledObject chat`. */
  maxPodsBy: string;
  /** Pods a rolling update runs beside `maxPods` (a Deployment's surge); 0 otherwise. */
  surgePods: number;
  /** What sets `surgePods`, e.g. `maxSurge 1 of its RollingUpdate strategy`. */
  surgeBy?: string;
  /** A maxSurge given as a percentage: the surge then follows the scale (rounded up). */
  surgePercent?: number;
  /** Whether `maxPods` comes from an autoscaler or an elastic policy (maxReplicas). */
  scales: boolean;
};

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : {};
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : fallback;
}

/** The accelerators of a pod template, per pod. */
function acceleratorsOf(template: unknown): Record<string, number> {
  const requests = podResourceAmounts(obj(template));
  const out: Record<string, number> = {};
  for (const resource of ACCELERATOR_RESOURCES) {
    if (requests[resource]) out[resource] = requests[resource];
  }
  return out;
}

/** The autoscaler (HPA or KEDA ScaledObject) scaling an object, with its bounds. */
function autoscalerOf(
  target: KubeObject,
  objects: KubeObject[],
): { max: number; by: string } | undefined {
  for (const o of objects) {
    const spec = obj(o.spec);
    const ref = obj(spec.scaleTargetRef);
    if (o.kind === 'HorizontalPodAutoscaler') {
      if (ref.kind === target.kind && ref.name === target.metadata.name) {
        return {
          max: count(spec.maxReplicas, 1),
          by: `maxReplicas of HorizontalPodAutoscaler ${o.metadata.name}`,
        };
      }
    } else if (o.kind === 'ScaledObject') {
      // A ScaledObject names a Deployment when it names no kind (KEDA's default).
      if (
        (ref.kind ?? 'Deployment') === target.kind &&
        ref.name === target.metadata.name
      ) {
        return {
          max: count(spec.maxReplicaCount, KEDA_DEFAULT_MAX_REPLICAS),
          by:
            spec.maxReplicaCount === undefined
              ? `KEDA's default maxReplicaCount (${KEDA_DEFAULT_MAX_REPLICAS}) of ScaledObject ${o.metadata.name}`
              : `maxReplicaCount of KEDA ScaledObject ${o.metadata.name}`,
        };
      }
    }
  }
  return undefined;
}

/**
 * The pods a Deployment's rollout adds at `replicas` (Kubernetes rounds a
 * percentage of maxSurge up); none for the Recreate strategy.
 */
export function deploymentSurge(
  strategy: unknown,
  replicas: number,
): { pods: number; by?: string; percent?: number } {
  const s = obj(strategy);
  if (s.type === 'Recreate') return { pods: 0 };
  const stated = obj(s.rollingUpdate).maxSurge;
  const surge = stated ?? DEFAULT_MAX_SURGE;
  const by =
    stated === undefined
      ? `Kubernetes' default maxSurge (${DEFAULT_MAX_SURGE}, rounded up)`
      : `maxSurge ${String(surge)} of its RollingUpdate strategy`;
  if (typeof surge === 'number') return { pods: Math.max(0, surge), by };
  const percent = /^(\d+)%$/.exec(String(surge));
  if (!percent) return { pods: 0 };
  return {
    pods: Math.ceil((Number(percent[1]) * replicas) / 100),
    by,
    percent: Number(percent[1]),
  };
}

/** A Deployment or StatefulSet: at its autoscaler's maximum, with a Deployment's surge. */
function scaledGroups(
  target: KubeObject,
  objects: KubeObject[],
): PodGroupDemand[] {
  const spec = obj(target.spec);
  const name = `${target.kind} ${target.metadata.name}`;
  // A Deployment applied held (at zero) gets its replicas when started.
  const replicas = Math.max(
    count(spec.replicas, 1),
    count(
      Number(target.metadata.annotations?.[ANNOTATION_REPLICAS_WHEN_READY]),
      0,
    ),
  );
  const scaler = autoscalerOf(target, objects);
  const maxPods = scaler ? Math.max(scaler.max, replicas) : replicas;
  const surge: ReturnType<typeof deploymentSurge> =
    target.kind === 'Deployment'
      ? deploymentSurge(spec.strategy, maxPods)
      : { pods: 0 };
  return [
    {
      workload: name,
      perPod: acceleratorsOf(spec.template),
      maxPods,
      maxPodsBy: scaler ? scaler.by : `its replicas`,
      surgePods: surge.pods,
      surgeBy: surge.by,
      surgePercent: surge.percent,
      scales: !!scaler,
    },
  ];
}

/** A Ray cluster's head and worker groups; autoscaled groups at their maxReplicas. */
function rayGroups(name: string, cluster: Obj, extra: unknown[] = []) {
  const autoscales = cluster.enableInTreeAutoscaling === true;
  const head: PodGroupDemand = {
    workload: `${name} head`,
    perPod: acceleratorsOf(obj(cluster.headGroupSpec).template),
    maxPods: 1,
    maxPodsBy: 'one head',
    surgePods: 0,
    scales: false,
  };
  const workers = (
    Array.isArray(cluster.workerGroupSpecs) ? cluster.workerGroupSpecs : []
  ).map((g: unknown): PodGroupDemand => {
    const group = obj(g);
    const hosts = count(group.numOfHosts, 1);
    const replicas = count(group.replicas, 1);
    const max = autoscales
      ? Math.max(count(group.maxReplicas, replicas), replicas)
      : replicas;
    return {
      workload: `${name} ${String(group.groupName ?? 'workers')}`,
      perPod: acceleratorsOf(group.template),
      maxPods: max * hosts,
      maxPodsBy: autoscales
        ? "maxReplicas of its worker group (KubeRay's autoscaler)"
        : 'its worker group replicas',
      surgePods: 0,
      scales: autoscales,
    };
  });
  const others = extra.map(
    (template): PodGroupDemand => ({
      workload: `${name} submitter`,
      perPod: acceleratorsOf(template),
      maxPods: 1,
      maxPodsBy: 'one submitter',
      surgePods: 0,
      scales: false,
    }),
  );
  return [head, ...workers, ...others];
}

/** A PyTorchJob's replica types; an elastic job's workers at maxReplicas. */
function pytorchGroups(job: KubeObject): PodGroupDemand[] {
  const spec = obj(job.spec);
  const elastic = obj(spec.elasticPolicy);
  const elasticMax =
    typeof elastic.maxReplicas === 'number' ? elastic.maxReplicas : undefined;
  return Object.entries(obj(spec.pytorchReplicaSpecs)).map(([type, r]) => {
    const replicas = count(obj(r).replicas, 1);
    const grows = type === 'Worker' && elasticMax !== undefined;
    return {
      workload: `PyTorchJob ${job.metadata.name} ${type}`,
      perPod: acceleratorsOf(obj(r).template),
      maxPods: grows ? Math.max(elasticMax!, replicas) : replicas,
      maxPodsBy: grows ? 'maxReplicas of its elasticPolicy' : 'its replicas',
      surgePods: 0,
      scales: grows,
    };
  });
}

/**
 * What the rendered workloads ask of accelerators at their largest, pod
 * template by pod template: each at its maximum scale (HPA maxReplicas, KEDA
 * maxReplicaCount, an elastic PyTorchJob's maxReplicas, KubeRay's autoscaler's
 * maxReplicas) and, for Deployments, the pods a rolling update adds (maxSurge,
 * 25% rounded up when unset). Groups that request no accelerator are left out.
 */
export function quotaDemand(objects: KubeObject[]): PodGroupDemand[] {
  const groups = objects.flatMap((o): PodGroupDemand[] => {
    const spec = obj(o.spec);
    const name = `${o.kind} ${o.metadata.name}`;
    switch (o.kind) {
      case 'Deployment':
      case 'StatefulSet':
        return scaledGroups(o, objects);
      case 'Job':
        return [
          {
            workload: name,
            perPod: acceleratorsOf(spec.template),
            maxPods: count(spec.parallelism, 1),
            maxPodsBy: 'its parallelism',
            surgePods: 0,
            scales: false,
          },
        ];
      case 'PyTorchJob':
        return pytorchGroups(o);
      case 'RayJob':
        return rayGroups(name, obj(spec.rayClusterSpec), [
          spec.submitterPodTemplate,
        ]);
      case 'RayService':
        return rayGroups(name, obj(spec.rayClusterConfig));
      case 'RayCluster':
        return rayGroups(name, spec);
      case 'LeaderWorkerSet': {
        const lws = obj(spec.leaderWorkerTemplate);
        const size = count(lws.size, 1);
        return [
          {
            workload: name,
            perPod: acceleratorsOf(lws.workerTemplate),
            maxPods: count(spec.replicas, 1) * size,
            maxPodsBy: 'its replicas × size',
            surgePods: 0,
            scales: false,
          },
        ];
      }
      default:
        return [];
    }
  });
  return groups.filter(g => Object.keys(g.perPod).length > 0);
}
