import { KubeObject } from '../kubernetes/types';
import {
  rayAutoscalerServiceAccountName,
  workloadServiceAccountName,
} from './names';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Kinds that hold no pod spec: their fields are never read as one (a ConfigMap's data may say anything). */
const NO_PODS = new Set([
  'ServiceAccount',
  'ConfigMap',
  'Service',
  'HorizontalPodAutoscaler',
]);

/** Fields that make an object node a pod spec (a typo'd pod spec still names its identity). */
const POD_SPEC_FIELDS = [
  'containers',
  'initContainers',
  'serviceAccountName',
  'serviceAccount',
];

/** Where the RayCluster spec of each Ray kind is. */
const RAY_CLUSTER_SPEC: Record<string, string[]> = {
  RayCluster: ['spec'],
  RayService: ['spec', 'rayClusterConfig'],
  RayJob: ['spec', 'rayClusterSpec'],
};

function at(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (isObject(v) ? v[key] : undefined),
    obj,
  );
}

/** Every pod spec anywhere in a value, with its path. */
function podSpecs(
  value: unknown,
  path: string,
): Array<{ path: string; spec: Record<string, unknown> }> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => podSpecs(v, `${path}[${i}]`));
  }
  if (!isObject(value)) return [];
  if (POD_SPEC_FIELDS.some(f => f in value)) return [{ path, spec: value }];
  return Object.entries(value).flatMap(([k, v]) =>
    podSpecs(v, path ? `${path}.${k}` : k),
  );
}

/**
 * The ServiceAccount names a project's objects may carry: its pods run only as
 * `<component>-workload` (DESIGN.md; enforced on the cluster by the product's
 * ValidatingAdmissionPolicy too), and the head pod of a Ray cluster with
 * KubeRay's in-tree autoscaler as `<component>-ray-autoscaler` (see rayHead.ts).
 */
export function projectServiceAccountNames(component: string): string[] {
  return [
    workloadServiceAccountName(component),
    rayAutoscalerServiceAccountName(component),
  ];
}

/**
 * What is wrong with the identities of the pods anywhere in an object: every
 * pod spec must name, by `serviceAccountName` or its deprecated alias
 * `serviceAccount` (the same if both are set), the project's workload
 * ServiceAccount; a Ray head must name `<component>-ray-autoscaler` when its
 * cluster enables in-tree autoscaling and the workload ServiceAccount when it
 * does not. A pod spec that names none would run as `default` once the API
 * server fills it in, and is refused too.
 */
export function serviceAccountProblems(
  obj: KubeObject,
  component: string,
): string[] {
  if (NO_PODS.has(obj.kind) || obj.apiVersion.includes('.services.k8s.aws/')) {
    return [];
  }
  const workload = workloadServiceAccountName(component);
  const autoscaler = rayAutoscalerServiceAccountName(component);
  const rayPath = obj.apiVersion.startsWith('ray.io/')
    ? RAY_CLUSTER_SPEC[obj.kind]
    : undefined;
  const rayCluster = rayPath ? at(obj, rayPath) : undefined;
  const headPath = rayPath
    ? [...rayPath, 'headGroupSpec', 'template', 'spec'].join('.')
    : undefined;
  const autoscaling =
    isObject(rayCluster) && rayCluster.enableInTreeAutoscaling === true;

  const problems: string[] = [];
  for (const { path, spec } of podSpecs(obj, '')) {
    const byName = spec.serviceAccountName;
    const byAlias = spec.serviceAccount;
    if (byName !== undefined && byAlias !== undefined && byName !== byAlias) {
      problems.push(
        `${path}: serviceAccountName "${String(
          byName,
        )}" and its deprecated alias serviceAccount "${String(
          byAlias,
        )}" disagree; set serviceAccountName only`,
      );
      continue;
    }
    const name = byName ?? byAlias;
    const field =
      byName !== undefined ? 'serviceAccountName' : 'serviceAccount';
    const head = path === headPath;
    const wanted = head && autoscaling ? autoscaler : workload;
    if (name === undefined || name === '') {
      problems.push(
        `${path}: names no ServiceAccount, so the pods would run as "default"; set serviceAccountName: ${wanted}`,
      );
    } else if (name !== wanted) {
      let why = `pods run only as the project's workload ServiceAccount "${workload}"`;
      if (head && autoscaling) {
        why = `the head of a Ray cluster with enableInTreeAutoscaling runs as "${autoscaler}", the ServiceAccount KubeRay binds the autoscaler's Role to (the workload ServiceAccount holds no RBAC)`;
      } else if (name === autoscaler) {
        why = head
          ? `"${autoscaler}" is for a Ray head with enableInTreeAutoscaling: true only; without it the head runs as "${workload}"`
          : `"${autoscaler}" is for the Ray head only; other pods run as "${workload}"`;
      }
      problems.push(`${path}.${field} "${String(name)}": ${why}`);
    }
  }
  return problems;
}
