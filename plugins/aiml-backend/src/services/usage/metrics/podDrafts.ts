import type {
  AcceleratorResource,
  PodWorkload,
} from '@eks-aiml/plugin-aiml-common';
import { gpuResourceOf, gpusPerUnit, replicasOf } from './gpuResources';
import { groupBy } from './groupBy';
import { KSM_ACCELERATOR_RESOURCES } from './ksmResources';
import { coresPerDevice } from './neuronCores';
import type { NodeFacts } from './nodeFacts';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import { labelOf, podKey, SEP } from './seriesLabels';
import { sumValues } from './sumValues';
import type { RangeSeries } from '@eks-aiml/plugin-aiml-node';

export interface PodDraft {
  namespace: string;
  pod: string;
  node?: string;
  project?: string;
  workload?: PodWorkload;
  resource: AcceleratorResource;
  requested: Float64Array;
  /** The share of each step the pod was Running. */
  running: Float64Array;
  /** Pods that may share one of its devices (time-slicing replicas; 1 when unknown or exclusive). */
  replicas: number;
}

/** A ReplicaSet's name is its Deployment's plus a pod-template hash (safe alphabet). */
const REPLICA_SET_HASH = /-[bcdfghjklmnpqrstvwxz2456789]{5,10}$/;

/** The controller owning a pod, from `kube_pod_info`'s `created_by_*` labels. */
function podWorkload(info: RangeSeries[] | undefined): PodWorkload | undefined {
  const kind = labelOf(info, 'created_by_kind');
  const name = labelOf(info, 'created_by_name');
  if (!kind || !name || kind === '<none>' || name === '<none>') {
    return undefined;
  }
  if (kind === 'ReplicaSet' && REPLICA_SET_HASH.test(name)) {
    return { kind: 'Deployment', name: name.replace(REPLICA_SET_HASH, '') };
  }
  return { kind, name };
}

function runningShare(series: RangeSeries[] | undefined, steps: number) {
  const share = sumValues(series ?? [], steps);
  for (let i = 0; i < steps; i++) {
    share[i] = share[i] > 1 ? 1 : share[i];
  }
  return share;
}

export function draftPods(
  steps: number,
  raw: RawAcceleratorMetrics,
  facts: Map<string, NodeFacts>,
): PodDraft[] {
  const requests = groupBy(raw.podRequests, s => podKey(s.labels));
  const running = groupBy(raw.podRunning, s => podKey(s.labels));
  const info = groupBy(raw.podInfo, s => podKey(s.labels));
  const labels = groupBy(raw.podLabels, s => podKey(s.labels));
  const drafts: PodDraft[] = [];
  for (const [key, series] of requests) {
    const [namespace, pod] = key.split(SEP);
    const node = labelOf(info.get(key), 'node') ?? labelOf(series, 'node');
    const project =
      labelOf(labels.get(key), 'label_backstage_io_kubernetes_id') || undefined;
    const workload = podWorkload(info.get(key));
    const share = runningShare(running.get(key), steps);
    const of = (resource: string) =>
      series.filter(s => s.labels.resource === resource);
    const onNode = node ? facts.get(node) : undefined;
    // In GPUs, as the node's capacity: MIG devices and time-sliced replicas are shares.
    const gpuSeries = series.filter(s => gpuResourceOf(s.labels.resource));
    const gpu = sumValues(gpuSeries, steps, s =>
      gpusPerUnit(onNode, gpuResourceOf(s.labels.resource)!),
    );
    const requestedGpu = gpuSeries.find(s => s.values.some(v => v > 0));
    const replicas = requestedGpu
      ? replicasOf(onNode, gpuResourceOf(requestedGpu.labels.resource)!)
      : 1;
    const cores = sumValues(of(KSM_ACCELERATOR_RESOURCES.neuronCore), steps);
    const devices = sumValues(
      [
        ...of(KSM_ACCELERATOR_RESOURCES.neuronDevice),
        ...of(KSM_ACCELERATOR_RESOURCES.neuronDeviceAlias),
      ],
      steps,
    );
    const perDevice = coresPerDevice(onNode?.instanceType);
    const neuron = new Float64Array(steps);
    for (let i = 0; i < steps; i++) {
      gpu[i] *= share[i];
      neuron[i] = (cores[i] + devices[i] * perDevice) * share[i];
    }
    for (const [resource, requested] of [
      ['nvidia.com/gpu', gpu],
      ['aws.amazon.com/neuroncore', neuron],
    ] as const) {
      // Pods that never ran in the window (Pending, Succeeded) are left out.
      if (!requested.some(r => r > 0)) continue;
      drafts.push({
        namespace,
        pod,
        node,
        project,
        workload,
        resource,
        requested,
        running: share,
        replicas: resource === 'nvidia.com/gpu' ? replicas : 1,
      });
    }
  }
  return drafts;
}
