import { AimlClock } from '@eks-aiml/plugin-aiml-node';
import { SandboxRangeReader } from '@eks-aiml/plugin-aiml-backend-module-sandbox';
import { SandboxMetrics } from '@eks-aiml/sandbox';
import { rangeReaderMetricsSource } from './rangeReaderMetricsSource';

/** The sandbox's metrics source as the backend runs it: its reader, joined here. */
const sandboxSource = (clock: AimlClock) =>
  rangeReaderMetricsSource(new SandboxRangeReader(new SandboxMetrics(), clock));

const DAY = 86_400_000;
const WEEK_START = Date.parse('2026-06-01T00:00:00Z');
const week = { startMs: WEEK_START, endMs: WEEK_START + 7 * DAY };

const mean = (values: ArrayLike<number>) =>
  Array.from(values).reduce((s, v) => s + v, 0) / values.length;

// The sandbox generator read through the same joins as Prometheus.
describe('the sandbox metrics source (SandboxRangeReader, joined by the backend)', () => {
  const source = sandboxSource({ nowMs: () => Date.now() });

  it('gives nodes with capacity, instance and capacity type, MIG and Neuron in their units', async () => {
    const { nodes } = await source.load('ml-sandbox-usw2', {
      ...week,
      stepSeconds: 3600,
    });
    const by = (instanceType: string) =>
      nodes.filter(n => n.instanceType === instanceType);
    expect(by('p4d.24xlarge')).toEqual([
      expect.objectContaining({
        capacityType: 'on-demand',
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-a100-40gb',
      }),
    ]);
    expect(by('p4d.24xlarge')[0].capacityUnits[0]).toBe(56);
    expect(by('g6.12xlarge').map(n => n.capacityType)).toEqual([
      'spot',
      'spot',
    ]);
    expect(by('trn1.32xlarge')[0]).toMatchObject({
      capacityType: 'spot',
      resource: 'aws.amazon.com/neuroncore',
    });
    expect(by('trn1.32xlarge')[0].capacityUnits[0]).toBe(32);
  });

  it('joins pods: Running only, Neuron devices as cores, utilization through the node', async () => {
    const { pods } = await source.load('ml-sandbox-usw2', {
      ...week,
      stepSeconds: 3600,
    });
    const burst = pods.find(p => p.pod.startsWith('vision-pretrain-burst'))!;
    expect(burst).toMatchObject({
      namespace: 'ml-research-training',
      project: 'vision-pretrain',
      resource: 'aws.amazon.com/neuroncore',
    });
    // Running 2026-06-04 06:00 – 2026-06-06 18:00: hours 78 to 138 of the week.
    const hours = Array.from(burst.requested);
    expect(hours.slice(0, 78).every(r => r === 0)).toBe(true);
    expect(hours.slice(78, 138).every(r => r === 32)).toBe(true);
    expect(hours.slice(138).every(r => r === 0)).toBe(true);
    expect(mean(Array.from(burst.busy).slice(78, 138))).toBeCloseTo(0.9, 12);

    const embeddings = pods.filter(p => p.pod.startsWith('embeddings-inf2'));
    expect(embeddings).toHaveLength(2);
    for (const p of embeddings) {
      expect(p.requested[0]).toBe(4);
      expect(mean(p.busy)).toBeCloseTo(0.45, 12);
    }
    const mig = pods.filter(p => p.pod.startsWith('chat-inference-mig'));
    expect(mig).toHaveLength(4);
    expect(mig.map(p => p.requested[72])).toEqual([7, 7, 7, 7]);
  });

  it('leaves out Pending and Succeeded pods and reads engine-active of GPU pods', async () => {
    const { pods } = await source.load('ml-sandbox-use1', {
      ...week,
      stepSeconds: 60,
    });
    const names = pods.map(p => p.pod.replace(/-[0-9a-f]{5}-\d+$/, ''));
    expect(names).not.toContain('llama-finetune-eval');
    expect(names).not.toContain('ranker-train-nightly');
    const sweep = pods.find(p => p.pod.startsWith('ranker-train-sweep'))!;
    expect(mean(sweep.requested)).toBe(8);
    expect(mean(sweep.busy)).toBeCloseTo(0.35, 12);
    const unattributed = pods.find(p => p.namespace === 'legacy-experiments')!;
    expect(unattributed.project).toBeUndefined();
  });

  it('has no data at or after the clock', async () => {
    const now = WEEK_START + 36 * 3_600_000;
    const early = sandboxSource({ nowMs: () => now });
    const { pods, nodes } = await early.load('ml-sandbox-use1', {
      ...week,
      stepSeconds: 3600,
    });
    const llama = pods.find(p => p.pod.startsWith('llama-finetune-worker'))!;
    expect(llama.requested[35]).toBe(8);
    expect(llama.requested[36]).toBe(0);
    expect(nodes[0].capacityUnits[36]).toBe(0);
    await expect(
      early.load('ml-prod-use1', { ...week, stepSeconds: 3600 }),
    ).rejects.toThrow('the sandbox has no cluster "ml-prod-use1"');
  });
});
