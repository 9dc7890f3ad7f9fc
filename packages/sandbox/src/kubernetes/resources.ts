/**
 * The kinds the sandbox's Kubernetes API server serves: the built-in ones a
 * portal touches and the custom resources (Ray, Kubeflow, LWS, Karpenter, ACK,
 * the Prometheus Operator's PodMonitor, KEDA's ScaledObject, Kueue) of an EKS
 * AI/ML cluster.
 */
import { OFFICIAL_CRD_KINDS } from './crds/officialCrds';

/** How `metadata.name` is validated, as the real API server does per kind. */
export type NameRule =
  /** DNS-1123 subdomain: most kinds. */
  | 'subdomain'
  /** DNS-1123 label: namespaces. */
  | 'label'
  /** DNS-1035 label (must start with a letter): services. */
  | 'dns1035'
  /** Any path segment (no `/`, `%`, `.` or `..`): RBAC objects such as `system:view`. */
  | 'pathSegment';

/**
 * A minimal structural schema for a custom kind (what its CRD would require).
 * Kinds the product owns a schema for (`PRODUCT_CUSTOM_KINDS` of
 * `@eks-aiml/plugin-aiml-common`) are validated against that one instead.
 */
export interface CustomKindSchema {
  /** Top-level fields that must be present, e.g. `spec`. */
  required?: string[];
  /** Top-level fields that, when present, must be objects. */
  objects?: string[];
}

/** Which of the default ClusterRoles grant a kind: `view` reads it, `edit` writes it. */
export type DefaultRoleAggregation = 'view' | 'edit';

/** One resource (a kind under a group/version) the server serves. */
export interface ResourceDef {
  /** `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The resource name in URLs and RBAC rules, e.g. `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  /** The verbs discovery advertises. */
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  nameRule: NameRule;
  /** Whether `/status` is a subresource: main-resource writes then keep the stored status. */
  statusSubresource: boolean;
  /** Whether the kind is a custom resource (CRD-backed in a real cluster). */
  custom: boolean;
  schema?: CustomKindSchema;
  /** Default ClusterRoles that include this kind (custom kinds only; built-ins are listed in the roles). */
  aggregateTo?: DefaultRoleAggregation[];
  /** DELETE answers with the object (pods, namespaces) rather than a Status. */
  deleteReturnsObject?: boolean;
  /** Served but never stored (reviews): only `create`. */
  virtual?: boolean;
}

/** What `registerCustomKind` needs to know about a custom kind. */
export interface CustomKindDefinition {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  schema?: CustomKindSchema;
  /** Whether it has a `/status` subresource; true by default as CRDs of operators do. */
  statusSubresource?: boolean;
  aggregateTo?: DefaultRoleAggregation[];
}

const STANDARD_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** The `apiVersion` string of a group and version: `v1` or `apps/v1`. */
export function apiVersionOf(def: { group: string; version: string }): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** `pods` or `deployments.apps`: how error messages name a resource. */
export function qualifiedResource(def: {
  group: string;
  plural: string;
}): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

/** `Pod` or `Deployment.apps`: how Invalid errors name a kind. */
export function qualifiedKind(def: { group: string; kind: string }): string {
  return def.group ? `${def.kind}.${def.group}` : def.kind;
}

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  opts: Partial<ResourceDef> = {},
): ResourceDef {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    verbs: STANDARD_VERBS,
    nameRule: 'subdomain',
    statusSubresource: false,
    custom: false,
    ...opts,
  };
}

const RBAC = 'rbac.authorization.k8s.io';

const BUILTIN_RESOURCES: ResourceDef[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    nameRule: 'label',
    shortNames: ['ns'],
    statusSubresource: true,
    deleteReturnsObject: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  builtin('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    deleteReturnsObject: true,
  }),
  builtin('', 'v1', 'Service', 'services', {
    shortNames: ['svc'],
    categories: ['all'],
    nameRule: 'dns1035',
    statusSubresource: true,
    verbs: STANDARD_VERBS,
  }),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', {
    shortNames: ['sa'],
  }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  builtin('', 'v1', 'Secret', 'secrets'),
  builtin('', 'v1', 'ResourceQuota', 'resourcequotas', {
    shortNames: ['quota'],
    statusSubresource: true,
  }),
  builtin('', 'v1', 'LimitRange', 'limitranges', { shortNames: ['limits'] }),
  builtin('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', {
    shortNames: ['pvc'],
    statusSubresource: true,
  }),
  builtin('', 'v1', 'Node', 'nodes', {
    namespaced: false,
    shortNames: ['no'],
    statusSubresource: true,
  }),
  builtin('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  builtin('apps', 'v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', {
    shortNames: ['ds'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin('batch', 'v1', 'Job', 'jobs', {
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', {
    shortNames: ['cj'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    {
      shortNames: ['hpa'],
      categories: ['all'],
      statusSubresource: true,
    },
  ),
  builtin('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', {
    shortNames: ['netpol'],
  }),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    statusSubresource: true,
  }),
  // What Kueue reads a workload's priority from (its pods' priorityClassName).
  builtin('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', {
    namespaced: false,
    shortNames: ['pc'],
  }),
  builtin('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', {
    shortNames: ['pdb'],
    statusSubresource: true,
  }),
  builtin(RBAC, 'v1', 'Role', 'roles', { nameRule: 'pathSegment' }),
  builtin(RBAC, 'v1', 'RoleBinding', 'rolebindings', {
    nameRule: 'pathSegment',
  }),
  builtin(RBAC, 'v1', 'ClusterRole', 'clusterroles', {
    namespaced: false,
    nameRule: 'pathSegment',
  }),
  builtin(RBAC, 'v1', 'ClusterRoleBinding', 'clusterrolebindings', {
    namespaced: false,
    nameRule: 'pathSegment',
  }),
  // Admission policies: cluster-scoped; evaluated on writes (admission/validatingPolicies.ts).
  builtin(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicy',
    'validatingadmissionpolicies',
    {
      namespaced: false,
      categories: ['api-extensions'],
      statusSubresource: true,
    },
  ),
  builtin(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicyBinding',
    'validatingadmissionpolicybindings',
    { namespaced: false, categories: ['api-extensions'] },
  ),
  // Reviews: answered from the caller's identity, never stored.
  builtin(
    'authentication.k8s.io',
    'v1',
    'SelfSubjectReview',
    'selfsubjectreviews',
    {
      namespaced: false,
      verbs: ['create'],
      virtual: true,
    },
  ),
  builtin(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectAccessReview',
    'selfsubjectaccessreviews',
    { namespaced: false, verbs: ['create'], virtual: true },
  ),
  builtin(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectRulesReview',
    'selfsubjectrulesreviews',
    { namespaced: false, verbs: ['create'], virtual: true },
  ),
];

const SPEC_REQUIRED: CustomKindSchema = {
  required: ['spec'],
  objects: ['spec', 'status'],
};

const ML_ROLES: DefaultRoleAggregation[] = ['view', 'edit'];

const DEFAULT_CUSTOM_KINDS: CustomKindDefinition[] = [
  {
    group: 'ray.io',
    version: 'v1',
    kind: 'RayJob',
    plural: 'rayjobs',
    namespaced: true,
    categories: ['all'],
    aggregateTo: ML_ROLES,
  },
  {
    group: 'ray.io',
    version: 'v1',
    kind: 'RayCluster',
    plural: 'rayclusters',
    namespaced: true,
    categories: ['all'],
    aggregateTo: ML_ROLES,
  },
  {
    group: 'ray.io',
    version: 'v1',
    kind: 'RayService',
    plural: 'rayservices',
    namespaced: true,
    categories: ['all'],
    aggregateTo: ML_ROLES,
  },
  {
    group: 'kubeflow.org',
    version: 'v1',
    kind: 'PyTorchJob',
    plural: 'pytorchjobs',
    namespaced: true,
    aggregateTo: ML_ROLES,
  },
  {
    group: 'leaderworkerset.x-k8s.io',
    version: 'v1',
    kind: 'LeaderWorkerSet',
    plural: 'leaderworkersets',
    namespaced: true,
    shortNames: ['lws'],
    schema: SPEC_REQUIRED,
    aggregateTo: ML_ROLES,
  },
  {
    group: 'karpenter.sh',
    version: 'v1',
    kind: 'NodePool',
    plural: 'nodepools',
    namespaced: false,
    schema: SPEC_REQUIRED,
  },
  {
    group: 'karpenter.k8s.aws',
    version: 'v1',
    kind: 'EC2NodeClass',
    plural: 'ec2nodeclasses',
    namespaced: false,
    shortNames: ['ec2nc', 'ec2ncs'],
    schema: SPEC_REQUIRED,
  },
  {
    group: 's3.services.k8s.aws',
    version: 'v1alpha1',
    kind: 'Bucket',
    plural: 'buckets',
    namespaced: true,
  },
  {
    group: 'ecr.services.k8s.aws',
    version: 'v1alpha1',
    kind: 'Repository',
    plural: 'repositories',
    namespaced: true,
  },
  {
    group: 'eks.services.k8s.aws',
    version: 'v1alpha1',
    kind: 'PodIdentityAssociation',
    plural: 'podidentityassociations',
    namespaced: true,
  },
  // The serving add-ons the inference golden paths render for: the Prometheus
  // Operator scrapes vLLM by PodMonitor, KEDA scales it by ScaledObject.
  {
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'PodMonitor',
    plural: 'podmonitors',
    namespaced: true,
    shortNames: ['pmon'],
    categories: ['prometheus-operator'],
  },
  {
    group: 'keda.sh',
    version: 'v1alpha1',
    kind: 'ScaledObject',
    plural: 'scaledobjects',
    namespaced: true,
    shortNames: ['so'],
  },
  {
    group: 'iam.services.k8s.aws',
    version: 'v1alpha1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
    schema: SPEC_REQUIRED,
  },
];

function customDef(def: CustomKindDefinition): ResourceDef {
  return {
    group: def.group,
    version: def.version,
    kind: def.kind,
    plural: def.plural,
    singular: def.singular ?? def.kind.toLowerCase(),
    namespaced: def.namespaced,
    verbs: STANDARD_VERBS,
    shortNames: def.shortNames,
    categories: def.categories,
    nameRule: 'subdomain',
    statusSubresource: def.statusSubresource ?? true,
    custom: true,
    schema: def.schema,
    aggregateTo: def.aggregateTo,
  };
}

/** A set of resource definitions, looked up by URL (group/version/plural) or by apiVersion/kind. */
export class ResourceRegistry {
  private readonly defs: ResourceDef[] = [];

  constructor(defs: ResourceDef[] = []) {
    for (const def of defs) this.add(def);
  }

  /** Adds a definition; replacing an existing group/version/plural is refused to keep lookups unambiguous. */
  add(def: ResourceDef): ResourceDef {
    const clash = this.defs.find(
      d =>
        d.group === def.group &&
        d.version === def.version &&
        (d.plural === def.plural || d.kind === def.kind),
    );
    if (clash) {
      throw new Error(
        `the kind ${def.kind} (${qualifiedResource(def)}/${
          def.version
        }) is already registered`,
      );
    }
    this.defs.push(def);
    return def;
  }

  /** Every definition, in registration order. */
  all(): ResourceDef[] {
    return [...this.defs];
  }

  /** The definition served at `/apis/{group}/{version}/{plural}` (`''` for the core group). */
  byResource(
    group: string,
    version: string,
    plural: string,
  ): ResourceDef | undefined {
    return this.defs.find(
      d => d.group === group && d.version === version && d.plural === plural,
    );
  }

  /** The definition of an apiVersion/kind pair, e.g. `('apps/v1', 'Deployment')`. */
  byKind(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.defs.find(
      d => apiVersionOf(d) === apiVersion && d.kind === kind,
    );
  }

  /** Every group with its versions, the core group first (as `/api` and `/apis` split them). */
  groupVersions(): { group: string; versions: string[] }[] {
    const groups = new Map<string, string[]>();
    for (const d of this.defs) {
      const versions = groups.get(d.group) ?? [];
      if (!versions.includes(d.version)) versions.push(d.version);
      groups.set(d.group, versions);
    }
    return [...groups.entries()].map(([group, versions]) => ({
      group,
      versions,
    }));
  }

  /** The definitions of one group/version. */
  resourcesIn(group: string, version: string): ResourceDef[] {
    return this.defs.filter(d => d.group === group && d.version === version);
  }
}

/** The registry every sandbox Kubernetes API server serves. */
export const resourceRegistry = new ResourceRegistry([
  ...BUILTIN_RESOURCES,
  ...DEFAULT_CUSTOM_KINDS.map(customDef),
  // Kueue, as if installed on every cluster: its CRDs' own schemas are enforced.
  ...OFFICIAL_CRD_KINDS.map(({ file: _file, ...kind }) => customDef(kind)),
]);

/**
 * Serves one more custom kind, as installing its CRD would. Register before
 * starting servers: the default ClusterRoles are created at start-up (EKS access
 * policies always read the registry, so they see later kinds too).
 */
export function registerCustomKind(def: CustomKindDefinition): ResourceDef {
  return resourceRegistry.add(customDef(def));
}
