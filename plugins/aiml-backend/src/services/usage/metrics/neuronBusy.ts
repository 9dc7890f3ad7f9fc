import { groupBy } from './groupBy';
import type { PodDraft } from './podDrafts';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import { sumValues } from './sumValues';

/**
 * Utilization of Neuron pods. The Neuron monitor reports per NeuronCore of the
 * instance, without pods: the node's busy core-hours (the sum over its cores) are
 * shared by the Running pods on the node in proportion to their NeuronCore requests,
 * so every pod on a node gets the node's busy cores ÷ requested cores (at most 1).
 */
export function neuronBusy(
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
