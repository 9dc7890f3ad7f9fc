import {
  AcceleratorResource,
  ACCELERATOR_INSTANCE_TYPES,
  CapacityType,
  findAcceleratorInstanceType,
  NodeSeries,
  PodSeries,
  PodWorkload,
} from '@eks-aiml/plugin-aiml-common';
import type { AcceleratorSeries, RangeSeries } from './types';

/**
 * The raw exporter series of one cluster over a window, as range queries return them.
 *
 * @public
 */
export interface RawAcceleratorMetrics {
  /**
   * `kube_node_status_capacity{resource=~"…"}` for the accelerator resources
   * ({@link KSM_ACCELERATOR_RESOURCE_PATTERN}): GPUs, time-sliced GPUs renamed
   * `nvidia.com/gpu.shared`, MIG devices of the mixed strategy, NeuronCores, Neuron devices.
   */
  nodeCapacity: RangeSeries[];
  /** `kube_node_labels` (with the instance-type and capacity-type labels allow-listed). */
  nodeLabels: RangeSeries[];
  /** `kube_node_info` (its `provider_id` joins Neuron `instance_id`s to nodes). */
  nodeInfo: RangeSeries[];
  /** `kube_pod_container_resource_requests` for the accelerator resources. */
  podRequests: RangeSeries[];
  /** `kube_pod_status_phase{phase="Running"}`: the share of each step the pod was Running. */
  podRunning: RangeSeries[];
  /** `kube_pod_info` (the pod's node). */
  podInfo: RangeSeries[];
  /** `kube_pod_labels` (with `backstage.io/kubernetes-id` allow-listed). */
  podLabels: RangeSeries[];
  /**
   * `DCGM_FI_PROF_GR_ENGINE_ACTIVE` of devices held by pods (0–1), per device or averaged
   * per pod. Only per-device series (with the host and `UUID` or `gpu` labels, and
   * `GPU_I_ID` on MIG devices) let pods sharing a time-sliced device split its ratio.
   */
  gpuEngineActive: RangeSeries[];
  /** `DCGM_FI_DEV_GPU_UTIL` of devices held by pods (0–100), the fallback; per device (as `gpuEngineActive`) or averaged per pod. */
  gpuUtil: RangeSeries[];
  /**
   * Busy NeuronCores of each instance: `neuroncore_utilization_ratio` (no pod labels)
   * clamped to 0–1 and summed over the instance's cores (series of one node add up).
   */
  neuronCoreUtilization: RangeSeries[];
}

/**
 * kube-state-metrics' names of the accelerator resources.
 *
 * @public
 */
export const KSM_ACCELERATOR_RESOURCES = {
  gpu: 'nvidia_com_gpu',
  neuronCore: 'aws_amazon_com_neuroncore',
  neuronDevice: 'aws_amazon_com_neuron',
} as const;

/**
 * A regular expression (anchored, as PromQL's `=~`) matching kube-state-metrics' names
 * of every accelerator resource the cost model counts: {@link KSM_ACCELERATOR_RESOURCES},
 * `nvidia_com_gpu_shared` (time-sliced GPUs with `renameByDefault`) and the MIG devices
 * of the NVIDIA device plugin's `mixed` strategy (`nvidia.com/mig-3g.40gb` is
 * `nvidia_com_mig_3g_40gb`: kube-state-metrics turns every character outside
 * `[a-zA-Z0-9_]` into `_`).
 *
 * @public
 */
export const KSM_ACCELERATOR_RESOURCE_PATTERN =
  'nvidia_com_gpu|nvidia_com_gpu_shared|nvidia_com_mig_.+|aws_amazon_com_neuroncore|aws_amazon_com_neuron';

/**
 * Compute slices of a whole GPU that MIG partitions (A100, H100, H200): a MIG device of
 * profile `<g>g.<mem>gb` counts as g/7 of a GPU.
 */
const MIG_SLICES_PER_GPU = 7;

/**
 * A MIG device resource of the mixed strategy, as kube-state-metrics names it:
 * `nvidia_com_mig_<g>g_<mem>gb`, or `nvidia_com_mig_<c>c_<g>g_<mem>gb` for a compute
 * instance of c slices; a suffix such as `_me` (media extensions) or `_shared`
 * (time-sliced, renamed) may follow.
 */
const KSM_MIG_RESOURCE =
  /^nvidia_com_mig_(?:(\d+)c_)?(\d+)g_\d+gb(?:_[a-z0-9]+)*$/;

/** What one unit of a GPU resource is before time-slicing, in GPUs. */
interface GpuResource {
  /** The resource without `_shared`: GPU feature discovery's labels are named after it. */
  base: string;
  /** GPUs one unit is: 1, or the MIG device's slices / 7. */
  gpus: number;
  /** Time-sliced and renamed (`….shared`). */
  shared: boolean;
}

/** The GPU resource of a kube-state-metrics resource name; undefined for any other. */
function gpuResourceOf(resource: string | undefined): GpuResource | undefined {
  if (resource === KSM_ACCELERATOR_RESOURCES.gpu) {
    return { base: resource, gpus: 1, shared: false };
  }
  if (resource === 'nvidia_com_gpu_shared') {
    return { base: KSM_ACCELERATOR_RESOURCES.gpu, gpus: 1, shared: true };
  }
  const mig = resource ? KSM_MIG_RESOURCE.exec(resource) : null;
  if (!resource || !mig) return undefined;
  const shared = resource.endsWith('_shared');
  return {
    base: shared ? resource.slice(0, -'_shared'.length) : resource,
    gpus: Number(mig[1] ?? mig[2]) / MIG_SLICES_PER_GPU,
    shared,
  };
}

const SEP = '\u0000';

/**
 * The `namespace` and `pod` of dcgm-exporter's labels as one key, preferring
 * `exported_namespace`/`exported_pod` (what a scrape that keeps its own labels renames
 * them to).
 *
 * @public
 */
export function dcgmPodKey(labels: Record<string, string>): string | undefined {
  const namespace = labels.exported_namespace || labels.namespace;
  const pod = labels.exported_pod || labels.pod;
  return namespace && pod ? namespace + SEP + pod : undefined;
}

/**
 * dcgm-exporter's host label: `Hostname` in older releases, `hostname` in newer.
 *
 * @public
 */
export function dcgmHost(labels: Record<string, string>): string | undefined {
  return labels.Hostname || labels.hostname || undefined;
}

const podKey = (labels: Record<string, string>) =>
  labels.namespace && labels.pod
    ? labels.namespace + SEP + labels.pod
    : undefined;

/** Treats NaN (no sample) as 0. */
const val = (v: number) => (Number.isNaN(v) ? 0 : v);

function groupBy<T>(
  items: Iterable<T>,
  key: (t: T) => string | undefined,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The most frequent non-empty value of a label across series (ties: the latest series). */
function labelOf(series: RangeSeries[] | undefined, label: string) {
  let best: string | undefined;
  let bestCount = -1;
  for (const s of series ?? []) {
    const v = s.labels[label];
    if (!v) continue;
    let count = 0;
    for (const x of s.values) if (!Number.isNaN(x)) count++;
    if (count >= bestCount) {
      best = v;
      bestCount = count;
    }
  }
  return best;
}

function capacityTypeOf(
  labels: RangeSeries[] | undefined,
): CapacityType | undefined {
  const karpenter = labelOf(labels, 'label_karpenter_sh_capacity_type');
  if (karpenter === 'spot' || karpenter === 'on-demand') return karpenter;
  // kube-state-metrics keeps the case of label keys: eks.amazonaws.com/capacityType.
  const eks =
    labelOf(labels, 'label_eks_amazonaws_com_capacityType') ??
    labelOf(labels, 'label_eks_amazonaws_com_capacitytype');
  if (eks === 'SPOT') return 'spot';
  if (eks === 'ON_DEMAND') return 'on-demand';
  // Unknown: the cost model reports such nodes as unpriced, never as on-demand.
  return undefined;
}

const NEURON_CORES_PER_DEVICE = 2;

function coresPerDevice(instanceType: string | undefined): number {
  const t = instanceType
    ? findAcceleratorInstanceType(instanceType)
    : undefined;
  return t?.accelerator.vendor === 'aws'
    ? t.accelerator.unitsPerDevice
    : NEURON_CORES_PER_DEVICE;
}

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

/** Per-step sum of several series (NaN counts as 0), each times its weight. */
function sumValues(
  series: RangeSeries[],
  steps: number,
  weight?: (s: RangeSeries) => number,
): Float64Array {
  const out = new Float64Array(steps);
  for (const s of series) {
    const n = Math.min(steps, s.values.length);
    const w = weight ? weight(s) : 1;
    for (let i = 0; i < n; i++) out[i] += val(s.values[i]) * w;
  }
  return out;
}

interface NodeFacts {
  name: string;
  instanceType?: string;
  capacityType?: CapacityType;
  gpuProduct?: string;
  /** The node's `kube_node_labels` series. */
  labels?: RangeSeries[];
  /** The most `nvidia.com/gpu.shared` units the node exposed in the window. */
  sharedGpus?: number;
}

/**
 * How many pods share one device of a GPU resource on a node (the device plugin's
 * time-slicing `replicas`): GPU feature discovery's `nvidia.com/gpu.replicas` (or
 * `nvidia.com/mig-<profile>.replicas`) label when kube_node_labels carries it; for the
 * renamed `nvidia.com/gpu.shared` without it, the shared units over the instance type's
 * GPUs; else 1 (a unit is a device).
 */
function replicasOf(f: NodeFacts | undefined, r: GpuResource): number {
  const label = Number(labelOf(f?.labels, `label_${r.base}_replicas`));
  if (Number.isInteger(label) && label >= 1) return label;
  if (r.shared && r.gpus === 1 && f?.instanceType && f.sharedGpus) {
    const t = findAcceleratorInstanceType(f.instanceType);
    const devices = t?.accelerator.vendor === 'nvidia' ? t.devices : 0;
    const replicas = devices ? Math.round(f.sharedGpus / devices) : 0;
    if (replicas >= 1) return replicas;
  }
  return 1;
}

/** GPUs one unit of a GPU resource is worth on a node: a MIG slice's share, over the replicas. */
const gpusPerUnit = (f: NodeFacts | undefined, r: GpuResource) =>
  r.gpus / replicasOf(f, r);

function nodeFacts(
  raw: Pick<RawAcceleratorMetrics, 'nodeCapacity' | 'nodeLabels'>,
): Map<string, NodeFacts> {
  const labels = groupBy(raw.nodeLabels, s => s.labels.node);
  const names = new Set<string>([
    ...raw.nodeCapacity.map(s => s.labels.node).filter(Boolean),
    ...labels.keys(),
  ]);
  const out = new Map<string, NodeFacts>();
  const sharedGpus = new Map<string, number>();
  for (const s of raw.nodeCapacity) {
    if (s.labels.resource !== 'nvidia_com_gpu_shared' || !s.labels.node) {
      continue;
    }
    let most = sharedGpus.get(s.labels.node) ?? 0;
    for (const v of s.values) if (v > most) most = v;
    sharedGpus.set(s.labels.node, most);
  }
  for (const name of names) {
    const l = labels.get(name);
    out.set(name, {
      name,
      instanceType:
        labelOf(l, 'label_node_kubernetes_io_instance_type') ??
        labelOf(l, 'label_beta_kubernetes_io_instance_type'),
      capacityType: capacityTypeOf(l),
      gpuProduct: labelOf(l, 'label_nvidia_com_gpu_product'),
      labels: l,
      sharedGpus: sharedGpus.get(name),
    });
  }
  return out;
}

/**
 * The accelerated nodes whose `kube_node_labels` give no instance type or no capacity
 * type: they cannot be priced from the metrics alone.
 *
 * @public
 */
export function nodesWithoutPriceLabels(
  raw: Pick<RawAcceleratorMetrics, 'nodeCapacity' | 'nodeLabels'>,
): string[] {
  const accelerated = new Set(raw.nodeCapacity.map(s => s.labels.node));
  return [...nodeFacts(raw).values()]
    .filter(
      f => accelerated.has(f.name) && (!f.instanceType || !f.capacityType),
    )
    .map(f => f.name)
    .sort();
}

function assembleNodes(
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
      cores = of(KSM_ACCELERATOR_RESOURCES.neuronDevice);
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

interface PodDraft {
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

function draftPods(
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
      of(KSM_ACCELERATOR_RESOURCES.neuronDevice),
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

/** One device a pod holds, as dcgm-exporter reports it with the pod's labels. */
interface HeldDevice {
  prof?: RangeSeries;
  util?: RangeSeries;
}

/** A device's utilization (0–1) in a step: engine-active, else GPU_UTIL/100; undefined without a sample. */
function deviceRatio(dev: HeldDevice, i: number): number | undefined {
  const p = dev.prof?.values[i];
  let v: number | undefined;
  if (p !== undefined && !Number.isNaN(p)) v = p;
  else {
    const u = dev.util?.values[i];
    if (u !== undefined && !Number.isNaN(u)) v = u / 100;
  }
  return v === undefined ? undefined : Math.min(1, Math.max(0, v));
}

/**
 * Utilization of GPU pods: the mean over the pod's devices (GPUs or MIG devices),
 * engine-active preferred.
 *
 * A time-sliced device (its pods' replicas > 1) reports the physical device's
 * utilization for every pod on it. Its busy ratio is split equally among the pods on
 * it in the step (the time-weighted count: the sum of their Running shares, at least
 * 1), and each pod's share is capped at its allocation, 1/replicas of the device: the
 * pod's ratio is min(1, device ratio × replicas / pods). With every replica held this is
 * the device's ratio, and the pods' busy GPUs add up to the device's; a pod alone on a
 * 3-replica GPU that is 60% busy is 100% busy on its third. An exclusive device
 * (replicas 1), or one whose replicas are unknown, keeps the device's ratio.
 */
function gpuBusy(
  drafts: PodDraft[],
  steps: number,
  raw: RawAcceleratorMetrics,
): Map<PodDraft, Float64Array> {
  const deviceKey = (l: Record<string, string>) =>
    [dcgmHost(l) ?? '', l.UUID ?? l.gpu ?? '', l.GPU_I_ID ?? ''].join(SEP);
  const prof = groupBy(raw.gpuEngineActive, s => dcgmPodKey(s.labels));
  const util = groupBy(raw.gpuUtil, s => dcgmPodKey(s.labels));
  const held = new Map<PodDraft, Array<[string, HeldDevice]>>();
  /** The pods on each physical device (node + UUID or index + MIG instance). */
  const holders = new Map<string, PodDraft[]>();
  for (const d of drafts) {
    if (d.resource !== 'nvidia.com/gpu') continue;
    const key = d.namespace + SEP + d.pod;
    const devices = new Map<string, HeldDevice>();
    for (const s of prof.get(key) ?? []) {
      devices.set(deviceKey(s.labels), { prof: s });
    }
    for (const s of util.get(key) ?? []) {
      const k = deviceKey(s.labels);
      devices.set(k, { ...devices.get(k), util: s });
    }
    const list: Array<[string, HeldDevice]> = [];
    for (const dev of devices.values()) {
      const l = (dev.prof ?? dev.util)!.labels;
      const id = l.UUID || l.gpu;
      const physical = id
        ? [dcgmHost(l) ?? d.node ?? '', id, l.GPU_I_ID ?? ''].join(SEP)
        : key + SEP + deviceKey(l);
      list.push([physical, dev]);
      const pods = holders.get(physical);
      if (pods) pods.push(d);
      else holders.set(physical, [d]);
    }
    held.set(d, list);
  }
  // Time-weighted pods on each device that may be shared, per step.
  const present = new Map<string, Float64Array>();
  for (const [physical, pods] of holders) {
    if (!pods.some(p => p.replicas > 1)) continue;
    const count = new Float64Array(steps);
    for (const p of pods) {
      const dev = held.get(p)!.find(([k]) => k === physical)![1];
      for (let i = 0; i < steps; i++) {
        if (deviceRatio(dev, i) !== undefined) count[i] += p.running[i];
      }
    }
    present.set(physical, count);
  }
  const out = new Map<PodDraft, Float64Array>();
  for (const [d, list] of held) {
    const busy = new Float64Array(steps);
    for (let i = 0; i < steps; i++) {
      let sum = 0;
      let count = 0;
      for (const [physical, dev] of list) {
        let v = deviceRatio(dev, i);
        if (v === undefined) continue;
        const pods = present.get(physical)?.[i];
        if (pods !== undefined && d.replicas > Math.max(1, pods)) {
          v = Math.min(1, (v * d.replicas) / Math.max(1, pods));
        }
        sum += v;
        count++;
      }
      busy[i] = count ? sum / count : 0;
    }
    out.set(d, busy);
  }
  return out;
}

/**
 * Utilization of Neuron pods. The Neuron monitor reports per NeuronCore of the
 * instance, without pods: the node's busy core-hours (the sum over its cores) are
 * shared by the Running pods on the node in proportion to their NeuronCore requests,
 * so every pod on a node gets the node's busy cores ÷ requested cores (at most 1).
 */
function neuronBusy(
  drafts: PodDraft[],
  steps: number,
  raw: RawAcceleratorMetrics,
): Map<PodDraft, Float64Array> {
  const byInstance = new Map<string, string>();
  for (const s of raw.nodeInfo) {
    const id = /\/(i-[0-9a-f]+)$/.exec(s.labels.provider_id ?? '')?.[1];
    if (id && s.labels.node) byInstance.set(id, s.labels.node);
  }
  const busyCores = new Map<string, Float64Array>();
  for (const [node, series] of groupBy(
    raw.neuronCoreUtilization,
    s => s.labels.node || byInstance.get(s.labels.instance_id),
  )) {
    busyCores.set(node, sumValues(series, steps));
  }
  const neuron = drafts.filter(d => d.resource === 'aws.amazon.com/neuroncore');
  const out = new Map<PodDraft, Float64Array>();
  for (const [node, pods] of groupBy(neuron, d => d.node ?? '')) {
    const cores = busyCores.get(node);
    const requested = sumValues(
      pods.map(p => ({ labels: {}, values: p.requested })),
      steps,
    );
    const ratio = new Float64Array(steps);
    if (cores) {
      for (let i = 0; i < steps; i++) {
        const r = requested[i] > 0 ? cores[i] / requested[i] : 0;
        ratio[i] = r > 1 ? 1 : r;
      }
    }
    for (const p of pods) out.set(p, ratio);
  }
  return out;
}

/**
 * Joins a cluster's raw exporter series into the cost model's nodes and pods:
 *
 * - nodes: accelerator capacity from `kube_node_status_capacity` (Neuron devices
 *   converted to NeuronCores), instance and capacity type from `kube_node_labels`
 *   (Karpenter's or EKS's label; unknown stays unknown, never on-demand);
 * - GPU units: `nvidia.com/gpu` counts what the node exposes (GPUs; MIG devices of the
 *   `single` strategy), a MIG device of the `mixed` strategy (`nvidia.com/mig-<g>g.<mem>gb`)
 *   g/7 of a GPU, and a time-sliced replica 1/replicas of its device when the replicas
 *   are known (GPU feature discovery's `nvidia.com/gpu.replicas` label, or the renamed
 *   `nvidia.com/gpu.shared` over the instance type's GPUs), so such nodes and pods stay
 *   in GPUs (`resource` stays `nvidia.com/gpu`);
 * - pods: accelerator requests summed over containers, times the share of the step the
 *   pod was Running (`kube_pod_status_phase`), Neuron device requests converted to
 *   NeuronCores by the node's instance type; node and owning workload from `kube_pod_info`, project from
 *   `kube_pod_labels`;
 * - GPU utilization per pod: `DCGM_FI_PROF_GR_ENGINE_ACTIVE` of its devices, else
 *   `DCGM_FI_DEV_GPU_UTIL`/100, joined on dcgm-exporter's pod labels (`exported_*`
 *   accepted), averaged over the pod's devices (MIG devices are devices); a time-sliced
 *   device's ratio is split among the pods on it, each capped at its allocation;
 * - Neuron utilization per pod: through the node (see the Neuron monitor's
 *   instance-level series) and the pods' NeuronCore requests.
 *
 * @public
 */
export function assembleAcceleratorSeries(
  cluster: string,
  steps: number,
  raw: RawAcceleratorMetrics,
): AcceleratorSeries {
  const facts = nodeFacts(raw);
  const nodes = assembleNodes(cluster, steps, raw, facts);
  const drafts = draftPods(steps, raw, facts);
  const busy = new Map([
    ...gpuBusy(drafts, steps, raw),
    ...neuronBusy(drafts, steps, raw),
  ]);
  const pods: PodSeries[] = drafts.map(d => ({
    cluster,
    namespace: d.namespace,
    pod: d.pod,
    ...(d.project ? { project: d.project } : {}),
    ...(d.node ? { node: d.node } : {}),
    ...(d.workload ? { workload: d.workload } : {}),
    resource: d.resource,
    requested: d.requested,
    busy: busy.get(d) ?? new Float64Array(steps),
  }));
  return { nodes, pods };
}
