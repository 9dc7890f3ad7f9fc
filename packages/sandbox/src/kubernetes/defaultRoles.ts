/**
 * The RBAC objects a cluster starts with: the user-facing ClusterRoles `view`,
 * `edit`, `admin` and `cluster-admin` (rules approximating upstream's), the
 * discovery and self-review roles every authenticated user has, and the
 * bindings of `system:masters`. Also what EKS access policies map to.
 */
import { KubeObject } from '../types';
import { PolicyRule } from './rbac';
import { ResourceRegistry } from './resources';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The user-facing default ClusterRoles. */
export type DefaultClusterRoleName =
  | 'view'
  | 'edit'
  | 'admin'
  | 'cluster-admin';

function customRules(
  registry: ResourceRegistry,
  role: 'view' | 'edit',
  verbs: string[],
): PolicyRule[] {
  return registry
    .all()
    .filter(d => d.custom && d.aggregateTo?.includes(role))
    .map(d => ({
      apiGroups: [d.group],
      resources:
        role === 'view' ? [d.plural, `${d.plural}/status`] : [d.plural],
      verbs,
    }));
}

function viewRules(registry: ResourceRegistry): PolicyRule[] {
  return [
    {
      apiGroups: [''],
      resources: [
        'configmaps',
        'endpoints',
        'persistentvolumeclaims',
        'persistentvolumeclaims/status',
        'pods',
        'replicationcontrollers',
        'replicationcontrollers/scale',
        'serviceaccounts',
        'services',
        'services/status',
        'bindings',
        'events',
        'limitranges',
        'namespaces/status',
        'pods/log',
        'pods/status',
        'replicationcontrollers/status',
        'resourcequotas',
        'resourcequotas/status',
      ],
      verbs: READ,
    },
    { apiGroups: [''], resources: ['namespaces'], verbs: READ },
    {
      apiGroups: ['apps'],
      resources: [
        'controllerrevisions',
        'daemonsets',
        'daemonsets/status',
        'deployments',
        'deployments/scale',
        'deployments/status',
        'replicasets',
        'replicasets/scale',
        'replicasets/status',
        'statefulsets',
        'statefulsets/scale',
        'statefulsets/status',
      ],
      verbs: READ,
    },
    {
      apiGroups: ['autoscaling'],
      resources: [
        'horizontalpodautoscalers',
        'horizontalpodautoscalers/status',
      ],
      verbs: READ,
    },
    {
      apiGroups: ['batch'],
      resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'],
      verbs: READ,
    },
    {
      apiGroups: ['discovery.k8s.io'],
      resources: ['endpointslices'],
      verbs: READ,
    },
    {
      apiGroups: ['policy'],
      resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
      verbs: READ,
    },
    {
      apiGroups: ['networking.k8s.io'],
      resources: ['ingresses', 'ingresses/status', 'networkpolicies'],
      verbs: READ,
    },
    ...customRules(registry, 'view', READ),
  ];
}

function editRules(registry: ResourceRegistry): PolicyRule[] {
  return [
    ...viewRules(registry),
    {
      apiGroups: [''],
      resources: [
        'pods/attach',
        'pods/exec',
        'pods/portforward',
        'pods/proxy',
        'secrets',
        'services/proxy',
      ],
      verbs: READ,
    },
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
    {
      apiGroups: [''],
      resources: [
        'pods',
        'pods/attach',
        'pods/exec',
        'pods/portforward',
        'pods/proxy',
      ],
      verbs: WRITE,
    },
    {
      apiGroups: [''],
      resources: [
        'configmaps',
        'events',
        'persistentvolumeclaims',
        'replicationcontrollers',
        'replicationcontrollers/scale',
        'secrets',
        'serviceaccounts',
        'services',
        'services/proxy',
      ],
      verbs: WRITE,
    },
    {
      apiGroups: [''],
      resources: ['serviceaccounts/token'],
      verbs: ['create'],
    },
    {
      apiGroups: ['apps'],
      resources: [
        'daemonsets',
        'deployments',
        'deployments/rollback',
        'deployments/scale',
        'replicasets',
        'replicasets/scale',
        'statefulsets',
        'statefulsets/scale',
      ],
      verbs: WRITE,
    },
    {
      apiGroups: ['autoscaling'],
      resources: ['horizontalpodautoscalers'],
      verbs: WRITE,
    },
    { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
    {
      apiGroups: ['networking.k8s.io'],
      resources: ['ingresses', 'networkpolicies'],
      verbs: WRITE,
    },
    {
      apiGroups: ['policy'],
      resources: ['poddisruptionbudgets'],
      verbs: WRITE,
    },
    ...customRules(registry, 'edit', WRITE),
  ];
}

function adminRules(registry: ResourceRegistry): PolicyRule[] {
  return [
    ...editRules(registry),
    {
      apiGroups: ['authorization.k8s.io'],
      resources: ['localsubjectaccessreviews'],
      verbs: ['create'],
    },
    {
      apiGroups: [RBAC_GROUP],
      resources: ['rolebindings', 'roles'],
      verbs: [...READ, ...WRITE],
    },
  ];
}

const CLUSTER_ADMIN_RULES: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

/** The rules of the user-facing default ClusterRoles, with the registry's custom kinds. */
export function defaultClusterRoleRules(
  registry: ResourceRegistry,
): Record<DefaultClusterRoleName, PolicyRule[]> {
  return {
    view: viewRules(registry),
    edit: editRules(registry),
    admin: adminRules(registry),
    'cluster-admin': CLUSTER_ADMIN_RULES,
  };
}

/** The default ClusterRole each EKS access policy stands for. */
export const ACCESS_POLICY_ROLES: Record<string, DefaultClusterRoleName> = {
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy':
    'cluster-admin',
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy': 'admin',
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy': 'edit',
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy': 'view',
};

const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function clusterRole(
  name: string,
  rules: PolicyRule[],
  aggregateLabel?: string,
): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { ...BOOTSTRAP_LABELS },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    // Like upstream, view/edit/admin take in ClusterRoles labelled to aggregate to them.
    ...(aggregateLabel
      ? {
          aggregationRule: {
            clusterRoleSelectors: [
              {
                matchLabels: {
                  [`${RBAC_GROUP}/aggregate-to-${aggregateLabel}`]: 'true',
                },
              },
            ],
          },
        }
      : {}),
    rules,
  };
}

function clusterRoleBinding(
  name: string,
  role: string,
  groups: string[],
): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: { ...BOOTSTRAP_LABELS },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: groups.map(g => ({
      apiGroup: RBAC_GROUP,
      kind: 'Group',
      name: g,
    })),
  };
}

const PUBLIC_INFO_PATHS = [
  '/healthz',
  '/livez',
  '/readyz',
  '/version',
  '/version/',
];

/** The ClusterRoles and ClusterRoleBindings a new cluster has (the API server reconciles them at start-up). */
export function bootstrapRbacObjects(registry: ResourceRegistry): KubeObject[] {
  const rules = defaultClusterRoleRules(registry);
  return [
    clusterRole('cluster-admin', rules['cluster-admin']),
    clusterRole('admin', rules.admin, 'admin'),
    clusterRole('edit', rules.edit, 'edit'),
    clusterRole('view', rules.view, 'view'),
    clusterRole('system:discovery', [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/openapi',
          '/openapi/*',
          ...PUBLIC_INFO_PATHS,
        ],
        verbs: ['get'],
      },
    ]),
    clusterRole('system:public-info-viewer', [
      { nonResourceURLs: PUBLIC_INFO_PATHS, verbs: ['get'] },
    ]),
    clusterRole('system:basic-user', [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
      {
        apiGroups: ['authentication.k8s.io'],
        resources: ['selfsubjectreviews'],
        verbs: ['create'],
      },
    ]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', ['system:masters']),
    clusterRoleBinding('system:discovery', 'system:discovery', [
      'system:authenticated',
    ]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [
      'system:authenticated',
    ]),
    clusterRoleBinding(
      'system:public-info-viewer',
      'system:public-info-viewer',
      ['system:authenticated', 'system:unauthenticated'],
    ),
  ];
}
