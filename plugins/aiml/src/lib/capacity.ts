import { parseEntityRef } from '@backstage/catalog-model';
import {
  AcceleratorInstanceType,
  ACCELERATOR_INSTANCE_TYPES,
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
  quotaShortfall,
  TeamQuota,
} from '@eks-aiml/plugin-aiml-common';
import type { AimlCluster } from '../api';
import { formatUnits, unitOf } from './format';

/** `on-demand` or `spot`. */
export type CapacityKind = 'on-demand' | 'spot';

/**
 * The value of the `AimlAcceleratorPicker` field.
 *
 * @public
 */
export interface AimlAcceleratorSelection {
  /** The EC2 instance type, e.g. `g5.12xlarge`. */
  instanceType: string;
  /** The accelerator model key, e.g. `nvidia-a10g`. */
  acceleratorType: string;
  /** The Kubernetes resource requested: `nvidia.com/gpu` or `aws.amazon.com/neuroncore`. */
  resource: string;
  /** Accelerator units per pod: GPUs, or NeuronCores for Neuron instances. */
  count: number;
  /** `on-demand` or `spot`. */
  capacityType: 'on-demand' | 'spot';
}

/**
 * Options of the `AimlAcceleratorPicker` field (`ui:options`).
 *
 * @public
 */
export interface AimlAcceleratorPickerOptions {
  /** The form field holding the cluster name (default `cluster`). */
  clusterField?: string;
  /** Only accelerators of this vendor: `nvidia` (GPUs) or `aws` (Trainium, Inferentia). */
  vendor?: 'nvidia' | 'aws';
  /** Only these instance types. */
  allowedInstanceTypes?: string[];
  /** Only these capacity types (e.g. `[spot]` for a spot training template). */
  allowedCapacityTypes?: Array<'on-demand' | 'spot'>;
  /** The form field holding the owning team, a Group ref or name (default `owner`). */
  teamField?: string;
  /**
   * The form field holding how many pods the workload starts with (e.g. `workers`,
   * `replicas`); without it the quota check counts one pod.
   */
  podsField?: string;
}

function formValue(formData: unknown, field: string): unknown {
  return (formData as Record<string, unknown> | undefined)?.[field];
}

/** The cluster name the form holds in the field named by `clusterField`. */
export function clusterNameOf(
  formData: unknown,
  options: AimlAcceleratorPickerOptions,
): string | undefined {
  const value = formValue(formData, options.clusterField ?? 'cluster');
  return typeof value === 'string' && value ? value : undefined;
}

/** The team (Group name) the form holds in the field named by `teamField`. */
export function teamNameOf(
  formData: unknown,
  options: AimlAcceleratorPickerOptions,
): string | undefined {
  const value = formValue(formData, options.teamField ?? 'owner');
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }).name;
  } catch {
    return undefined;
  }
}

/** How many pods the workload starts with: the `podsField` value, else 1. */
export function podsOf(
  formData: unknown,
  options: AimlAcceleratorPickerOptions,
): number {
  if (!options.podsField) return 1;
  const value = formValue(formData, options.podsField);
  return typeof value === 'number' && Number.isInteger(value) && value > 0
    ? value
    : 1;
}

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

/** The catalog entries the options allow. */
export function allowedInstanceTypes(
  options: AimlAcceleratorPickerOptions = {},
): AcceleratorInstanceType[] {
  return ACCELERATOR_INSTANCE_TYPES.filter(
    t =>
      (!options.vendor || t.accelerator.vendor === options.vendor) &&
      (!options.allowedInstanceTypes ||
        options.allowedInstanceTypes.includes(t.instanceType)),
  );
}

/** Accelerator units a cluster has of an instance and capacity type (summed over pools). */
export function clusterUnits(
  cluster: AimlCluster,
  instanceType: string,
  capacityType?: CapacityKind,
): number {
  return cluster.capacity
    .filter(
      c =>
        c.instanceType === instanceType &&
        (!capacityType || c.capacityType === capacityType),
    )
    .reduce((sum, c) => sum + c.units, 0);
}

/** The capacity types a cluster offers an instance type in. */
export function clusterCapacityTypes(
  cluster: AimlCluster,
  instanceType: string,
): CapacityKind[] {
  const kinds = new Set(
    cluster.capacity
      .filter(c => c.instanceType === instanceType)
      .map(c => c.capacityType),
  );
  return (['on-demand', 'spot'] as const).filter(k => kinds.has(k));
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
 * Options of the `AimlClusterPicker` field (`ui:options`).
 *
 * @public
 */
export interface AimlClusterPickerOptions {
  /** Only clusters with capacity of this resource (`nvidia.com/gpu` or `aws.amazon.com/neuroncore`). */
  resource?: string;
  /** Only these clusters. */
  allowedClusters?: string[];
  /** Whether clusters without accelerator capacity may be chosen (default false). */
  allowWithoutCapacity?: boolean;
}

/** Accelerator units of a cluster, of one resource or of all. */
export function totalUnits(cluster: AimlCluster, resource?: string): number {
  return cluster.capacity
    .filter(c => !resource || c.resource === resource)
    .reduce((sum, c) => sum + c.units, 0);
}

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

/** A short summary of a cluster's accelerator capacity, e.g. `16 GPUs g5.12xlarge spot`. */
export function capacitySummary(cluster: AimlCluster): string {
  if (!cluster.capacity.length) return 'no accelerator capacity';
  return cluster.capacity
    .map(
      c =>
        `${formatUnits(c.units, c.resource)} ${c.instanceType} ${
          c.capacityType
        }`,
    )
    .join(', ');
}
