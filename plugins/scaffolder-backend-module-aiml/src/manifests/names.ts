import { InputError } from '@backstage/errors';

/**
 * Component names become object names (`<component>-deployer`, Services, Ray
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
