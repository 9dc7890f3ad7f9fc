import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
  quotaShortfall,
  TeamQuota,
} from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef, AimlCluster } from '../../../api';
import { explainError } from '../../../lib/errors';
import { formatUnits, unitOf } from '../../../lib/format';
import { quotaOnCluster } from './useQueueEstimate';
import type {
  AimlAcceleratorPickerOptions,
  AimlAcceleratorSelection,
} from './schema';
import {
  allowedInstanceTypes,
  clusterCapacityTypes,
  clusterNameOf,
  clusterUnits,
  podsOf,
  teamNameOf,
} from './utils';

/**
 * Why pods × accelerators per pod exceed the team's quota per namespace, in the
 * words the provisioning action uses; undefined when it fits or cannot be judged.
 */
export function quotaProblem(
  selection: Partial<AimlAcceleratorSelection> | undefined,
  team: string,
  pods: number,
  quota: TeamQuota,
): string | undefined {
  const t = selection?.instanceType
    ? findAcceleratorInstanceType(selection.instanceType)
    : undefined;
  const perPod = selection?.count;
  if (!t || perPod === undefined || !Number.isInteger(perPod) || perPod < 1)
    return undefined;
  const problem = quotaShortfall({
    team,
    vendor: t.accelerator.vendor,
    perPod,
    pods,
    quota,
  });
  return problem && `${problem}.`;
}

/**
 * What is wrong with an accelerator choice, in words that say what would work: the
 * same checks the provisioning actions make, so the form refuses what they would.
 * Empty when the choice is fine. Without a cluster only the catalog checks run.
 */
export function acceleratorChoiceProblems(
  selection: Partial<AimlAcceleratorSelection> | undefined,
  cluster: AimlCluster | undefined,
  options: AimlAcceleratorPickerOptions = {},
): string[] {
  if (!selection?.instanceType) return ['Choose an instance type.'];
  const t = findAcceleratorInstanceType(selection.instanceType);
  if (!t) {
    return [
      `${selection.instanceType} is not an accelerated instance type the portal knows.`,
    ];
  }
  const problems: string[] = [];
  const allowed = allowedInstanceTypes(options);
  if (!allowed.some(a => a.instanceType === t.instanceType)) {
    const needs: Record<string, string> = {
      aws: 'it needs AWS Trainium or Inferentia',
      nvidia: 'it needs NVIDIA GPUs',
    };
    problems.push(
      `${t.instanceType} is not allowed by this template (${
        (options.vendor && needs[options.vendor]) ??
        `allowed: ${allowed.map(a => a.instanceType).join(', ')}`
      }).`,
    );
  }
  if (
    selection.resource !== undefined &&
    selection.resource !== t.accelerator.resource
  ) {
    problems.push(
      `${t.instanceType} exposes ${t.accelerator.resource}, not ${selection.resource}.`,
    );
  }
  const perInstance = acceleratorUnitsPerInstance(t);
  const count = selection.count;
  if (count === undefined || !Number.isInteger(count) || count < 1) {
    problems.push(
      `Ask for a whole number of ${unitOf(
        t.accelerator.resource,
      )}s, at least 1.`,
    );
  } else if (count > perInstance) {
    problems.push(
      `${t.instanceType} has ${formatUnits(
        perInstance,
        t.accelerator.resource,
      )}: ask for at most ${perInstance}, or choose a larger instance type.`,
    );
  }
  const capacityType = selection.capacityType;
  if (capacityType !== 'on-demand' && capacityType !== 'spot') {
    problems.push('Choose on-demand or spot capacity.');
  } else if (
    options.allowedCapacityTypes &&
    !options.allowedCapacityTypes.includes(capacityType)
  ) {
    problems.push(
      `This template runs on ${options.allowedCapacityTypes.join(
        ' or ',
      )} capacity only.`,
    );
  }
  if (cluster && capacityType) {
    const kinds = clusterCapacityTypes(cluster, t.instanceType);
    if (kinds.length === 0) {
      const has = [...new Set(cluster.capacity.map(c => c.instanceType))];
      problems.push(
        `Cluster ${cluster.name} has no ${t.instanceType} capacity${
          has.length ? ` (it has ${has.join(', ')})` : ''
        }.`,
      );
    } else if (!kinds.includes(capacityType)) {
      problems.push(
        `Cluster ${cluster.name} offers ${t.instanceType} as ${kinds.join(
          ' and ',
        )} only, not ${capacityType}.`,
      );
    } else if (count !== undefined && Number.isInteger(count) && count >= 1) {
      const units = clusterUnits(cluster, t.instanceType, capacityType);
      if (units < count) {
        problems.push(
          `Cluster ${cluster.name} has ${formatUnits(
            units,
            t.accelerator.resource,
          )} of ${t.instanceType} ${capacityType}: not enough for ${count}.`,
        );
      }
    }
  }
  return problems;
}

/**
 * Validation of `AimlAcceleratorPicker`: the checks the provisioning actions make
 * (instance type known and allowed, count per instance, capacity type, the chosen
 * cluster's capacity, and pods × count within the team's quota).
 *
 * @public
 */
export const aimlAcceleratorPickerValidation: CustomFieldValidator<
  AimlAcceleratorSelection,
  AimlAcceleratorPickerOptions
> = async (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'] ?? {};
  const clusterName = clusterNameOf(context.formData, options);
  let cluster: AimlCluster | undefined;
  if (clusterName) {
    const api = context.apiHolder.get(aimlApiRef);
    try {
      cluster = (await api?.listClusters())?.find(c => c.name === clusterName);
    } catch (e) {
      validation.addError(
        `Could not check the capacity of cluster ${clusterName}: ${
          explainError(e).message
        }`,
      );
      return;
    }
  }
  for (const problem of acceleratorChoiceProblems(value, cluster, options)) {
    validation.addError(problem);
  }
  const team = teamNameOf(context.formData, options);
  if (!team) return;
  // Unreadable quota: the first step checks it again, so the form does not block.
  const quota = await context.apiHolder
    .get(aimlApiRef)
    ?.getTeamQuota(team)
    .catch(() => undefined);
  const onCluster = quotaOnCluster(cluster, quota);
  const problem =
    onCluster &&
    quotaProblem(value, team, podsOf(context.formData, options), onCluster);
  if (problem) validation.addError(problem);
};
