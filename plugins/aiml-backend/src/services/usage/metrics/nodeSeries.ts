import {
  AcceleratorResource,
  ACCELERATOR_INSTANCE_TYPES,
  findAcceleratorInstanceType,
  NodeSeries,
} from '@eks-aiml/plugin-aiml-common';
import { gpuResourceOf, gpusPerUnit } from './gpuResources';
import { groupBy } from './groupBy';
import { KSM_ACCELERATOR_RESOURCES } from './ksmResources';
import { coresPerDevice } from './neuronCores';
import type { NodeFacts } from './nodeFacts';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import { sumValues } from './sumValues';

function acceleratorTypeOf(
  resource: AcceleratorResource,
  instanceType: string | undefined,
  gpuProduct: string | undefined,
): string {
  const t = instanceType
    ? findAcceleratorInstanceType(instanceType)
    : undefined;
  if (t && t.accelerator.resource === resource) return t.accelerator.type;
  if (resource === 'nvidia.com/gpu') {
    // GPU feature discovery's product label, e.g. NVIDIA-A10G; else unknown.
    const known = ACCELERATOR_INSTANCE_TYPES.find(
      i =>
        gpuProduct &&
        gpuProduct.startsWith(i.accelerator.displayName.replace(/ /g, '-')),
    );
    return known?.accelerator.type ?? 'nvidia-unknown';
  }
  return 'aws-neuron-unknown';
}

export function assembleNodes(
  cluster: string,
  steps: number,
  raw: RawAcceleratorMetrics,
  facts: Map<string, NodeFacts>,
): NodeSeries[] {
  const byNode = groupBy(raw.nodeCapacity, s => s.labels.node || undefined);
  const nodes: NodeSeries[] = [];
  for (const [name, series] of byNode) {
    const f = facts.get(name) ?? { name };
    const of = (resource: string) =>
      series.filter(s => s.labels.resource === resource);
    const gpus = series.filter(s => gpuResourceOf(s.labels.resource));
    let cores = of(KSM_ACCELERATOR_RESOURCES.neuronCore);
    let coreFactor = 1;
    if (!cores.length) {
      // Only the device count is exposed: NeuronCores = devices × cores per device.
      // Plugins that register both device names count the same devices twice: take one.
      cores = of(KSM_ACCELERATOR_RESOURCES.neuronDevice);
      if (!cores.length)
        cores = of(KSM_ACCELERATOR_RESOURCES.neuronDeviceAlias);
      coreFactor = coresPerDevice(f.instanceType);
    }
    const add = (
      resource: AcceleratorResource,
      capacityUnits: Float64Array | undefined,
    ) => {
      if (!capacityUnits) return;
      nodes.push({
        cluster,
        node: name,
        instanceType: f.instanceType,
        capacityType: f.capacityType,
        ...(f.zone ? { zone: f.zone } : {}),
        resource,
        acceleratorType: acceleratorTypeOf(
          resource,
          f.instanceType,
          f.gpuProduct,
        ),
        capacityUnits,
      });
    };
    // In GPUs: a MIG device or a time-sliced replica counts as the share of a GPU it is.
    add(
      'nvidia.com/gpu',
      gpus.length
        ? sumValues(gpus, steps, s =>
            gpusPerUnit(f, gpuResourceOf(s.labels.resource)!),
          )
        : undefined,
    );
    if (cores.length) {
      const capacityUnits = sumValues(cores, steps);
      if (coreFactor !== 1)
        for (let i = 0; i < steps; i++) capacityUnits[i] *= coreFactor;
      add('aws.amazon.com/neuroncore', capacityUnits);
    }
  }
  return nodes.sort((a, b) => (a.node < b.node ? -1 : +(a.node > b.node)));
}
