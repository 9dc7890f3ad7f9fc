import {
  AcceleratorInstanceType,
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
  MODEL_CATALOG,
  ModelInfo,
} from '@eks-aiml/plugin-aiml-common';
import type { AimlModelPickerOptions } from './schema';

/** The catalog models a template offers. */
export function offeredModels(options: AimlModelPickerOptions): ModelInfo[] {
  return MODEL_CATALOG.filter(
    m => !options.models || options.models.includes(m.id),
  );
}

/** The accelerators a pod of the form gets: the instance type and how many units. */
export type PodAccelerators = {
  instance: AcceleratorInstanceType;
  count: number;
};

/**
 * The accelerators the form's `AimlAcceleratorPicker` holds, when they are a
 * whole number within the instance type; undefined until then.
 */
export function acceleratorsOf(
  formData: unknown,
  options: AimlModelPickerOptions,
): PodAccelerators | undefined {
  const value = (formData as Record<string, any> | undefined)?.[
    options.acceleratorField ?? 'accelerator'
  ];
  const instance =
    typeof value?.instanceType === 'string'
      ? findAcceleratorInstanceType(value.instanceType)
      : undefined;
  const count = value?.count;
  if (
    !instance ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > acceleratorUnitsPerInstance(instance)
  ) {
    return undefined;
  }
  return { instance, count };
}
