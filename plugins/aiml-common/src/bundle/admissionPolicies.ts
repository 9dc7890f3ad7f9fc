import { ANNOTATION_QUEUE_NAME, LABEL_KUEUE_QUEUE_NAME } from '../kueue/names';
import { LABEL_MANAGED_BY, LABEL_TEAM, MANAGED_BY_VALUE } from '../labels';
import { AIML_RESUMABLE_KINDS, KEDA_PAUSED_ANNOTATION } from '../workloadStart';
import {
  BROKER_GROUP,
  RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX,
  WORKLOAD_SERVICE_ACCOUNT_SUFFIX,
} from './names';

/**
 * One rule the cluster enforces in team namespaces, for every writer (people
 * with grants, the portal's apply step, controllers): a ValidatingAdmissionPolicy
 * (admissionregistration.k8s.io/v1) and its binding.
 *
 * @public
 */
export interface AdmissionRule {
  /** The policy's (and binding's) name. */
  name: string;
  /** What the rule keeps out, for docs. */
  purpose: string;
  resources: Array<{ apiGroup: string; resources: string[] }>;
  operations: Array<'CREATE' | 'UPDATE'>;
  /**
   * Which namespaces it covers: team namespaces (the default), or all of them,
   * for a rule about one writer that must hold everywhere.
   */
  namespaces?: 'managed' | 'all';
  /** Which requests it judges (CEL over `request`); all when absent. */
  matchConditions?: Array<{ name: string; expression: string }>;
  variables?: Array<{ name: string; expression: string }>;
  validations: Array<{ expression: string; message: string }>;
}

/**
 * Team namespaces: managed by the product and labelled with their team.
 *
 * @public
 */
export const MANAGED_NAMESPACE_SELECTOR = {
  matchExpressions: [
    { key: LABEL_MANAGED_BY, operator: 'In', values: [MANAGED_BY_VALUE] },
    { key: LABEL_TEAM, operator: 'Exists' },
  ],
};

/** CEL: maps `a` and `b` hold the same keys and values but for the key `except`. */
const equalBut = (a: string, b: string, except: string) =>
  `${a}.all(k, k == ${except} || (k in ${b} && ${a}[k] == ${b}[k])) && ${b}.all(k, k == ${except} || k in ${a})`;

const POD_CONTAINERS =
  'object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : []) + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers : [])';

/**
 * The rules, evaluated after the API server's defaulting (a pod's deprecated
 * `serviceAccount` is copied to `serviceAccountName`; none means `default`).
 *
 * @public
 */
export const ADMISSION_RULES: AdmissionRule[] = [
  {
    name: 'aiml-workload-service-accounts',
    purpose:
      "pods run only as a project's workload ServiceAccount, which holds no Kubernetes RBAC: no pod can carry a token of a grant, of the portal or of a controller",
    resources: [{ apiGroup: '', resources: ['pods'] }],
    operations: ['CREATE', 'UPDATE'],
    validations: [
      {
        expression: `has(object.spec.serviceAccountName) && (object.spec.serviceAccountName.endsWith('${WORKLOAD_SERVICE_ACCOUNT_SUFFIX}') || object.spec.serviceAccountName.endsWith('${RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX}'))`,
        message: `pods in team namespaces run only as a project's workload ServiceAccount (<component>${WORKLOAD_SERVICE_ACCOUNT_SUFFIX}, or <component>${RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX} for a Ray head)`,
      },
    ],
  },
  {
    name: 'aiml-no-service-account-token-secrets',
    purpose:
      'no Secret of type kubernetes.io/service-account-token: such a token never expires and would outlive any grant',
    resources: [{ apiGroup: '', resources: ['secrets'] }],
    operations: ['CREATE', 'UPDATE'],
    validations: [
      {
        expression:
          "!has(object.type) || object.type != 'kubernetes.io/service-account-token'",
        message:
          'Secrets of type kubernetes.io/service-account-token are not allowed in team namespaces; people get cluster access through the portal',
      },
    ],
  },
  {
    name: 'aiml-cluster-ip-services',
    purpose:
      'Services stay inside the cluster: type ClusterIP, no external IPs',
    resources: [{ apiGroup: '', resources: ['services'] }],
    operations: ['CREATE', 'UPDATE'],
    validations: [
      {
        expression: "!has(object.spec.type) || object.spec.type == 'ClusterIP'",
        message:
          'Services in team namespaces are ClusterIP only; expose a model through your platform team',
      },
      {
        expression:
          '!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0',
        message: 'Services in team namespaces may not claim external IPs',
      },
    ],
  },
  {
    name: 'aiml-no-host-access',
    purpose:
      "no pod shares the node's namespaces, mounts its filesystem, binds its ports or runs privileged",
    resources: [
      { apiGroup: '', resources: ['pods', 'pods/ephemeralcontainers'] },
    ],
    operations: ['CREATE', 'UPDATE'],
    variables: [{ name: 'containers', expression: POD_CONTAINERS }],
    validations: [
      {
        expression:
          '!(has(object.spec.hostNetwork) && object.spec.hostNetwork) && !(has(object.spec.hostPID) && object.spec.hostPID) && !(has(object.spec.hostIPC) && object.spec.hostIPC)',
        message: "pods may not share the node's network, PID or IPC namespace",
      },
      {
        expression:
          '!has(object.spec.volumes) || object.spec.volumes.all(v, !has(v.hostPath))',
        message: "hostPath volumes expose the node's filesystem",
      },
      {
        expression:
          'variables.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)',
        message: 'privileged containers are refused',
      },
      {
        expression:
          'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))',
        message: 'host ports are refused',
      },
    ],
  },
  {
    name: 'aiml-broker-starts-only',
    purpose:
      "the portal's own identity changes a held workload only to start it: one field (suspend, a Deployment's replicas, KEDA's pause annotation, or on a Kueue cluster the queue label the golden path named), and only in team namespaces, though RBAC lets it patch those kinds everywhere",
    namespaces: 'all',
    resources: [...new Set(AIML_RESUMABLE_KINDS.map(k => k.group))].map(
      apiGroup => ({
        apiGroup,
        resources: AIML_RESUMABLE_KINDS.filter(k => k.group === apiGroup).map(
          k => k.plural,
        ),
      }),
    ),
    operations: ['UPDATE'],
    matchConditions: [
      {
        name: 'portal-identity',
        expression: `request.userInfo.groups.exists(g, g == '${BROKER_GROUP}')`,
      },
    ],
    variables: [
      // The spec key a start may change: the whole runPolicy of a PyTorchJob (checked below), none of a ScaledObject.
      {
        name: 'heldKey',
        expression:
          "object.kind == 'Deployment' ? 'replicas' : object.kind == 'PyTorchJob' ? 'runPolicy' : object.kind == 'ScaledObject' ? '' : 'suspend'",
      },
      {
        name: 'newAnnotations',
        expression:
          'has(object.metadata.annotations) ? object.metadata.annotations : {}',
      },
      {
        name: 'oldAnnotations',
        expression:
          'has(oldObject.metadata.annotations) ? oldObject.metadata.annotations : {}',
      },
      {
        name: 'heldAnnotation',
        expression: `object.kind == 'ScaledObject' ? '${KEDA_PAUSED_ANNOTATION}' : ''`,
      },
      {
        name: 'newLabels',
        expression: 'has(object.metadata.labels) ? object.metadata.labels : {}',
      },
      {
        name: 'oldLabels',
        expression:
          'has(oldObject.metadata.labels) ? oldObject.metadata.labels : {}',
      },
    ],
    validations: [
      {
        expression: `has(namespaceObject.metadata.labels) && '${LABEL_TEAM}' in namespaceObject.metadata.labels && '${LABEL_MANAGED_BY}' in namespaceObject.metadata.labels && namespaceObject.metadata.labels['${LABEL_MANAGED_BY}'] == '${MANAGED_BY_VALUE}'`,
        message:
          "the portal's identity starts workloads in team namespaces only",
      },
      {
        expression: equalBut(
          'object.spec',
          'oldObject.spec',
          'variables.heldKey',
        ),
        message:
          "the portal's identity may change only the held field of a workload's spec (suspend, or a Deployment's replicas)",
      },
      {
        expression: `object.kind != 'PyTorchJob' || (has(object.spec.runPolicy) && has(oldObject.spec.runPolicy) && ${equalBut(
          'object.spec.runPolicy',
          'oldObject.spec.runPolicy',
          "'suspend'",
        )})`,
        message:
          "the portal's identity may change only runPolicy.suspend of a PyTorchJob's runPolicy",
      },
      {
        expression: `${equalBut(
          'variables.newLabels',
          'variables.oldLabels',
          `'${LABEL_KUEUE_QUEUE_NAME}'`,
        )} && ${equalBut(
          'variables.newAnnotations',
          'variables.oldAnnotations',
          'variables.heldAnnotation',
        )}`,
        message: `the portal's identity may change no label and no annotation but a ScaledObject's ${KEDA_PAUSED_ANNOTATION} and a held Kueue workload's ${LABEL_KUEUE_QUEUE_NAME}`,
      },
      {
        // Submitting to Kueue: only adding the queue the golden path named, never removing or moving it.
        expression: `'${LABEL_KUEUE_QUEUE_NAME}' in variables.oldLabels ? ('${LABEL_KUEUE_QUEUE_NAME}' in variables.newLabels && variables.newLabels['${LABEL_KUEUE_QUEUE_NAME}'] == variables.oldLabels['${LABEL_KUEUE_QUEUE_NAME}']) : (!('${LABEL_KUEUE_QUEUE_NAME}' in variables.newLabels) || ('${ANNOTATION_QUEUE_NAME}' in variables.oldAnnotations && variables.newLabels['${LABEL_KUEUE_QUEUE_NAME}'] == variables.oldAnnotations['${ANNOTATION_QUEUE_NAME}']))`,
        message: `the portal's identity may only add ${LABEL_KUEUE_QUEUE_NAME} with the queue of the workload's ${ANNOTATION_QUEUE_NAME} annotation, never change or remove it`,
      },
    ],
  },
];
