import {
  gpuUtilPercent,
  hash32,
  memoryShare,
  pairedNoise,
  utilizationAt,
} from './profiles';
import {
  GeneratedSeries,
  otherDays,
  SampleFunction,
  SegmentDays,
  SeriesSegment,
} from './series';
import {
  ClusterTopology,
  Interval,
  TopologyNode,
  TopologyPod,
} from './topology';

/** Metric families the generator emits, with the exporter's help text. */
export const METRIC_HELP: Readonly<Record<string, string>> = {
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: 'Ratio of time the graphics engine is active.',
  DCGM_FI_DEV_GPU_UTIL: 'GPU utilization (in %).',
  DCGM_FI_DEV_FB_USED: 'Framebuffer memory used (in MiB).',
  neuroncore_utilization_ratio:
    'NeuronCore utilization ratio, per NeuronCore of the instance.',
  kube_node_info: 'Information about a cluster node.',
  kube_node_labels: 'Kubernetes labels converted to Prometheus labels.',
  kube_node_status_capacity: 'The capacity for different resources of a node.',
  kube_namespace_labels: 'Kubernetes labels converted to Prometheus labels.',
  kube_pod_info: 'Information about pod.',
  kube_pod_labels: 'Kubernetes labels converted to Prometheus labels.',
  kube_pod_status_phase: 'The pods current phase.',
  kube_pod_container_resource_requests:
    'The number of requested request resource by a container.',
};

/** dcgm-exporter's `modelName` of each accelerator model. */
const DCGM_MODEL_NAMES: Record<string, string> = {
  'nvidia-a100-40gb': 'NVIDIA A100-SXM4-40GB',
  'nvidia-a100-80gb': 'NVIDIA A100-SXM4-80GB',
  'nvidia-h100': 'NVIDIA H100 80GB HBM3',
  'nvidia-h200': 'NVIDIA H200',
  'nvidia-a10g': 'NVIDIA A10G',
  'nvidia-l4': 'NVIDIA L4',
  'nvidia-l40s': 'NVIDIA L40S',
};

const ALWAYS = { fromMs: -Infinity, toMs: Infinity };

/** The private IP in an EKS node name (`ip-10-15-2-10.<region>.compute.internal`). */
const nodeIp = (node: string) =>
  node.replace(/^ip-(\d+)-(\d+)-(\d+)-(\d+)\..*$/, '$1.$2.$3.$4');
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

/** kube-state-metrics' Prometheus form of a label or resource name. */
export function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** kube-state-metrics' `label_*` labels of a Kubernetes label set. */
function ksmLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [`label_${sanitize(k)}`, v]),
  );
}

/** A resource quantity as kube-state-metrics reports it, with its unit. */
function quantity(
  resource: string,
  text: string,
): { value: number; unit: string } {
  if (resource === 'cpu') return { value: Number(text), unit: 'core' };
  if (resource === 'memory') {
    const m = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(text);
    const power = { Ki: 1, Mi: 2, Gi: 3, Ti: 4 }[m?.[2] ?? ''] ?? 0;
    return { value: Number(m?.[1] ?? 0) * 1024 ** power, unit: 'byte' };
  }
  return { value: Number(text), unit: 'integer' };
}

/** The intervals of (−∞, ∞) not covered by `held` (sorted, disjoint). */
function complement(held: Interval[]): Interval[] {
  const out: Interval[] = [];
  let at = -Infinity;
  for (const h of [...held].sort((a, b) => a.fromMs - b.fromMs)) {
    if (h.fromMs > at) out.push({ fromMs: at, toMs: h.fromMs });
    at = Math.max(at, h.toMs);
  }
  if (at < Infinity) out.push({ fromMs: at, toMs: Infinity });
  return out;
}

/** The parts of `from` outside every interval of `minus`. */
function subtract(from: Interval[], minus: Interval[]): Interval[] {
  const outside = complement(minus);
  return from.flatMap(f =>
    outside
      .map(o => ({
        fromMs: Math.max(f.fromMs, o.fromMs),
        toMs: Math.min(f.toMs, o.toMs),
      }))
      .filter(i => i.fromMs < i.toMs),
  );
}

/** A pod's whole run, interruptions included. */
const run = (p: TopologyPod): Interval => ({
  fromMs: p.lifecycle.runningFromMs,
  toMs: p.lifecycle.runningToMs,
});

/** When a pod was Running (on its days): its run without its interruptions. */
const running = (p: TopologyPod): Array<Interval & { days?: SegmentDays }> =>
  subtract([run(p)], p.lifecycle.interrupted).map(i => ({
    ...i,
    days: p.lifecycle.days,
  }));

/**
 * When a node's device was held by none of `held` (and the node was there): outside
 * their runs, plus the days inside a run a pod does not exist on (weekends, the days
 * between repeated runs).
 */
function unheld(
  node: TopologyNode,
  held: TopologyPod[],
): Array<Interval & { days?: SegmentDays }> {
  const between = held.flatMap(p => {
    const days = p.lifecycle.days;
    return days
      ? subtract([run(p)], node.absent).map(i => ({
          ...i,
          days: otherDays(days),
        }))
      : [];
  });
  return [...complement([...held.map(run), ...node.absent]), ...between];
}

/**
 * A held device's utilization per running interval: the pod's shape, and its idle shape
 * from the moment it was left idle.
 */
function heldSegments(
  p: TopologyPod,
  seed: number,
): Array<SeriesSegment & { memShare: number }> {
  const parts = [
    { fromMs: -Infinity, toMs: p.idle?.fromMs ?? Infinity, shape: p.shape },
    ...(p.idle ? [{ ...p.idle, toMs: Infinity }] : []),
  ];
  return running(p).flatMap(r =>
    parts
      .map(part => ({
        fromMs: Math.max(r.fromMs, part.fromMs),
        toMs: Math.min(r.toMs, part.toMs),
        days: r.days,
        value: utilizationAt(part.shape, seed),
        memShare: memoryShare(part.shape),
      }))
      .filter(x => x.fromMs < x.toMs),
  );
}

/** What the generator needs besides the topology. */
export interface ExporterOptions {
  /** The generator's seed, hashed into every series' seed. */
  seed: string;
  /** dcgm-exporter's host label: `Hostname` (older releases) or `hostname` (newer). */
  hostLabel: 'Hostname' | 'hostname';
}

/** Who holds each accelerator unit of a node, and when. */
function holdersByUnit(node: TopologyNode, pods: TopologyPod[]) {
  const holders = new Map<number, TopologyPod[]>();
  for (const p of pods) {
    if (p.node !== node.name) continue;
    for (const u of p.units) {
      holders.set(u, [...(holders.get(u) ?? []), p]);
    }
  }
  return holders;
}

/** dcgm-exporter: three fields per GPU (or MIG instance), labelled with the pod holding it. */
function dcgmSeries(
  t: ClusterTopology,
  node: TopologyNode,
  o: ExporterOptions,
): GeneratedSeries[] {
  const instance = node.instance!;
  const mig = node.nodegroup.mig;
  const perGpu = mig?.instancesPerGpu ?? 1;
  const memoryMiB =
    mig?.memoryMiB ?? instance.accelerator.memoryGiBPerDevice * 1024;
  const holders = holdersByUnit(node, t.pods);
  const out: GeneratedSeries[] = [];
  for (let u = 0; u < node.units; u++) {
    const gpu = Math.floor(u / perGpu);
    const uuidHash = hash32(`${t.spec.name}/${node.name}/gpu${gpu}`)
      .toString(16)
      .padStart(8, '0');
    const device: Record<string, string> = {
      gpu: String(gpu),
      UUID: `GPU-${uuidHash}-${node.instanceId.slice(2, 6)}-4${uuidHash.slice(
        0,
        3,
      )}-a${uuidHash.slice(3, 6)}-${node.instanceId.slice(-12)}`,
      device: `nvidia${gpu}`,
      modelName: DCGM_MODEL_NAMES[instance.accelerator.type] ?? 'NVIDIA GPU',
      [o.hostLabel]: node.name,
      pci_bus_id: `00000000:${(16 + gpu).toString(16).toUpperCase()}:1C.0`,
      DCGM_FI_DRIVER_VERSION: '550.127.05',
      ...(mig
        ? { GPU_I_PROFILE: mig.profile, GPU_I_ID: String(7 + (u % perGpu)) }
        : {}),
    };
    const seedOf = (who: string) =>
      hash32(`${o.seed}/${t.spec.name}/${node.name}/${u}/${who}`);
    const held = holders.get(u) ?? [];
    const emit = (
      labels: Record<string, string>,
      parts: Array<SeriesSegment & { memShare: number }>,
      seed: number,
    ) => {
      if (!parts.length) return;
      const seg = (
        v: (
          active: SampleFunction,
          memShare: number,
        ) => number | SampleFunction,
      ): SeriesSegment[] =>
        parts.map(({ fromMs, toMs, days, value, memShare }) => ({
          fromMs,
          toMs,
          ...(days ? { days } : {}),
          value: v(value as SampleFunction, memShare),
        }));
      out.push({
        name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        labels,
        segments: seg(active => active),
      });
      // MIG instances do not report GPU utilization (a whole-GPU counter).
      if (!mig) {
        out.push({
          name: 'DCGM_FI_DEV_GPU_UTIL',
          labels,
          segments: seg(active => m => gpuUtilPercent(active(m))),
        });
      }
      out.push({
        name: 'DCGM_FI_DEV_FB_USED',
        labels,
        segments: seg(
          (_active, memShare) => m =>
            Math.round(
              memoryMiB * (memShare + 0.01 * pairedNoise(seed ^ 0x5bd1e995, m)),
            ),
        ),
      });
    };
    for (const p of held) {
      const seed = seedOf(p.name);
      emit(
        {
          ...device,
          namespace: p.namespace,
          pod: p.name,
          container: 'main',
        },
        heldSegments(p, seed),
        seed,
      );
    }
    emit(
      device,
      unheld(node, held).map(i => ({ ...i, value: () => 0, memShare: 0 })),
      seedOf(''),
    );
  }
  return out;
}

/** Neuron monitor: one utilization series per NeuronCore, instance labels only. */
function neuronSeries(
  t: ClusterTopology,
  node: TopologyNode,
  o: ExporterOptions,
): GeneratedSeries[] {
  const holders = holdersByUnit(node, t.pods);
  return Array.from({ length: node.units }, (_, core) => {
    const held = holders.get(core) ?? [];
    const segments: SeriesSegment[] = [
      ...held.flatMap(p =>
        heldSegments(
          p,
          hash32(`${o.seed}/${t.spec.name}/${node.name}/${core}/${p.name}`),
        ),
      ),
      ...unheld(node, held).map(i => ({ ...i, value: 0 })),
    ];
    return {
      name: 'neuroncore_utilization_ratio',
      labels: {
        neuroncore: String(core),
        instance_id: node.instanceId,
        instance_type: node.nodegroup.instanceType,
        availability_zone: node.zone,
        region: node.region,
        subnet_id: `subnet-0${hash32(node.zone).toString(16).padStart(8, '0')}`,
        // Added by the scrape configuration (the node the monitor pod runs on).
        node: node.name,
      },
      segments,
    };
  });
}

function nodeSeries(node: TopologyNode, kubelet: string): GeneratedSeries[] {
  const base = { node: node.name };
  const present = complement(node.absent);
  const constant = (name: string, labels: Record<string, string>, v = 1) => ({
    name,
    labels,
    segments: present.map(i => ({ ...i, value: v })),
  });
  return [
    constant('kube_node_info', {
      ...base,
      provider_id: node.providerId,
      internal_ip: nodeIp(node.name),
      kubelet_version: kubelet,
      os_image: 'Amazon Linux 2023.6.20250115',
      container_runtime_version: 'containerd://1.7.25',
    }),
    constant('kube_node_labels', { ...base, ...ksmLabels(node.labels) }),
    ...Object.entries(node.capacity).map(([resource, text]) => {
      const q = quantity(resource, text);
      return constant(
        'kube_node_status_capacity',
        { ...base, resource: sanitize(resource), unit: q.unit },
        q.value,
      );
    }),
  ];
}

/** A pod's phase over time: Running, Pending while its node was gone, then its other phase. */
function phases(p: TopologyPod): Array<Interval & { phase?: string }> {
  const { createdMs, runningFromMs, runningToMs, otherPhase, interrupted } =
    p.lifecycle;
  if (runningFromMs >= runningToMs) {
    return [{ fromMs: createdMs, toMs: Infinity, phase: otherPhase }];
  }
  const out: Array<Interval & { phase?: string }> = [];
  let at = createdMs;
  for (const gap of interrupted) {
    out.push({ fromMs: at, toMs: gap.fromMs, phase: 'Running' });
    out.push({ ...gap, phase: 'Pending' });
    at = gap.toMs;
  }
  out.push({ fromMs: at, toMs: runningToMs, phase: 'Running' });
  if (runningToMs < Infinity) {
    out.push({ fromMs: runningToMs, toMs: Infinity, phase: otherPhase });
  }
  return out.filter(i => i.fromMs < i.toMs);
}

function podSeries(p: TopologyPod): GeneratedSeries[] {
  const id = { namespace: p.namespace, pod: p.name, uid: p.uid };
  const days = p.lifecycle.days ? { days: p.lifecycle.days } : {};
  const life = [{ fromMs: p.lifecycle.createdMs, toMs: Infinity, ...days }];
  const constant = (name: string, labels: Record<string, string>, v = 1) => ({
    name,
    labels,
    segments: life.map(s => ({ ...s, value: v })),
  });
  const training = p.workload.namespace.endsWith('-training');
  return [
    constant('kube_pod_info', {
      ...id,
      ...(p.node ? { node: p.node, host_ip: nodeIp(p.node) } : {}),
      created_by_kind: training ? 'Job' : 'ReplicaSet',
      created_by_name: p.workload.name,
      priority_class: '',
    }),
    constant('kube_pod_labels', { ...id, ...ksmLabels(p.labels) }),
    ...PHASES.map(phase => ({
      name: 'kube_pod_status_phase',
      labels: { ...id, phase },
      segments: phases(p).map(i => ({
        fromMs: i.fromMs,
        toMs: i.toMs,
        ...days,
        value: i.phase === phase ? 1 : 0,
      })),
    })),
    ...Object.entries(p.requests).map(([resource, text]) => {
      const q = quantity(resource, text);
      return constant(
        'kube_pod_container_resource_requests',
        {
          ...id,
          container: 'main',
          ...(p.node ? { node: p.node } : {}),
          resource: sanitize(resource),
          unit: q.unit,
        },
        q.value,
      );
    }),
  ];
}

/**
 * Every series of one cluster: dcgm-exporter on GPU nodes, the Neuron monitor on
 * Neuron nodes, and kube-state-metrics (with `--metric-labels-allowlist` letting node,
 * pod and namespace labels through).
 */
export function clusterSeries(
  t: ClusterTopology,
  o: ExporterOptions,
): GeneratedSeries[] {
  const kubelet = `v${t.spec.version}.4-eks-a737599`;
  const out: GeneratedSeries[] = [];
  for (const node of t.nodes) {
    out.push(...nodeSeries(node, kubelet));
    if (!node.instance || node.units === 0) continue;
    if (node.instance.accelerator.vendor === 'nvidia') {
      out.push(...dcgmSeries(t, node, o));
    } else {
      out.push(...neuronSeries(t, node, o));
    }
  }
  for (const ns of t.namespaces) {
    out.push({
      name: 'kube_namespace_labels',
      labels: { namespace: ns.name, ...ksmLabels(ns.labels) },
      segments: [{ ...ALWAYS, value: 1 }],
    });
  }
  for (const p of t.pods) out.push(...podSeries(p));
  return out;
}
