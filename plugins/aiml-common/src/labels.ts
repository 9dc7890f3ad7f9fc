/** Label and annotation names the product reads and writes. */

/**
 * Namespace label: the team (Group name) that owns the namespace.
 *
 * @public
 */
export const LABEL_TEAM = 'team';
/**
 * Namespace label: `training` or `inference`.
 *
 * @public
 */
export const LABEL_WORKLOAD_TYPE = 'workload-type';
/**
 * Namespace label: the team's cost center.
 *
 * @public
 */
export const LABEL_COST_CENTER = 'cost-center';
/**
 * Namespace label marking what the product provisioned; only such namespaces are trusted.
 *
 * @public
 */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/**
 * The value of {@link LABEL_MANAGED_BY} on namespaces the product manages.
 *
 * @public
 */
export const MANAGED_BY_VALUE = 'eks-aiml';
/**
 * Pod label joining workloads to their catalog Component (Backstage's own convention).
 *
 * @public
 */
export const LABEL_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * Component annotation: the configured cluster (`aiml.clusters[].name`) a golden-path
 * project runs on; its objects live in the owning team's namespaces there.
 *
 * @public
 */
export const ANNOTATION_CLUSTER = 'aiml.eks.aws/cluster';

/**
 * Group annotation: the team's cost center.
 *
 * @public
 */
export const ANNOTATION_COST_CENTER = 'aiml.eks.aws/cost-center';
/**
 * Group annotation: comma-separated User names of the team's leads.
 *
 * @public
 */
export const ANNOTATION_TEAM_LEADS = 'aiml.eks.aws/team-leads';
/**
 * User annotation: the person's IAM role ARN, for access-entry clusters.
 *
 * @public
 */
export const ANNOTATION_IAM_ROLE_ARN = 'aiml.eks.aws/iam-role-arn';

/**
 * Group annotation: the team's GPU quota per namespace (overrides `aiml.teams.defaults.quota.gpu`).
 *
 * @public
 */
export const ANNOTATION_QUOTA_GPU = 'aiml.eks.aws/quota-gpu';
/**
 * Group annotation: the team's NeuronCore quota per namespace (overrides the config default).
 *
 * @public
 */
export const ANNOTATION_QUOTA_NEURON_CORES = 'aiml.eks.aws/quota-neuron-cores';
/**
 * Group annotation: the team's monthly accelerator budget (overrides the config default).
 *
 * @public
 */
export const ANNOTATION_MONTHLY_BUDGET = 'aiml.eks.aws/monthly-budget';

/**
 * Namespaces provisioning and the broker never touch.
 *
 * @public
 */
export function isSystemNamespace(name: string): boolean {
  return (
    name === 'default' ||
    name.startsWith('kube-') ||
    name.startsWith('openshift') ||
    [
      'amazon-cloudwatch',
      'karpenter',
      'cert-manager',
      'aws-observability',
    ].includes(name)
  );
}

/**
 * The Kubernetes auth provider key of the product's clusters (the backend's cluster
 * supplier signs with the portal's identity; the frontend sends no credentials).
 *
 * @public
 */
export const AIML_EKS_AUTH_PROVIDER = 'aimlEks';
