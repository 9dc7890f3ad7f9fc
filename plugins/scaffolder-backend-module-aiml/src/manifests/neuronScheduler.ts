import { RootConfigService } from '@backstage/backend-plugin-api';
import { Placement } from './fit';

/**
 * The scheduler the Neuron Helm chart installs beside the default one
 * (`scheduler.enabled=true`): EKS cannot extend its own kube-scheduler, so the
 * Neuron scheduler extension runs in a second scheduler that Neuron pods name
 * (AWS Neuron docs, "Neuron scheduler extension", multiple-scheduler setup).
 */
export const DEFAULT_NEURON_SCHEDULER = 'my-scheduler';

/** Where the scheduler's name is configured. */
export const NEURON_SCHEDULER_CONFIG_KEY = 'aiml.workloads.neuronSchedulerName';

/** The configured scheduler of Neuron pods, or the Neuron docs' default. */
export function readNeuronSchedulerName(config: RootConfigService): string {
  return (
    config.getOptionalString(NEURON_SCHEDULER_CONFIG_KEY) ??
    DEFAULT_NEURON_SCHEDULER
  );
}

/**
 * The scheduler of a pod: the Neuron scheduler when it asks for more than one
 * NeuronCore, whose cores must then be contiguous on the device ring (the
 * extension's job: "topology-aware scheduling for workloads that request more
 * than one Neuron core or device"); the default scheduler otherwise.
 */
export function schedulerNameFor(
  placement: Placement,
  neuronSchedulerName: string | undefined,
): string | undefined {
  const neuron = placement.instance.accelerator.vendor === 'aws';
  return neuron && placement.count > 1 ? neuronSchedulerName : undefined;
}
