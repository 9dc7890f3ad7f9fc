import { readCatalogFixture } from '../world/catalogFixture';
import { SANDBOX_CLUSTERS } from '../world/clusters';
import { initialClusterObjects } from '../world/objects';
import { SandboxMetrics } from './generator';
import {
  plantedNumber,
  PlantedRow,
  readPlantedScenarios,
} from './plantedScenarios';
import { GeneratedSeries, SeriesMatcher } from './series';

const DAY = 86_400_000;
const WEEK_START = Date.parse('2026-06-01T00:00:00Z');
const WEEK = { startMs: WEEK_START, endMs: WEEK_START + 7 * DAY };

/** The GPU requests of the first pod whose name matches `pod` (a regular expression). */
const gpuRequests = (metrics: SandboxMetrics, cluster: string, pod: string) =>
  metrics.select(cluster, 'kube_pod_container_resource_requests', [
    { label: 'pod', op: '=~', value: pod },
    { label: 'resource', op: '=', value: 'nvidia_com_gpu' },
  ])[0];

const mean = (values: Float64Array) =>
  values.reduce((s, v) => s + v, 0) / values.length;

describe('the sandbox metrics generator', () => {
  const metrics = new SandboxMetrics();
  const use1 = 'ml-sandbox-use1';
  const usw2 = 'ml-sandbox-usw2';
  const one = (cluster: string, metric: string, pod: string) => {
    const found = metrics.select(cluster, metric, [
      { label: 'pod', op: '=~', value: `${pod}-.*` },
    ]);
    expect(found.length).toBeGreaterThan(0);
    return found[0];
  };

  it('gives the same samples for the same seed, whenever and in whatever order asked', () => {
    const other = new SandboxMetrics();
    const a = metrics.series(use1);
    const b = other.series(use1);
    expect(b.map(s => s.labels)).toEqual(a.map(s => s.labels));
    const times = [WEEK_START + 17 * 60_000, WEEK_START - 400 * DAY, 1.9e12];
    for (const [i, s] of a.entries()) {
      for (const t of times) {
        expect(other.sampleAt(b[i], t)).toBe(metrics.sampleAt(s, t));
      }
    }
    // A range read sample for sample is the instant samples, wherever the range starts.
    const s = one(use1, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'chat-inference-vllm');
    const range = metrics.sampleRange(s, {
      startMs: WEEK_START + 3 * 60_000,
      endMs: WEEK_START + 10 * 60_000,
      stepSeconds: 60,
    });
    expect([...range]).toEqual(
      [3, 4, 5, 6, 7, 8, 9].map(m =>
        metrics.sampleAt(s, WEEK_START + m * 60_000),
      ),
    );
    const reseeded = new SandboxMetrics({ seed: 'another' });
    const r = reseeded.select(use1, s.name, [
      { label: 'pod', op: '=', value: s.labels.pod },
      { label: 'gpu', op: '=', value: s.labels.gpu },
    ])[0];
    expect(reseeded.sampleAt(r, WEEK_START)).not.toBe(
      metrics.sampleAt(s, WEEK_START),
    );
  });

  it('samples every minute (at most 60 s apart)', () => {
    const s = one(
      use1,
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      'llama-finetune-worker',
    );
    const t = WEEK_START + 5 * 3_600_000;
    expect(metrics.sampleAt(s, t)).not.toBe(metrics.sampleAt(s, t + 60_000));
    expect(metrics.sampleAt(s, t)).toBe(metrics.sampleAt(s, t + 59_999));
  });

  it('agrees with the Kubernetes API on nodes and pods', () => {
    const fixture = readCatalogFixture();
    for (const spec of SANDBOX_CLUSTERS) {
      const objects = initialClusterObjects(spec, fixture);
      const names = (kind: string) =>
        objects
          .filter(o => o.kind === kind)
          .map(o => o.metadata.name)
          .sort();
      const labelValues = (metric: string, label: string) =>
        [
          ...new Set(
            metrics.select(spec.name, metric).map(s => s.labels[label]),
          ),
        ].sort();
      expect(labelValues('kube_node_info', 'node')).toEqual(names('Node'));
      expect(labelValues('kube_pod_info', 'pod')).toEqual(names('Pod'));
      expect(labelValues('kube_namespace_labels', 'namespace')).toEqual(
        names('Namespace'),
      );
      for (const pod of objects.filter(o => o.kind === 'Pod')) {
        const info = metrics.select(spec.name, 'kube_pod_info', [
          { label: 'pod', op: '=', value: pod.metadata.name },
        ])[0];
        expect(info.labels.node ?? '').toBe((pod.spec as any).nodeName ?? '');
      }
    }
  });

  it('labels DCGM series as dcgm-exporter does, MIG instances included', () => {
    const a10g = one(
      use1,
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      'chat-inference-vllm',
    );
    expect(a10g.labels).toMatchObject({
      modelName: 'NVIDIA A10G',
      namespace: 'ml-platform-inference',
      container: 'main',
      device: `nvidia${a10g.labels.gpu}`,
    });
    expect(a10g.labels.UUID).toMatch(/^GPU-[0-9a-f-]+$/);
    expect(a10g.labels.Hostname).toMatch(/\.us-east-1\.compute\.internal$/);
    expect(a10g.labels).not.toHaveProperty('GPU_I_PROFILE');

    // The newer dcgm-exporter of the other cluster names the host label `hostname`.
    const l4 = one(usw2, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'ranker-serving');
    expect(l4.labels.hostname).toMatch(/\.us-west-2\.compute\.internal$/);
    expect(l4.labels).not.toHaveProperty('Hostname');

    const mig = metrics.select(usw2, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', [
      { label: 'GPU_I_PROFILE', op: '=', value: '1g.5gb' },
    ]);
    // Every instance unheld; 28 also held during the planted week, and by the weekday peak.
    expect(mig).toHaveLength(56 + 28 + 28);
    expect(new Set(mig.map(s => s.labels.GPU_I_ID))).toEqual(
      new Set(['7', '8', '9', '10', '11', '12', '13']),
    );
    expect(mig[0].labels.modelName).toBe('NVIDIA A100-SXM4-40GB');
    // MIG instances report no whole-GPU utilization.
    expect(
      metrics.select(usw2, 'DCGM_FI_DEV_GPU_UTIL', [
        { label: 'GPU_I_PROFILE', op: '!=', value: '' },
      ]),
    ).toEqual([]);
    const fb = one(use1, 'DCGM_FI_DEV_FB_USED', 'llama-finetune-worker');
    const used = metrics.sampleAt(fb, WEEK_START)!;
    expect(used).toBeGreaterThan(0.85 * 40 * 1024);
    expect(used).toBeLessThanOrEqual(40 * 1024);
    const util = one(use1, 'DCGM_FI_DEV_GPU_UTIL', 'llama-finetune-worker');
    const pct = metrics.sampleAt(util, WEEK_START)!;
    expect(Number.isInteger(pct) && pct >= 0 && pct <= 100).toBe(true);
  });

  it('gives Neuron utilization per core with instance labels only', () => {
    const cores = metrics.select(use1, 'neuroncore_utilization_ratio');
    expect(cores).toHaveLength(32);
    for (const c of cores) {
      expect(Object.keys(c.labels).sort()).toEqual(
        [
          'availability_zone',
          'instance_id',
          'instance_type',
          'neuroncore',
          'node',
          'region',
          'subnet_id',
        ].sort(),
      );
      expect(c.labels.instance_type).toBe('trn1.32xlarge');
      expect(c.labels.instance_id).toMatch(/^i-0[0-9a-f]{16}$/);
    }
    // inf2: 4 of 12 cores of each node are held; the others report 0.
    const inf2 = metrics.select(usw2, 'neuroncore_utilization_ratio', [
      { label: 'instance_type', op: '=', value: 'inf2.24xlarge' },
    ]);
    const busy = inf2.filter(c => metrics.sampleAt(c, WEEK_START)! > 0);
    expect(inf2).toHaveLength(24);
    expect(busy).toHaveLength(8);
  });

  it('reports kube-state-metrics series with allow-listed labels', () => {
    const requests = metrics.select(
      usw2,
      'kube_pod_container_resource_requests',
      [{ label: 'pod', op: '=~', value: 'vision-pretrain-burst-.*' }],
    );
    expect(
      requests.map(r => [r.labels.resource, r.labels.unit]).sort(),
    ).toEqual([
      ['aws_amazon_com_neuron', 'integer'],
      ['cpu', 'core'],
      ['memory', 'byte'],
    ]);
    const gpu = metrics.select(use1, 'kube_pod_container_resource_requests', [
      { label: 'resource', op: '=', value: 'nvidia_com_gpu' },
    ]);
    expect(gpu.every(s => s.labels.unit === 'integer')).toBe(true);
    const labels = one(use1, 'kube_pod_labels', 'ranker-train-sweep');
    expect(labels.labels.label_backstage_io_kubernetes_id).toBe('ranker-train');
    const spot = metrics.select(use1, 'kube_node_labels', [
      { label: 'label_karpenter_sh_nodepool', op: '=', value: 'gpu-a10g-spot' },
    ]);
    expect(spot[0].labels).toMatchObject({
      label_node_kubernetes_io_instance_type: 'g5.48xlarge',
      label_karpenter_sh_capacity_type: 'spot',
    });
    const managed = metrics.select(use1, 'kube_node_labels', [
      {
        label: 'label_eks_amazonaws_com_nodegroup',
        op: '=',
        value: 'gpu-a10g',
      },
    ]);
    expect(managed[0].labels.label_eks_amazonaws_com_capacityType).toBe(
      'ON_DEMAND',
    );
    const capacity = metrics.select(usw2, 'kube_node_status_capacity', [
      { label: 'resource', op: '=', value: 'nvidia_com_gpu' },
    ]);
    expect(capacity.map(c => c.segments[0].value).sort()).toEqual(
      [4, 4, 56, 8].sort(),
    );
    const ns = metrics.select(use1, 'kube_namespace_labels', [
      { label: 'namespace', op: '=', value: 'recsys-training' },
    ])[0];
    expect(ns.labels).toMatchObject({
      label_team: 'recsys',
      label_app_kubernetes_io_managed_by: 'eks-aiml',
    });
  });

  it('runs planted pods only in their window and keeps reporting their requests', () => {
    const phase = (p: string) =>
      metrics.select(use1, 'kube_pod_status_phase', [
        { label: 'pod', op: '=~', value: 'ranker-train-sweep-.*' },
        { label: 'phase', op: '=', value: p },
      ])[0];
    const request = gpuRequests(metrics, use1, 'ranker-train-sweep-.*');
    const before = WEEK.startMs - 60_000;
    const during = WEEK.startMs + DAY;
    const after = WEEK.endMs + DAY;
    expect(metrics.sampleAt(request, before)).toBeUndefined();
    expect(metrics.sampleAt(request, during)).toBe(8);
    expect(metrics.sampleAt(request, after)).toBe(8);
    expect(metrics.sampleAt(phase('Running'), during)).toBe(1);
    expect(metrics.sampleAt(phase('Running'), after)).toBe(0);
    expect(metrics.sampleAt(phase('Succeeded'), after)).toBe(1);
    // The devices carry the pod's labels only while it runs.
    const held = one(
      use1,
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      'ranker-train-sweep',
    );
    expect(metrics.sampleAt(held, during)).toBeGreaterThan(0);
    expect(metrics.sampleAt(held, after)).toBeUndefined();
  });

  it('shapes utilization: training near saturation, inference diurnal, idle allocations', () => {
    const range = (s: GeneratedSeries, startMs: number, endMs: number) =>
      metrics.sampleRange(s, { startMs, endMs, stepSeconds: 60 });
    const training = range(
      one(use1, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'llama-finetune-worker'),
      WEEK.startMs,
      WEEK.startMs + DAY,
    );
    expect(Math.min(...training)).toBeGreaterThan(0.87);
    expect(mean(training)).toBeCloseTo(0.92, 12);
    const inference = one(
      use1,
      'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
      'chat-inference-vllm',
    );
    const afternoon = range(
      inference,
      WEEK.startMs + 13 * 3_600_000,
      WEEK.startMs + 17 * 3_600_000,
    );
    const night = range(
      inference,
      WEEK.startMs + 1 * 3_600_000,
      WEEK.startMs + 5 * 3_600_000,
    );
    expect(mean(afternoon) - mean(night)).toBeGreaterThan(0.25);
    const week = range(inference, WEEK.startMs, WEEK.endMs);
    expect(mean(week)).toBeCloseTo(0.55, 12);
    expect(Math.min(...week)).toBeGreaterThan(0);
    expect(Math.max(...week)).toBeLessThan(1);
    const idle = range(
      one(use1, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'scratch-notebook'),
      WEEK.startMs,
      WEEK.endMs,
    );
    expect(Math.max(...idle)).toBeLessThan(0.05);
    expect(mean(idle)).toBeCloseTo(0.03, 12);
  });

  it('averages over longer steps as avg_over_time, and reads 180 days at once', () => {
    const s = one(usw2, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'ranker-serving');
    const fine = metrics.sampleRange(s, { ...WEEK, stepSeconds: 60 });
    const coarse = metrics.sampleRange(s, { ...WEEK, stepSeconds: 3600 });
    expect(coarse).toHaveLength(168);
    expect(coarse[5]).toBeCloseTo(mean(fine.subarray(300, 360)), 12);
    // Nothing at or after "now".
    const cut = metrics.sampleRange(
      s,
      { ...WEEK, stepSeconds: 3600 },
      WEEK.startMs + 90 * 60_000,
    );
    expect(cut[0]).toBeCloseTo(coarse[0], 12);
    expect(cut[1]).toBeCloseTo(mean(fine.subarray(60, 90)), 12);
    expect(Number.isNaN(cut[2])).toBe(true);

    const t0 = performance.now();
    const long = metrics.sampleRange(s, {
      startMs: WEEK.endMs - 180 * DAY,
      endMs: WEEK.endMs,
      stepSeconds: 360,
    });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(mean(long)).toBeCloseTo(0.4, 2);
  });
});

describe('the planted month', () => {
  const metrics = new SandboxMetrics();
  const { month } = readPlantedScenarios();
  const HOUR = { stepSeconds: 3600 };
  const window = (from: string, to: string) => ({
    startMs: Date.parse(`${from}T00:00:00Z`),
    endMs: Date.parse(`${to}T00:00:00Z`),
    ...HOUR,
  });
  const sum = (values: Float64Array, weights?: Float64Array) =>
    values.reduce(
      (s, v, i) => (Number.isNaN(v) ? s : s + v * (weights ? weights[i] : 1)),
      0,
    );

  /**
   * A workload's allocated and busy hours read from its series as a scrape would see
   * them (requests while Running; the utilization of the units it holds), without the
   * usage service's cost model.
   */
  function hoursOf(
    cluster: string,
    workload: string,
    from: string,
    to: string,
  ) {
    const range = window(from, to);
    const pods = metrics
      .topology(cluster)
      .pods.filter(p => p.workload.name === workload);
    expect(pods.length).toBeGreaterThan(0);
    let allocated = 0;
    let busy = 0;
    for (const pod of pods) {
      const podSeries = (name: string, extra: SeriesMatcher[]) =>
        metrics.select(cluster, name, [
          { label: 'pod', op: '=', value: pod.name },
          ...extra,
        ]);
      const [phase] = podSeries('kube_pod_status_phase', [
        { label: 'phase', op: '=', value: 'Running' },
      ]);
      const running = metrics
        .sampleRange(phase, range)
        .map(v => (Number.isNaN(v) ? 0 : v));
      allocated += sum(running) * pod.units.length;
      const dcgm = podSeries('DCGM_FI_PROF_GR_ENGINE_ACTIVE', []);
      const devices = dcgm.length
        ? dcgm
        : metrics
            .select(cluster, 'neuroncore_utilization_ratio', [
              { label: 'node', op: '=', value: pod.node! },
            ])
            .filter(s => pod.units.includes(Number(s.labels.neuroncore)));
      expect(devices).toHaveLength(pod.units.length);
      for (const d of devices) {
        busy += sum(metrics.sampleRange(d, range), running);
      }
    }
    return { allocated, busy };
  }

  const money = (hours: { allocated: number; busy: number }, rate: number) => ({
    spend: Math.round(hours.allocated * rate * 100) / 100,
    idle: Math.round((hours.allocated - hours.busy) * rate * 100) / 100,
  });

  it.each(month.workloads.map(r => [r.workload, r]))(
    'gives %s its hours, spend and idle spend of the month to the cent',
    (_name, row) => {
      const hours = hoursOf(row.cluster, row.workload, month.from, month.to);
      expect(hours.allocated).toBeCloseTo(
        plantedNumber(row['allocated hours']),
        6,
      );
      expect(hours.busy).toBeCloseTo(plantedNumber(row['busy hours']), 6);
      expect(money(hours, plantedNumber(row['rate per unit-hour']))).toEqual({
        spend: plantedNumber(row.spend),
        idle: plantedNumber(row['idle spend']),
      });
    },
  );

  it('plays the events: a node reclaimed, weekday pods gone at weekends, a run over', () => {
    const use1 = 'ml-sandbox-use1';
    const at = (iso: string) => Date.parse(iso);
    const [worker] = metrics
      .topology(use1)
      .pods.filter(p => p.workload.name === 'llama-finetune-worker');
    const [info] = metrics.select(use1, 'kube_node_info', [
      { label: 'node', op: '=', value: worker.node! },
    ]);
    const phase = (cluster: string, pod: string, p: string) =>
      metrics.select(cluster, 'kube_pod_status_phase', [
        { label: 'pod', op: '=', value: pod },
        { label: 'phase', op: '=', value: p },
      ])[0];
    const during = at('2026-11-18T03:00:00Z');
    expect(metrics.sampleAt(info, during)).toBeUndefined();
    expect(metrics.sampleAt(info, at('2026-11-18T08:00:00Z'))).toBe(1);
    expect(metrics.sampleAt(phase(use1, worker.name, 'Pending'), during)).toBe(
      1,
    );
    expect(metrics.sampleAt(phase(use1, worker.name, 'Running'), during)).toBe(
      0,
    );
    const devices = metrics.select(use1, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', [
      { label: 'Hostname', op: '=', value: worker.node! },
    ]);
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.map(d => metrics.sampleAt(d, during))).toEqual(
      devices.map(() => undefined),
    );

    const usw2 = 'ml-sandbox-usw2';
    const [peak] = metrics
      .topology(usw2)
      .pods.filter(p => p.workload.name === 'chat-inference-peak');
    const requests = gpuRequests(metrics, usw2, peak.name);
    expect(metrics.sampleAt(requests, at('2026-11-20T23:59:00Z'))).toBe(7);
    expect(
      metrics.sampleAt(requests, at('2026-11-21T00:00:00Z')),
    ).toBeUndefined();
    expect(metrics.sampleAt(requests, at('2026-11-23T00:00:00Z'))).toBe(7);
    // Its MIG instances report without a pod at the weekend.
    const unit = metrics.select(usw2, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', [
      { label: 'GPU_I_PROFILE', op: '=', value: '1g.5gb' },
      { label: 'pod', op: '=', value: '' },
    ])[0];
    expect(metrics.sampleAt(unit, at('2026-11-21T12:00:00Z'))).toBe(0);
    expect(metrics.sampleAt(unit, at('2026-11-20T12:00:00Z'))).toBeUndefined();

    const [v2] = metrics
      .topology(usw2)
      .pods.filter(p => p.workload.name === 'vision-pretrain-v2');
    expect(
      metrics.sampleAt(
        phase(usw2, v2.name, 'Succeeded'),
        at('2026-11-13T00:00:00Z'),
      ),
    ).toBe(1);
    // A retraining that runs 5 days in every 12 from 1 December 2026, and its GPUs between.
    const refresh = gpuRequests(metrics, use1, 'ranker-train-refresh-.*');
    const days = [0, 4, 5, 11, 12, 16, 17].map(d =>
      metrics.sampleAt(refresh, at('2026-12-01T12:00:00Z') + d * DAY),
    );
    expect(days).toEqual([4, 4, undefined, undefined, 4, 4, undefined]);
    const [trainer] = metrics
      .topology(use1)
      .pods.filter(p => p.workload.name === 'ranker-train-refresh');
    const free = metrics.select(use1, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', [
      { label: 'Hostname', op: '=', value: trainer.node! },
      { label: 'gpu', op: '=', value: String(trainer.units[0]) },
      { label: 'pod', op: '=', value: '' },
    ])[0];
    expect(metrics.sampleAt(free, at('2026-12-07T12:00:00Z'))).toBe(0);
    expect(metrics.sampleAt(free, at('2026-12-02T12:00:00Z'))).toBeUndefined();

    // Diurnal inference: a weekday's mean is busy + 0.04, a Saturday's busy − 0.10.
    const [vllm] = metrics.select(use1, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', [
      { label: 'pod', op: '=~', value: 'chat-inference-vllm-.*' },
    ]);
    const dayMean = (iso: string) =>
      mean(
        metrics.sampleRange(vllm, {
          startMs: at(iso),
          endMs: at(iso) + DAY,
          stepSeconds: 60,
        }),
      );
    expect(dayMean('2026-11-20T00:00:00Z')).toBeCloseTo(0.59, 12);
    expect(dayMean('2026-11-21T00:00:00Z')).toBeCloseTo(0.45, 12);
  });

  it('gives the event days to the cent', () => {
    for (const day of month.days) {
      const next = new Date(Date.parse(`${day.date}T00:00:00Z`) + DAY)
        .toISOString()
        .slice(0, 10);
      let spend = 0;
      let idle = 0;
      let busy = 0;
      let allocated = 0;
      for (const w of month.workloads.filter(r => r.team === day.team)) {
        const hours = hoursOf(w.cluster, w.workload, day.date, next);
        const rate = plantedNumber(w['rate per unit-hour']);
        allocated += hours.allocated;
        busy += hours.busy;
        spend += hours.allocated * rate;
        idle += (hours.allocated - hours.busy) * rate;
      }
      expect([day.date, day.team, allocated]).toEqual([
        day.date,
        day.team,
        expect.closeTo(plantedNumber(day['allocated hours']), 6),
      ]);
      expect(busy).toBeCloseTo(plantedNumber(day['busy hours']), 6);
      expect(Math.round(spend * 100) / 100).toBe(plantedNumber(day.spend));
      expect(Math.round(idle * 100) / 100).toBe(
        plantedNumber(day['idle spend']),
      );
    }
  });

  it('adds up: workloads to teams and cost centers, chargeback lines to cost centers', () => {
    const total = (rows: PlantedRow[], column: string) =>
      rows.reduce((s, r) => s + plantedNumber(r[column]), 0);
    const cents = (v: number) => Math.round(v * 100);
    /** Rows that add up to a team's hours, and to its spend within a cent per row. */
    const addsUp = (rows: PlantedRow[], team: PlantedRow) => {
      expect(total(rows, 'allocated hours')).toBeCloseTo(
        plantedNumber(team['allocated hours']),
        6,
      );
      expect(
        Math.abs(
          cents(total(rows, 'spend')) - cents(plantedNumber(team.spend)),
        ),
      ).toBeLessThanOrEqual(rows.length);
    };
    for (const team of month.teams) {
      addsUp(
        month.workloads.filter(r => r.team === team.team),
        team,
      );
      const center = month.costCenters.find(
        c => c['cost center'] === team['cost center'],
      )!;
      expect(center.spend).toBe(team.spend);
      addsUp(
        month.chargeback.filter(c => c['cost center'] === team['cost center']),
        team,
      );
      // The change the portal page shows: against the 30 days before.
      const previous = plantedNumber(team['previous spend']);
      expect(
        (100 * (plantedNumber(team.spend) - previous)) / previous,
      ).toBeCloseTo(plantedNumber(team['change %']), 1);
    }
    expect(month.chargeback.every(c => c['price source'] === 'fallback')).toBe(
      true,
    );
  });

  it('gives each team its spend of the 30 days before, so the change is the planted one', () => {
    for (const team of month.teams) {
      let spend = 0;
      for (const w of month.workloads.filter(r => r.team === team.team)) {
        const hours = hoursOf(w.cluster, w.workload, '2026-10-02', month.from);
        spend += hours.allocated * plantedNumber(w['rate per unit-hour']);
      }
      expect(Math.round(spend * 100) / 100).toBe(
        plantedNumber(team['previous spend']),
      );
    }
  });
});
