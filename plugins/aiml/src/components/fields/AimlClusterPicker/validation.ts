import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { aimlApiRef, AimlCluster } from '../../../api';
import { explainError } from '../../../lib/errors';
import { unitOf } from '../../../lib/format';
import type { AimlClusterPickerOptions } from './schema';
import { totalUnits } from './utils';

/** Why a cluster cannot be chosen, or undefined when it can. */
export function clusterProblem(
  cluster: AimlCluster | undefined,
  name: string,
  options: AimlClusterPickerOptions = {},
): string | undefined {
  if (!cluster) {
    return `${name} is not a configured cluster (see aiml.clusters in app-config.yaml).`;
  }
  if (options.allowedClusters && !options.allowedClusters.includes(name)) {
    return `This template does not run on ${name}; choose ${options.allowedClusters.join(
      ' or ',
    )}.`;
  }
  if (cluster.error) {
    return `${name} did not answer: ${cluster.error}`;
  }
  if (
    !options.allowWithoutCapacity &&
    totalUnits(cluster, options.resource) <= 0
  ) {
    return options.resource
      ? `${name} has no ${unitOf(options.resource)} capacity.`
      : `${name} has no accelerator capacity.`;
  }
  return undefined;
}

/**
 * Validation of `AimlClusterPicker`: the cluster must be configured and able to run the
 * template, as the provisioning actions require.
 *
 * @public
 */
export const aimlClusterPickerValidation: CustomFieldValidator<
  string,
  AimlClusterPickerOptions
> = async (value, validation, context) => {
  const api = context.apiHolder.get(aimlApiRef);
  if (!api || !value) return;
  try {
    const clusters = await api.listClusters();
    const problem = clusterProblem(
      clusters.find(c => c.name === value),
      value,
      context.uiSchema?.['ui:options'] ?? {},
    );
    if (problem) validation.addError(problem);
  } catch (e) {
    validation.addError(
      `Could not check the cluster: ${explainError(e).message}`,
    );
  }
};
