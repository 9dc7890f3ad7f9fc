import { AIML_RESUMABLE_KINDS } from '../workloadStart';
import { AccessLevel, PRODUCT_CLUSTER_ROLES } from './names';

/**
 * A rule of a Kubernetes Role or ClusterRole.
 *
 * @public
 */
export interface BundlePolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** The kinds of a team namespace, by API group, as the golden paths and people use them. */
const WORKLOADS: Array<[string, string[]]> = [
  ['', ['pods', 'services', 'configmaps', 'persistentvolumeclaims']],
  ['apps', ['deployments', 'statefulsets', 'replicasets']],
  ['batch', ['jobs', 'cronjobs']],
  ['autoscaling', ['horizontalpodautoscalers']],
  ['policy', ['poddisruptionbudgets']],
  ['ray.io', ['rayjobs', 'rayclusters', 'rayservices']],
  ['kubeflow.org', ['pytorchjobs']],
  ['leaderworkerset.x-k8s.io', ['leaderworkersets']],
];

/** What a team namespace holds that people may read but no level may write. */
const READ_ONLY: Array<[string, string[]]> = [
  [
    '',
    [
      'pods/log',
      'pods/status',
      'endpoints',
      'events',
      'replicationcontrollers',
      'resourcequotas',
      'limitranges',
      'serviceaccounts',
    ],
  ],
  ['apps', ['daemonsets', 'deployments/scale', 'statefulsets/scale']],
  ['networking.k8s.io', ['ingresses', 'networkpolicies']],
  ['discovery.k8s.io', ['endpointslices']],
  ['events.k8s.io', ['events']],
  // The golden paths' autoscalers and scrape configs: a ScaledObject's paused annotation
  // holds a workload until its start, and a PodMonitor may select other namespaces.
  ['keda.sh', ['scaledobjects']],
  ['monitoring.coreos.com', ['podmonitors']],
  ['s3.services.k8s.aws', ['buckets']],
  ['ecr.services.k8s.aws', ['repositories']],
  ['eks.services.k8s.aws', ['podidentityassociations']],
  // Kueue (clusters with scheduling kueue): why a job waits. Provisioning makes the
  // LocalQueues; ClusterQueues are cluster-scoped, so a grant's RoleBinding could not
  // give them: the portal shows them instead.
  ['kueue.x-k8s.io', ['workloads', 'localqueues']],
];

const rules = (
  groups: Array<[string, string[]]>,
  verbs: string[],
): BundlePolicyRule[] =>
  groups.map(([group, resources]) => ({
    apiGroups: [group],
    resources,
    verbs,
  }));

const VIEW: BundlePolicyRule[] = [
  ...rules(WORKLOADS, READ),
  ...rules(READ_ONLY, READ),
];

/**
 * edit: view, plus writing workloads, Secrets and Services, and working inside
 * pods. Never: ServiceAccounts or their tokens, impersonation, RBAC,
 * NetworkPolicies, quotas, Ingresses, Kueue queues or Workloads, KEDA ScaledObjects, PodMonitors or AWS (ACK)
 * resources. Pods run only as
 * workload ServiceAccounts and Secrets never hold ServiceAccount tokens: the
 * bundle's admission policies hold that for every writer.
 */
const EDIT: BundlePolicyRule[] = [
  ...VIEW,
  ...rules(WORKLOADS, WRITE),
  { apiGroups: [''], resources: ['secrets'], verbs: [...READ, ...WRITE] },
  {
    apiGroups: [''],
    resources: ['pods/exec', 'pods/attach', 'pods/portforward'],
    // kubectl's WebSocket exec asks with GET; the API server authorizes `create` for it too.
    verbs: ['get', 'create'],
  },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  {
    apiGroups: ['apps'],
    resources: ['deployments/scale', 'statefulsets/scale'],
    verbs: ['update', 'patch'],
  },
];

/**
 * admin (break-glass only): edit, plus reading the namespace's RBAC and adding
 * debug containers to running pods. Still no right that creates an identity or
 * outlives the grant.
 */
const ADMIN: BundlePolicyRule[] = [
  ...EDIT,
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'rolebindings'],
    verbs: READ,
  },
  {
    apiGroups: [''],
    resources: ['pods/ephemeralcontainers'],
    verbs: ['update', 'patch'],
  },
];

/**
 * The rules of the product's ClusterRole of each access level: explicit,
 * versioned lists (no aggregation, nothing copied from the cluster's own
 * `view`/`edit`/`admin`, which take in whatever a cluster aggregates into them).
 *
 * @public
 */
export const PRODUCT_ROLE_RULES: Record<AccessLevel, BundlePolicyRule[]> = {
  view: VIEW,
  edit: EDIT,
  admin: ADMIN,
};

/**
 * Rights nobody may ever get through a grant, checked by tests against every level.
 *
 * @public
 */
export const FORBIDDEN_GRANT_RIGHTS: Array<{
  group: string;
  resource: string;
  verbs: string[];
}> = [
  { group: '', resource: 'serviceaccounts', verbs: WRITE },
  { group: '', resource: 'serviceaccounts/token', verbs: ['create'] },
  { group: '', resource: 'users', verbs: ['impersonate'] },
  { group: '', resource: 'groups', verbs: ['impersonate'] },
  { group: '', resource: 'serviceaccounts', verbs: ['impersonate'] },
  { group: 'rbac.authorization.k8s.io', resource: 'roles', verbs: WRITE },
  {
    group: 'rbac.authorization.k8s.io',
    resource: 'rolebindings',
    verbs: WRITE,
  },
  {
    group: 'rbac.authorization.k8s.io',
    resource: 'roles',
    verbs: ['bind', 'escalate'],
  },
  { group: 'networking.k8s.io', resource: 'networkpolicies', verbs: WRITE },
  { group: '', resource: 'resourcequotas', verbs: WRITE },
  { group: 's3.services.k8s.aws', resource: 'buckets', verbs: WRITE },
  { group: 'ecr.services.k8s.aws', resource: 'repositories', verbs: WRITE },
  {
    group: 'eks.services.k8s.aws',
    resource: 'podidentityassociations',
    verbs: WRITE,
  },
  // A LocalQueue pointed elsewhere, or a Workload edited, would take another team's quota.
  { group: 'kueue.x-k8s.io', resource: 'localqueues', verbs: WRITE },
  { group: 'kueue.x-k8s.io', resource: 'workloads', verbs: WRITE },
  { group: 'kueue.x-k8s.io', resource: 'workloads/status', verbs: WRITE },
];

/**
 * The backend's own rights on a cluster (bound to the group its access entry
 * maps to): reading what usage and the checks need, and managing grant
 * identities. It may bind only the product's three roles, and may not change the
 * bundle that guards it.
 *
 * @public
 */
export const BROKER_CLUSTER_ROLE_RULES: BundlePolicyRule[] = [
  { apiGroups: [''], resources: ['namespaces', 'nodes', 'pods'], verbs: READ },
  {
    apiGroups: [''],
    resources: ['serviceaccounts'],
    // delete outside its namespace: the start-up migration ends old grant and deployer identities.
    verbs: [...READ, 'delete'],
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['rolebindings'],
    verbs: [...READ, 'create', 'delete'],
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles'],
    verbs: READ,
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['clusterroles'],
    verbs: ['get', 'bind'],
    resourceNames: Object.values(PRODUCT_CLUSTER_ROLES),
  },
  {
    apiGroups: ['admissionregistration.k8s.io'],
    resources: [
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
    ],
    verbs: ['get', 'list'],
  },
  { apiGroups: ['karpenter.sh'], resources: ['nodepools'], verbs: READ },
  // Starting held workloads: read them and patch them. The admission policy
  // aiml-broker-starts-only narrows the patches to the held field in team namespaces.
  ...[...new Set(AIML_RESUMABLE_KINDS.map(k => k.group))].map(group => ({
    apiGroups: [group],
    resources: AIML_RESUMABLE_KINDS.filter(k => k.group === group).map(
      k => k.plural,
    ),
    verbs: ['get', 'list', 'patch'],
  })),
  // Whether a project's Pod Identity association is active (ACK's status).
  {
    apiGroups: ['eks.services.k8s.aws'],
    resources: ['podidentityassociations'],
    verbs: ['get', 'list'],
  },
  // Queue states of clusters with scheduling kueue (read only: Kueue admits, not the portal).
  {
    apiGroups: ['kueue.x-k8s.io'],
    resources: [
      'workloads',
      'localqueues',
      'clusterqueues',
      'resourceflavors',
      'cohorts',
    ],
    verbs: READ,
  },
];

/**
 * The backend's rights inside the broker's namespace: grant ServiceAccounts and their tokens.
 *
 * @public
 */
export const BROKER_NAMESPACE_ROLE_RULES: BundlePolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['serviceaccounts'],
    verbs: ['create', 'delete'],
  },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
];
