import { InputError } from '@backstage/errors';
import {
  LABEL_COST_CENTER,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  LABEL_WORKLOAD_TYPE,
  MANAGED_BY_VALUE,
  teamLocalQueue,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../kubernetes/types';
import { isLabelValue } from '../manifests/names';
import { portalReaderBinding } from './portalReaderBinding';
import { NamespaceQuota, quotaHard } from './quota';
import { WorkloadType } from './teamNamespace';

/** Pod Security Standards levels a team namespace can enforce. */
export type PodSecurityLevel = 'restricted' | 'baseline';

/** What a team namespace is made of. */
export type TeamNamespaceSpec = {
  namespace: string;
  team: string;
  workloadType: WorkloadType;
  /** From the team's Group; the label is left out when the Group has none. */
  costCenter?: string;
  quota: NamespaceQuota;
  podSecurity: PodSecurityLevel;
  /** Adds a NetworkPolicy that refuses ingress from other namespaces. */
  defaultDenyIngress: boolean;
  /** On a Kueue cluster: adds the namespace's LocalQueue, pointing at the team's ClusterQueue. */
  localQueue?: boolean;
};

/** Name of the ResourceQuota of a team namespace. */
export const QUOTA_NAME = 'team-accelerator-quota';
/** Name of the LimitRange of a team namespace. */
export const LIMIT_RANGE_NAME = 'team-defaults';
/** Name of the optional NetworkPolicy. */
export const NETWORK_POLICY_NAME = 'default-deny-ingress';

/**
 * The objects of a team namespace, in the order they are applied: the
 * Namespace (labels of DESIGN.md and Pod Security), its ResourceQuota and
 * LimitRange, the portal reader's RoleBinding (the namespace's only binding:
 * no User, Group or deployer is ever bound), on a Kueue cluster its LocalQueue,
 * and optionally a default-deny NetworkPolicy. Pure: no I/O.
 */
export function buildTeamNamespace(spec: TeamNamespaceSpec): KubeObject[] {
  const { namespace, team } = spec;
  if (spec.costCenter !== undefined && !isLabelValue(spec.costCenter)) {
    throw new InputError(
      `the cost center "${spec.costCenter}" of team "${team}" is not a valid Kubernetes label value; fix the Group's aiml.eks.aws/cost-center annotation`,
    );
  }
  const owned = { [LABEL_MANAGED_BY]: MANAGED_BY_VALUE, [LABEL_TEAM]: team };
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...owned,
          [LABEL_WORKLOAD_TYPE]: spec.workloadType,
          ...(spec.costCenter ? { [LABEL_COST_CENTER]: spec.costCenter } : {}),
          'pod-security.kubernetes.io/enforce': spec.podSecurity,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: QUOTA_NAME, namespace, labels: owned },
      spec: { hard: quotaHard(spec.quota) },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: LIMIT_RANGE_NAME, namespace, labels: owned },
      spec: {
        limits: [
          {
            type: 'Container',
            // Containers that state nothing still count against the quota.
            defaultRequest: { cpu: '250m', memory: '512Mi' },
            default: { memory: '2Gi' },
          },
        ],
      },
    },
    portalReaderBinding({ namespace, team }),
    ...(spec.localQueue ? [teamLocalQueue({ namespace, team })] : []),
  ];
  if (spec.defaultDenyIngress) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: NETWORK_POLICY_NAME,
        namespace,
        labels: owned,
        annotations: {
          'aiml.eks.aws/description':
            'Refuses ingress from other namespaces; pods of this namespace still reach each other.',
        },
      },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    });
  }
  return objects;
}
