import { InputError, NotAllowedError } from '@backstage/errors';
import { describeObject, KubeObject } from '../kubernetes/types';
import { ackProblems, ApplyTarget } from './ackPolicy';
import {
  projectServiceAccountNames,
  serviceAccountProblems,
} from './serviceAccountPolicy';
import { ManifestDocument } from './workspaceFiles';

/**
 * The kinds `aiml:workload:apply` applies, by apiVersion: workloads, Services,
 * ConfigMaps, HPAs, the project's ServiceAccount and the custom kinds the golden
 * paths render, its AWS resources (ACK) among them. All namespaced.
 */
export const APPLY_ALLOWLIST: Record<string, string[]> = {
  v1: ['ServiceAccount', 'ConfigMap', 'Service'],
  'apps/v1': ['Deployment', 'StatefulSet'],
  'batch/v1': ['Job'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'ray.io/v1': ['RayJob', 'RayCluster', 'RayService'],
  'kubeflow.org/v1': ['PyTorchJob'],
  'leaderworkerset.x-k8s.io/v1': ['LeaderWorkerSet'],
  's3.services.k8s.aws/v1alpha1': ['Bucket'],
  'ecr.services.k8s.aws/v1alpha1': ['Repository'],
  'eks.services.k8s.aws/v1alpha1': ['PodIdentityAssociation'],
  // The serving add-ons: Prometheus scrapes vLLM, KEDA scales it on the queue.
  'monitoring.coreos.com/v1': ['PodMonitor'],
  'keda.sh/v1alpha1': ['ScaledObject'],
};

/** Kinds that are cluster-scoped, named in refusals. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'CSIDriver',
  'NodePool',
  'EC2NodeClass',
  'ClusterRole',
  'ClusterRoleBinding',
]);

/**
 * Order of application: the identity and AWS resources, configuration and
 * Services before what uses them, autoscalers (HPAs, KEDA ScaledObjects) last.
 */
const ORDER = [
  'ServiceAccount',
  'Bucket',
  'Repository',
  'PodIdentityAssociation',
  'ConfigMap',
  'Service',
  'Deployment',
  'StatefulSet',
  'Job',
  'RayCluster',
  'RayJob',
  'RayService',
  'PyTorchJob',
  'LeaderWorkerSet',
  'PodMonitor',
  'HorizontalPodAutoscaler',
  'ScaledObject',
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Host access and privilege anywhere in an object (any pod template of any
 * kind, Ray's autoscaler container, ...): the fields mean the same wherever they are.
 */
function privilegeProblems(value: unknown, at: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => privilegeProblems(v, `${at}[${i}]`));
  }
  if (!isObject(value)) return [];
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    if (key === 'hostPath' && isObject(v)) {
      found.push(`${here}: hostPath volumes expose the node's filesystem`);
    } else if (
      ['hostNetwork', 'hostPID', 'hostIPC'].includes(key) &&
      v === true
    ) {
      found.push(`${here}: pods may not share the node's namespaces`);
    } else if (key === 'privileged' && v === true) {
      found.push(`${here}: privileged containers are refused`);
    } else if (key === 'hostPort' && typeof v === 'number' && v > 0) {
      found.push(`${here}: host ports are refused`);
    } else if (key === 'externalIPs' && Array.isArray(v) && v.length > 0) {
      found.push(`${here}: Services may not claim external IPs`);
    } else {
      found.push(...privilegeProblems(v, here));
    }
  }
  return found;
}

/**
 * A ScaledObject may use the namespace's own TriggerAuthentications, never a
 * ClusterTriggerAuthentication: credentials the platform holds for the whole
 * cluster, which KEDA's operator would use on the team's behalf.
 */
function scalerCredentialProblems(obj: KubeObject): string[] {
  if (obj.kind !== 'ScaledObject' || !isObject(obj.spec)) return [];
  const triggers = Array.isArray(obj.spec.triggers) ? obj.spec.triggers : [];
  return triggers.flatMap((t: unknown, i: number) =>
    isObject(t) &&
    isObject(t.authenticationRef) &&
    t.authenticationRef.kind === 'ClusterTriggerAuthentication'
      ? [
          `spec.triggers[${i}].authenticationRef: a ClusterTriggerAuthentication holds cluster-wide credentials; use a TriggerAuthentication in the namespace`,
        ]
      : [],
  );
}

/** The objects to apply, checked and ordered. */
export type CheckedManifests = { objects: KubeObject[] };

/**
 * Checks every document before anything is applied: a named object of an
 * allowlisted kind, in the target namespace (filled in when absent), without
 * host access or privilege, pods that run only as the project's workload
 * ServiceAccount (a Ray head with KubeRay's autoscaler as
 * `<component>-ray-autoscaler`), and ACK objects that act only for the team
 * there. RBAC objects, Secrets, cluster-scoped kinds and ServiceAccounts other
 * than the project's two are refused by name. Throws NotAllowedError (a policy
 * refusal) or InputError (malformed documents) listing every problem.
 */
export function checkManifests(
  documents: ManifestDocument[],
  target: ApplyTarget,
): CheckedManifests {
  const { namespace } = target;
  const refused: string[] = [];
  const malformed: string[] = [];
  const objects: KubeObject[] = [];
  for (const { source, object } of documents) {
    if (
      !isObject(object) ||
      typeof object.apiVersion !== 'string' ||
      typeof object.kind !== 'string' ||
      !isObject(object.metadata) ||
      typeof object.metadata.name !== 'string' ||
      !object.metadata.name
    ) {
      malformed.push(
        `${source}: not a Kubernetes object with apiVersion, kind and metadata.name`,
      );
      continue;
    }
    const obj = structuredClone(object) as KubeObject;
    const what = `${source} (${describeObject(obj)})`;
    const group = obj.apiVersion.includes('/')
      ? obj.apiVersion.split('/')[0]
      : '';
    if (group === 'rbac.authorization.k8s.io') {
      refused.push(
        `${what}: RBAC objects are never applied; the project's pods hold no Kubernetes RBAC (KubeRay makes its autoscaler's own Role), the namespace's one binding is the portal reader's, made by aiml:namespace:provision, and people get access through the portal's grants`,
      );
      continue;
    }
    if (obj.kind === 'Secret' && group === '') {
      refused.push(
        `${what}: Secrets are never applied from a repository; create them from your secret store (e.g. External Secrets) and reference them by name`,
      );
      continue;
    }
    if (CLUSTER_SCOPED.has(obj.kind)) {
      refused.push(
        `${what}: ${obj.kind} is cluster-scoped; only objects in the team's namespace are applied`,
      );
      continue;
    }
    if (!APPLY_ALLOWLIST[obj.apiVersion]?.includes(obj.kind)) {
      refused.push(
        `${what}: ${obj.kind} in ${
          obj.apiVersion
        } is not applied; allowed: ${Object.entries(APPLY_ALLOWLIST)
          .flatMap(([v, kinds]) => kinds.map(k => `${k} (${v})`))
          .join(', ')}`,
      );
      continue;
    }
    if (
      obj.metadata.namespace !== undefined &&
      obj.metadata.namespace !== namespace
    ) {
      refused.push(
        `${what}: it names namespace "${String(
          obj.metadata.namespace,
        )}"; this step applies to "${namespace}" only`,
      );
      continue;
    }
    const accounts = projectServiceAccountNames(target.component);
    if (
      obj.kind === 'ServiceAccount' &&
      !accounts.includes(obj.metadata.name)
    ) {
      refused.push(
        `${what}: the project's pods run only as ${accounts.join(
          ' or ',
        )} (the Ray head with autoscaling), so no other ServiceAccount is applied`,
      );
      continue;
    }
    const problems = [
      ...privilegeProblems(obj, ''),
      ...scalerCredentialProblems(obj),
      ...serviceAccountProblems(obj, target.component),
      ...ackProblems(obj, target),
    ];
    if (problems.length > 0) {
      refused.push(...problems.map(p => `${what}: ${p}`));
      continue;
    }
    obj.metadata.namespace = namespace;
    objects.push(obj);
  }
  const seen = new Set<string>();
  for (const obj of objects) {
    const key = `${obj.apiVersion}/${obj.kind}/${obj.metadata.name}`;
    if (seen.has(key)) {
      malformed.push(`${describeObject(obj)} appears twice`);
    }
    seen.add(key);
  }
  if (refused.length > 0) {
    throw new NotAllowedError(
      `Refused; nothing was applied:\n- ${[...refused, ...malformed].join(
        '\n- ',
      )}`,
    );
  }
  if (malformed.length > 0) {
    throw new InputError(
      `Nothing was applied; fix these manifests:\n- ${malformed.join('\n- ')}`,
    );
  }
  if (objects.length === 0) {
    throw new InputError('The manifests hold no object to apply');
  }
  const rank = (o: KubeObject) => ORDER.indexOf(o.kind);
  return { objects: [...objects].sort((a, b) => rank(a) - rank(b)) };
}
