import {
  AcceleratorInstanceType,
  findAcceleratorInstanceType,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../types';
import { CatalogFixture } from '../world/catalogFixture';
import { ClusterSpec, NodegroupSpec, WorkloadSpec } from '../world/clusters';
import { initialClusterObjects, nodeName } from '../world/objects';
import { UtilizationShape } from './profiles';
import { SegmentDays } from './series';

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
  /** When the node was gone (spot interruptions), sorted. */
  absent: Interval[];
}

/** `[fromMs, toMs)`. */
export interface Interval {
  fromMs: number;
  toMs: number;
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
  /** The UTC days the pod exists on (weekdays, or the days of a repeated run), if not all. */
  days?: SegmentDays;
  /** Inside the run, when the pod's node was gone: Pending, holding nothing (sorted). */
  interrupted: Interval[];
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
  /** From `fromMs` on, the pod holds its accelerators at this shape instead (left idle). */
  idle?: { fromMs: number; shape: UtilizationShape };
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

const instant = (w: WorkloadSpec, key: string, iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    throw new Error(`workload ${w.name}: ${key} must be an ISO instant`);
  }
  return ms;
};

function lifecycleOf(w: WorkloadSpec): PodLifecycle {
  let days: SegmentDays | undefined = w.weekdays ? 'weekdays' : undefined;
  if (w.runs) {
    const from = instant(w, 'runs.from', w.runs.from);
    if (w.runs.every) {
      const { days: everyDays, for: forDays } = w.runs.every;
      if (!(forDays > 0 && forDays < everyDays) || from % 86_400_000 !== 0) {
        throw new Error(
          `workload ${w.name}: runs.every needs 0 < for < days and runs.from at 00:00 UTC`,
        );
      }
      days = { everyDays, forDays, fromDay: from / 86_400_000 };
    }
    const to = w.runs.to ? instant(w, 'runs.to', w.runs.to) : Infinity;
    if (!(from < to)) {
      throw new Error(`workload ${w.name}: runs.from must be before runs.to`);
    }
    return {
      createdMs: from,
      runningFromMs: from,
      runningToMs: to,
      otherPhase: to < Infinity ? 'Succeeded' : undefined,
      days,
      interrupted: [],
    };
  }
  const phase = w.phase ?? 'Running';
  if (phase === 'Running') {
    return {
      createdMs: -Infinity,
      runningFromMs: -Infinity,
      runningToMs: Infinity,
      otherPhase: undefined,
      days,
      interrupted: [],
    };
  }
  return {
    createdMs: -Infinity,
    runningFromMs: 0,
    runningToMs: 0,
    otherPhase: phase,
    interrupted: [],
  };
}

/** The parts of `intervals` inside `[fromMs, toMs)`. */
function clip(intervals: Interval[], fromMs: number, toMs: number): Interval[] {
  return intervals
    .map(i => ({
      fromMs: Math.max(i.fromMs, fromMs),
      toMs: Math.min(i.toMs, toMs),
    }))
    .filter(i => i.fromMs < i.toMs);
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
  // Hand out units on each node in pod order: the lowest units no pod running at the
  // same time holds; a pod keeps its units for its whole life.
  const taken = new Map<string, Array<{ units: number[]; life: Interval }>>();
  for (const pod of pods) {
    const { runningFromMs, runningToMs } = pod.lifecycle;
    if (!pod.node || runningFromMs >= runningToMs) continue;
    const node = byName.get(pod.node)!;
    pod.lifecycle.interrupted = clip(node.absent, runningFromMs, runningToMs);
    const life = { fromMs: runningFromMs, toMs: runningToMs };
    const held = taken.get(node.name) ?? [];
    const busy = new Set(
      held
        .filter(h => h.life.fromMs < life.toMs && life.fromMs < h.life.toMs)
        .flatMap(h => h.units),
    );
    const count = podUnits(pod.requests, node.instance);
    const free = Array.from({ length: node.units }, (_, u) => u).filter(
      u => !busy.has(u),
    );
    if (free.length < count) {
      throw new Error(
        `pods on node ${node.name} of ${spec.name} hold more than its ${node.units} accelerator units`,
      );
    }
    pod.units = free.slice(0, count);
    taken.set(node.name, [...held, { units: pod.units, life }]);
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
  const at = Array.from({ length: nodegroup.size }, (_, i) =>
    nodeName(spec, nodegroup, i),
  ).indexOf(o.metadata.name);
  const absent = (nodegroup.interruptions ?? [])
    .filter(x => x.node === at)
    .map(x => ({ fromMs: Date.parse(x.from), toMs: Date.parse(x.to) }))
    .sort((a, b) => a.fromMs - b.fromMs);
  for (const a of absent) {
    if (!(a.fromMs < a.toMs)) {
      throw new Error(
        `node group ${nodegroup.name}: an interruption's from must be an ISO instant before its to`,
      );
    }
  }
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
    absent,
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
    idle: workload.idle && {
      fromMs: instant(workload, 'idle.from', workload.idle.from),
      shape: { busy: workload.idle.busy, pattern: 'steady' },
    },
    units: [],
  };
}
