import {
  AdmissionRule,
  ADMISSION_RULES,
  MANAGED_NAMESPACE_SELECTOR,
} from './admissionPolicies';
import {
  BROKER_CLUSTER_ROLE,
  BROKER_GROUP,
  BROKER_NAMESPACE,
  BUNDLE_VERSION,
  LABEL_BUNDLE_VERSION,
  PORTAL_READER_SERVICE_ACCOUNT,
  PRODUCT_CLUSTER_ROLES,
} from './names';
import {
  BROKER_CLUSTER_ROLE_RULES,
  BROKER_NAMESPACE_ROLE_RULES,
  PRODUCT_ROLE_RULES,
} from './roles';

/**
 * A Kubernetes object of the bundle.
 *
 * @public
 */
export interface BundleObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  [field: string]: unknown;
}

const RBAC = 'rbac.authorization.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io/v1';

const metadata = (name: string, inNamespace?: string) => ({
  name,
  ...(inNamespace ? { namespace: inNamespace } : {}),
  labels: {
    [LABEL_BUNDLE_VERSION]: BUNDLE_VERSION,
    'app.kubernetes.io/part-of': 'eks-aiml',
  },
});

function namespace(): BundleObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      ...metadata(BROKER_NAMESPACE),
      labels: {
        ...metadata(BROKER_NAMESPACE).labels,
        // Nothing runs here: it holds identities only.
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
    },
  };
}

function productRoles(): BundleObject[] {
  return Object.entries(PRODUCT_CLUSTER_ROLES).map(([level, name]) => ({
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: metadata(name),
    rules: PRODUCT_ROLE_RULES[level as keyof typeof PRODUCT_CLUSTER_ROLES],
  }));
}

function brokerRbac(): BundleObject[] {
  return [
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: metadata(BROKER_CLUSTER_ROLE),
      rules: BROKER_CLUSTER_ROLE_RULES,
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: metadata(BROKER_CLUSTER_ROLE),
      roleRef: {
        apiGroup: RBAC,
        kind: 'ClusterRole',
        name: BROKER_CLUSTER_ROLE,
      },
      subjects: [{ apiGroup: RBAC, kind: 'Group', name: BROKER_GROUP }],
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: metadata(BROKER_CLUSTER_ROLE, BROKER_NAMESPACE),
      rules: BROKER_NAMESPACE_ROLE_RULES,
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: metadata(BROKER_CLUSTER_ROLE, BROKER_NAMESPACE),
      roleRef: { apiGroup: RBAC, kind: 'Role', name: BROKER_CLUSTER_ROLE },
      subjects: [{ apiGroup: RBAC, kind: 'Group', name: BROKER_GROUP }],
    },
  ];
}

function portalReader(): BundleObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(PORTAL_READER_SERVICE_ACCOUNT, BROKER_NAMESPACE),
    automountServiceAccountToken: false,
  };
}

/** The namespaces a rule covers: team namespaces, or every namespace (no selector). */
function namespaces(rule: AdmissionRule): {
  namespaceSelector?: typeof MANAGED_NAMESPACE_SELECTOR;
} {
  return rule.namespaces === 'all'
    ? {}
    : { namespaceSelector: MANAGED_NAMESPACE_SELECTOR };
}

function admissionPolicies(): BundleObject[] {
  return ADMISSION_RULES.flatMap(rule => [
    {
      apiVersion: ADMISSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata: metadata(rule.name),
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          ...namespaces(rule),
          resourceRules: rule.resources.map(r => ({
            apiGroups: [r.apiGroup],
            apiVersions: ['*'],
            resources: r.resources,
            operations: rule.operations,
          })),
        },
        ...(rule.matchConditions
          ? { matchConditions: rule.matchConditions }
          : {}),
        ...(rule.variables ? { variables: rule.variables } : {}),
        validations: rule.validations.map(v => ({
          expression: v.expression,
          message: v.message,
          reason: 'Forbidden',
        })),
      },
    },
    {
      apiVersion: ADMISSION,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: metadata(rule.name),
      spec: {
        policyName: rule.name,
        validationActions: ['Deny'],
        matchResources: namespaces(rule),
      },
    },
  ]);
}

/**
 * Everything a cluster needs from the product, in the order to apply it: the
 * broker's namespace, the product's ClusterRoles, the backend's own rights, the
 * portal's read-only identity and the admission policies of team namespaces.
 * Platform teams apply it once per cluster (deploy/cluster-bootstrap); the
 * backend only checks it.
 *
 * @public
 */
export function clusterBootstrapBundle(): BundleObject[] {
  return [
    namespace(),
    ...productRoles(),
    ...brokerRbac(),
    portalReader(),
    ...admissionPolicies(),
  ];
}
