import { stringify } from 'yaml';
import { ADMISSION_RULES } from './admissionPolicies';
import { BundleObject, clusterBootstrapBundle } from './bundle';
import { iamPolicyJson } from './iamPolicy';
import {
  BROKER_GROUP,
  BROKER_NAMESPACE,
  BUNDLE_VERSION,
  PRODUCT_CLUSTER_ROLES,
} from './names';
import { PRODUCT_ROLE_RULES } from './roles';

/** Which file of the kustomization each kind goes to. */
const FILE_OF_KIND: Record<string, string> = {
  Namespace: 'namespace.yaml',
  ClusterRole: 'cluster-roles.yaml',
  ClusterRoleBinding: 'broker-rbac.yaml',
  Role: 'broker-rbac.yaml',
  RoleBinding: 'broker-rbac.yaml',
  ServiceAccount: 'portal-reader.yaml',
  ValidatingAdmissionPolicy: 'admission-policies.yaml',
  ValidatingAdmissionPolicyBinding: 'admission-policies.yaml',
};

const HEADER =
  '# Generated from plugins/aiml-common/src/bundle by `yarn bundle:write`; do not edit.\n';

function yamlDocuments(objects: BundleObject[]): string {
  return (
    HEADER + objects.map(o => stringify(o, { lineWidth: 0 })).join('---\n')
  );
}

/**
 * The markdown table of what each access level grants in a team namespace,
 * generated from the roles themselves.
 *
 * @public
 */
export function accessLevelTable(): string {
  const rows = Object.entries(PRODUCT_ROLE_RULES).flatMap(([level, rules]) =>
    rules.map(
      r =>
        `| ${level} (\`${
          PRODUCT_CLUSTER_ROLES[level as keyof typeof PRODUCT_CLUSTER_ROLES]
        }\`) | ${r.apiGroups.map(g => g || 'core').join(', ')} | ${r.resources
          .map(x => `\`${x}\``)
          .join(', ')} | ${r.verbs.join(', ')} |`,
    ),
  );
  return [
    '| level (ClusterRole) | API group | resources | verbs |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function readme(): string {
  return `${HEADER.replace('# ', '<!-- ').replace('\n', ' -->\n')}
# Cluster bootstrap bundle (version ${BUNDLE_VERSION})

Everything an EKS cluster needs from the portal. A platform team applies it once per
cluster, and again when a release changes it:

\`\`\`sh
kubectl apply -k deploy/cluster-bootstrap
\`\`\`

The portal's backend never changes it: it reads it at start-up and every few minutes, and
refuses grants on a cluster whose copy is missing or differs, naming what differs.

| file | what it holds |
| --- | --- |
| \`namespace.yaml\` | \`${BROKER_NAMESPACE}\`: the broker's namespace. Grant ServiceAccounts and the portal's reader live here, never in a team namespace; no grant covers it |
| \`cluster-roles.yaml\` | the product's ClusterRoles ${Object.values(
    PRODUCT_CLUSTER_ROLES,
  )
    .map(n => `\`${n}\``)
    .join(', ')}: explicit rule lists, no aggregation |
| \`broker-rbac.yaml\` | the backend's own rights, bound to the Kubernetes group \`${BROKER_GROUP}\` |
| \`portal-reader.yaml\` | the portal's read-only identity for the Kubernetes tab, bound to \`aiml-view\` in each team namespace by provisioning |
| \`admission-policies.yaml\` | ValidatingAdmissionPolicies in team namespaces (below) |
| \`iam-policy.json\` | the IAM policy of the backend's role |

Map the backend's IAM role to the group \`${BROKER_GROUP}\` with an access entry of type
STANDARD and \`kubernetesGroups: [${BROKER_GROUP}]\` (no access policy).

## What each access level grants in a team namespace

No level creates ServiceAccounts or their tokens, impersonates, writes RBAC objects,
NetworkPolicies, quotas, Kueue queues or Workloads, KEDA ScaledObjects, PodMonitors or AWS (ACK) resources.

${accessLevelTable()}

## Admission policies of team namespaces

They hold for every writer: people with grants, the portal's apply step, controllers.

| policy | keeps out |
| --- | --- |
${ADMISSION_RULES.map(r => `| \`${r.name}\` | ${r.purpose} |`).join('\n')}
`;
}

/**
 * The files of deploy/cluster-bootstrap: a kustomization a platform team applies
 * with `kubectl apply -k`, the backend role's IAM policy and a README.
 *
 * @public
 */
export function clusterBootstrapFiles(): Record<string, string> {
  const byFile = new Map<string, BundleObject[]>();
  for (const object of clusterBootstrapBundle()) {
    const file = FILE_OF_KIND[object.kind];
    byFile.set(file, [...(byFile.get(file) ?? []), object]);
  }
  const files: Record<string, string> = {};
  for (const [file, objects] of byFile) files[file] = yamlDocuments(objects);
  files['kustomization.yaml'] =
    HEADER +
    stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...byFile.keys()],
    });
  files['iam-policy.json'] = iamPolicyJson();
  files['README.md'] = readme();
  return files;
}
