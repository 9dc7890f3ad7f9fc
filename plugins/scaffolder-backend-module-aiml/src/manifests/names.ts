import { InputError } from '@backstage/errors';
import {
  RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX,
  WORKLOAD_SERVICE_ACCOUNT_SUFFIX,
} from '@eks-aiml/plugin-aiml-common';

/**
 * Component names become object names (`<component>-ray-autoscaler`, Services, Ray
 * clusters whose operators add suffixes): a DNS-1035 label short enough for them.
 */
const COMPONENT_NAME = /^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/;

/** Throws InputError unless `name` can name the component's Kubernetes objects. */
export function checkComponentName(name: string): void {
  if (!COMPONENT_NAME.test(name)) {
    throw new InputError(
      `component "${name}" cannot name Kubernetes objects: use 1-42 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit`,
    );
  }
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Whether a string is a valid Kubernetes label value. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * `<component>-workload`: the only ServiceAccount a project's pods run as. It
 * holds no Kubernetes RBAC; its AWS access is the team's role, through EKS Pod
 * Identity.
 */
export function workloadServiceAccountName(component: string): string {
  return `${component}${WORKLOAD_SERVICE_ACCOUNT_SUFFIX}`;
}

/**
 * `<component>-ray-autoscaler`: the ServiceAccount of a Ray head pod whose
 * cluster has KubeRay's in-tree autoscaler, and of nothing else. No AWS role.
 * See `rayHead.ts` for why the head cannot run as the workload ServiceAccount.
 */
export function rayAutoscalerServiceAccountName(component: string): string {
  return `${component}${RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX}`;
}
