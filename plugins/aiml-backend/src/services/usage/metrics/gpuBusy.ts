import { groupBy } from './groupBy';
import type { PodDraft } from './podDrafts';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import { dcgmHost, dcgmPodKey, SEP } from './seriesLabels';
import type { RangeSeries } from '@eks-aiml/plugin-aiml-node';

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
export function gpuBusy(
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
