import { parseEntityRef } from '@backstage/catalog-model';
import {
  AcceleratorInstanceType,
  ACCELERATOR_INSTANCE_TYPES,
} from '@eks-aiml/plugin-aiml-common';
import type {
  AimlCluster,
  AimlClusterCapacity,
  AimlPricing,
} from '../../../api';
import { unitsOf } from '../../../lib/capacity';
import type { AimlAcceleratorPickerOptions, CapacityKind } from './schema';

/** The capacity types, in the order the picker offers them. */
export const CAPACITY_KINDS: CapacityKind[] = ['on-demand', 'spot'];

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

/** The capacity entries of a cluster for an instance type (and capacity type). */
export function clusterEntries(
  cluster: AimlCluster,
  instanceType: string,
  capacityType?: CapacityKind,
): AimlClusterCapacity[] {
  return cluster.capacity.filter(
    c =>
      c.instanceType === instanceType &&
      (!capacityType || c.capacityType === capacityType),
  );
}

/**
 * Accelerator units a cluster allows of an instance and capacity type, summed over
 * its pools (each pool has one entry per type); `Infinity` when a pool has no bound.
 */
export function clusterUnits(
  cluster: AimlCluster,
  instanceType: string,
  capacityType?: CapacityKind,
): number {
  return clusterEntries(cluster, instanceType, capacityType).reduce(
    (sum, c) => sum + unitsOf(c),
    0,
  );
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

/** The hourly price of an instance type in a capacity type, from the price book. */
export function priceOf(
  pricing: AimlPricing | undefined,
  instanceType: string,
  capacityType: CapacityKind,
): number | undefined {
  const p = pricing?.instanceTypes.find(i => i.instanceType === instanceType);
  return capacityType === 'spot' ? p?.spotHourly : p?.onDemandHourly;
}
