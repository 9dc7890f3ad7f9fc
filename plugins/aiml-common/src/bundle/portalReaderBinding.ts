import { LABEL_MANAGED_BY, LABEL_TEAM, MANAGED_BY_VALUE } from '../labels';
import { BundleObject } from './bundle';
import {
  BROKER_NAMESPACE,
  PORTAL_READER_SERVICE_ACCOUNT,
  PRODUCT_CLUSTER_ROLES,
} from './names';

/**
 * The one RoleBinding provisioning makes in a team namespace: the product's view
 * ClusterRole for the portal's read-only identity (the Kubernetes tab), which
 * lives in the broker's namespace. No User, Group or ServiceAccount of the
 * namespace is ever bound by provisioning.
 *
 * @public
 */
export function portalReaderRoleBinding(
  namespace: string,
  team: string,
): BundleObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name: PORTAL_READER_SERVICE_ACCOUNT,
      namespace,
      labels: { [LABEL_MANAGED_BY]: MANAGED_BY_VALUE, [LABEL_TEAM]: team },
    },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: PRODUCT_CLUSTER_ROLES.view,
    },
    subjects: [
      {
        kind: 'ServiceAccount',
        name: PORTAL_READER_SERVICE_ACCOUNT,
        namespace: BROKER_NAMESPACE,
      },
    ],
  };
}
