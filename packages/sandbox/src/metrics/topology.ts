import {
  AcceleratorInstanceType,
  findAcceleratorInstanceType,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../types';
import { CatalogFixture } from '../world/catalogFixture';
import { ClusterSpec, NodegroupSpec, WorkloadSpec } from '../world/clusters';
import { initialClusterObjects } from '../world/objects';
import { UtilizationShape } from './profiles';

/** An accelerated or plain node, as the Kubernetes API of the sandbox serves it. */
export interface TopologyNode {
  name: string;
  labels: Record<string, string>;
  providerId: string;
  instanceId: string;
  zone: string;
  region: string;
  capacity: Record<string, string>;
  nodegroup: NodegroupSpec;
  /** The catalog entry of the instance type, when it carries accelerators. */
  instance?: AcceleratorInstanceType;
  /** Accelerator units exposed (GPUs, MIG instances or NeuronCores). */
  units: number;
}

/** When a pod existed and ran. */
export interface PodLifecycle {
  /** When the pod appeared (−Infinity for the seeded pods: always there). */
  createdMs: number;
  /** Running in `[runningFromMs, runningToMs)`; empty when it never runs. */
  runningFromMs: number;
  runningToMs: number;
  /** The phase outside the running interval: before it when it never runs, after it otherwise. */
  otherPhase: 'Pending' | 'Succeeded' | undefined;
}

/** A pod, with the accelerator units it holds while Running. */
export interface TopologyPod {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  node: string | undefined;
  requests: Record<string, string>;
  workload: WorkloadSpec;
  lifecycle: PodLifecycle;
  shape: UtilizationShape;
  /** Indices of the node's accelerator units the pod holds while Running. */
  units: number[];
}

/** A cluster as the metrics generator sees it. */
export interface ClusterTopology {
  spec: ClusterSpec;
  namespaces: Array<{ name: string; labels: Record<string, string> }>;
  nodes: TopologyNode[];
  pods: TopologyPod[];
}

function lifecycleOf(w: WorkloadSpec): PodLifecycle {
  if (w.runs) {
    const from = Date.parse(w.runs.from);
    const to = Date.parse(w.runs.to);
    if (!(from < to)) {
      throw new Error(
        `workload ${w.name}: runs.from must be before runs.to (ISO instants)`,
      );
    }
    return {
      createdMs: from,
      runningFromMs: from,
      runningToMs: to,
      otherPhase: 'Succeeded',
    };
  }
  const phase = w.phase ?? 'Running';
  if (phase === 'Running') {
    return {
      createdMs: -Infinity,
      runningFromMs: -Infinity,
      runningToMs: Infinity,
      otherPhase: undefined,
    };
  }
  return {
    createdMs: -Infinity,
    runningFromMs: 0,
    runningToMs: 0,
    otherPhase: phase,
  };
}

/** Accelerator units a pod requests, Neuron devices counted as NeuronCores. */
function podUnits(
  requests: Record<string, string>,
  instance: AcceleratorInstanceType | undefined,
): number {
  const n = (key: string) => Number(requests[key] ?? 0);
  return (
    n('nvidia.com/gpu') +
    n('aws.amazon.com/neuroncore') +
    n('aws.amazon.com/neuron') * (instance?.accelerator.unitsPerDevice ?? 2)
  );
}

/**
 * The cluster's namespaces, nodes and pods, built from the very objects the sandbox's
 * Kubernetes API starts with, so metrics and API always agree; plus what only the
 * metrics need: lifecycles, utilization shapes and which accelerator units each pod holds.
 */
export function clusterTopology(
  spec: ClusterSpec,
  fixture: CatalogFixture,
): ClusterTopology {
  const objects = initialClusterObjects(spec, fixture);
  const of = (kind: string) => objects.filter(o => o.kind === kind);
  const namespaces = of('Namespace').map(o => ({
    name: o.metadata.name,
    labels: { ...o.metadata.labels },
  }));
  const nodes = of('Node').map(o => nodeOf(spec, o));
  const byName = new Map(nodes.map(n => [n.name, n]));
  const pods = of('Pod').map(o => podOf(spec, o));
  // Hand out units on each node in pod order; a pod keeps its units for its whole life.
  const next = new Map<string, number>();
  for (const pod of pods) {
    if (!pod.node || pod.lifecycle.runningFromMs >= pod.lifecycle.runningToMs)
      continue;
    const node = byName.get(pod.node)!;
    const count = podUnits(pod.requests, node.instance);
    const first = next.get(node.name) ?? 0;
    if (first + count > node.units) {
      throw new Error(
        `pods on node ${node.name} of ${spec.name} hold more than its ${node.units} accelerator units`,
      );
    }
    pod.units = Array.from({ length: count }, (_, i) => first + i);
    next.set(node.name, first + count);
  }
  return { spec, namespaces, nodes, pods };
}

function nodeOf(spec: ClusterSpec, o: KubeObject): TopologyNode {
  const labels = { ...o.metadata.labels } as Record<string, string>;
  const group =
    labels['eks.amazonaws.com/nodegroup'] ?? labels['karpenter.sh/nodepool'];
  const nodegroup = spec.nodegroups.find(g => g.name === group)!;
  const providerId = (o.spec as any).providerID as string;
  const capacity = (o.status as any).capacity as Record<string, string>;
  const instance = findAcceleratorInstanceType(nodegroup.instanceType);
  const units = instance
    ? Number(capacity[instance.accelerator.resource] ?? 0)
    : 0;
  return {
    name: o.metadata.name,
    labels,
    providerId,
    instanceId: providerId.split('/').pop()!,
    zone: nodegroup.zone,
    region: spec.region,
    capacity,
    nodegroup,
    instance,
    units,
  };
}

function podOf(spec: ClusterSpec, o: KubeObject): TopologyPod {
  const labels = { ...o.metadata.labels } as Record<string, string>;
  const workload = spec.workloads.find(
    w =>
      w.name === labels['app.kubernetes.io/name'] &&
      w.namespace === o.metadata.namespace,
  )!;
  const container = (o.spec as any).containers[0];
  return {
    name: o.metadata.name,
    namespace: o.metadata.namespace!,
    uid: o.metadata.uid as string,
    labels,
    node: (o.spec as any).nodeName,
    requests: { ...container.resources.requests },
    workload,
    lifecycle: lifecycleOf(workload),
    shape: {
      busy: workload.busy ?? 0.5,
      pattern: workload.pattern ?? 'steady',
    },
    units: [],
  };
}
