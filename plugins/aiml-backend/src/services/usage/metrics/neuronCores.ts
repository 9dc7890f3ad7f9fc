import { findAcceleratorInstanceType } from '@eks-aiml/plugin-aiml-common';

const NEURON_CORES_PER_DEVICE = 2;

export function coresPerDevice(instanceType: string | undefined): number {
  const t = instanceType
    ? findAcceleratorInstanceType(instanceType)
    : undefined;
  return t?.accelerator.vendor === 'aws'
    ? t.accelerator.unitsPerDevice
    : NEURON_CORES_PER_DEVICE;
}
