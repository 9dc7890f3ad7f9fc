import {
  computeCostReport,
  createPriceBook,
} from '@eks-aiml/plugin-aiml-common';
import {
  aggregateSeries,
  RangeQuery,
  RangeReader,
  RangeSeries,
} from '@eks-aiml/plugin-aiml-node';
import { assembleAcceleratorSeries } from './assemble';
import { KSM_ACCELERATOR_RESOURCE_PATTERN } from './ksmResources';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import { loadAcceleratorSeries } from './loadAcceleratorSeries';

const STEPS = 4;
const series = (
  labels: Record<string, string>,
  values: number | number[],
): RangeSeries => ({
  labels,
  values: Float64Array.from(
    typeof values === 'number' ? Array(STEPS).fill(values) : values,
  ),
});

const empty = (): RawAcceleratorMetrics => ({
  nodeCapacity: [],
  nodeLabels: [],
  nodeInfo: [],
  podRequests: [],
  podRunning: [],
  podInfo: [],
  podLabels: [],
  gpuEngineActive: [],
  gpuUtil: [],
  neuronCoreUtilization: [],
});

const pod = (name: string, ns = 'team-a-training') => ({
  namespace: ns,
  pod: name,
  uid: `${name}-uid`,
});

describe('assembleAcceleratorSeries', () => {
  it('converts Neuron devices to NeuronCores and shares node utilization by core requests', () => {
    const raw = empty();
    raw.nodeCapacity.push(
      // A node exposing only devices: 16 Trainium devices = 32 NeuronCores.
      series(
        { node: 'n1', resource: 'aws_amazon_com_neuron', unit: 'integer' },
        16,
      ),
    );
    raw.nodeLabels.push(
      series(
        {
          node: 'n1',
          label_node_kubernetes_io_instance_type: 'trn1.32xlarge',
          label_karpenter_sh_capacity_type: 'spot',
        },
        1,
      ),
    );
    raw.nodeInfo.push(
      series({ node: 'n1', provider_id: 'aws:///us-west-2d/i-0abc123' }, 1),
    );
    raw.podRequests.push(
      // 4 devices = 8 cores, and 8 cores asked as cores: 16 of 32 cores requested.
      series(
        {
          ...pod('p1'),
          node: 'n1',
          resource: 'aws_amazon_com_neuron',
          unit: 'integer',
        },
        4,
      ),
      series(
        {
          ...pod('p2'),
          node: 'n1',
          resource: 'aws_amazon_com_neuroncore',
          unit: 'integer',
        },
        8,
      ),
    );
    raw.podRunning.push(
      series({ ...pod('p1'), phase: 'Running' }, 1),
      // p2 runs only in the second half of step 1 and after.
      series({ ...pod('p2'), phase: 'Running' }, [0, 0.5, 1, 1]),
    );
    raw.podInfo.push(
      series(
        {
          ...pod('p1'),
          node: 'n1',
          created_by_kind: 'ReplicaSet',
          created_by_name: 'proj-server-7d4b9c8f5',
        },
        1,
      ),
    );
    raw.podInfo.push(
      series(
        {
          ...pod('p2'),
          node: 'n1',
          created_by_kind: 'Job',
          created_by_name: 'proj-train',
        },
        1,
      ),
    );
    raw.podLabels.push(
      series({ ...pod('p1'), label_backstage_io_kubernetes_id: 'proj' }, 1),
    );
    // 32 cores; joined through instance_id (no node label): 4 busy cores in step 0,
    // 6 in step 1, 12 in steps 2–3; the unrequested cores report 0.
    const busyCores = [4, 6, 12, 12];
    for (let core = 0; core < 32; core++) {
      raw.neuronCoreUtilization.push(
        series(
          {
            neuroncore: String(core),
            instance_id: 'i-0abc123',
            instance_type: 'trn1.32xlarge',
          },
          busyCores.map(b => (core < 16 ? b / 16 : 0)),
        ),
      );
    }
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    expect(out.nodes).toEqual([
      expect.objectContaining({
        node: 'n1',
        instanceType: 'trn1.32xlarge',
        capacityType: 'spot',
        resource: 'aws.amazon.com/neuroncore',
        acceleratorType: 'aws-trainium',
        capacityUnits: Float64Array.from([32, 32, 32, 32]),
      }),
    ]);
    const p1 = out.pods.find(p => p.pod === 'p1')!;
    const p2 = out.pods.find(p => p.pod === 'p2')!;
    expect(p1).toMatchObject({
      project: 'proj',
      node: 'n1',
      // A ReplicaSet's pods belong to the Deployment its name carries.
      workload: { kind: 'Deployment', name: 'proj-server' },
    });
    expect(p2.workload).toEqual({ kind: 'Job', name: 'proj-train' });
    expect(Array.from(p1.requested)).toEqual([8, 8, 8, 8]);
    expect(Array.from(p2.requested)).toEqual([0, 4, 8, 8]);
    // requested cores 8, 12, 16, 16 → busy 4/8, 6/12, 12/16, 12/16 for both pods.
    expect(Array.from(p1.busy)).toEqual([0.5, 0.5, 0.75, 0.75]);
    expect(Array.from(p2.busy)).toEqual([0.5, 0.5, 0.75, 0.75]);
  });

  it('prefers engine-active, falls back to GPU_UTIL/100, and accepts renamed pod labels', () => {
    const raw = empty();
    raw.nodeCapacity.push(
      series({ node: 'g1', resource: 'nvidia_com_gpu', unit: 'integer' }, 4),
    );
    raw.nodeLabels.push(
      series(
        {
          node: 'g1',
          label_node_kubernetes_io_instance_type: 'g5.12xlarge',
          label_eks_amazonaws_com_capacityType: 'ON_DEMAND',
        },
        1,
      ),
    );
    for (const name of ['a', 'b', 'c']) {
      raw.podRequests.push(
        series(
          {
            ...pod(name),
            node: 'g1',
            resource: 'nvidia_com_gpu',
            unit: 'integer',
          },
          name === 'a' ? 2 : 1,
        ),
      );
      raw.podRunning.push(series({ ...pod(name), phase: 'Running' }, 1));
    }
    const dev = (gpu: string, host: Record<string, string>) => ({
      gpu,
      UUID: `GPU-${gpu}`,
      modelName: 'NVIDIA A10G',
      ...host,
    });
    // a: two GPUs with engine-active (one also has GPU_UTIL, ignored).
    raw.gpuEngineActive.push(
      series({ ...dev('0', { Hostname: 'g1' }), ...pod('a') }, 0.2),
      series({ ...dev('1', { Hostname: 'g1' }), ...pod('a') }, [
        0.4,
        0.4,
        NaN,
        0.4,
      ]),
    );
    raw.gpuUtil.push(
      series({ ...dev('0', { Hostname: 'g1' }), ...pod('a') }, 90),
      // Where engine-active has no sample, GPU_UTIL stands in for that device.
      series({ ...dev('1', { Hostname: 'g1' }), ...pod('a') }, 60),
    );
    // b: only GPU_UTIL, newer exporter (hostname), pod labels renamed by the scrape.
    raw.gpuUtil.push(
      series(
        {
          ...dev('2', { hostname: 'g1' }),
          namespace: 'monitoring',
          pod: 'dcgm-exporter-x',
          exported_namespace: 'team-a-training',
          exported_pod: 'b',
        },
        35,
      ),
    );
    // c: no DCGM series at all: counted as idle.
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    const busy = (name: string) =>
      Array.from(out.pods.find(p => p.pod === name)!.busy);
    expect(busy('a')).toEqual([
      0.30000000000000004, 0.30000000000000004, 0.4, 0.30000000000000004,
    ]);
    expect(busy('b')).toEqual([0.35, 0.35, 0.35, 0.35]);
    expect(busy('c')).toEqual([0, 0, 0, 0]);
    expect(out.nodes[0]).toMatchObject({
      capacityType: 'on-demand',
      acceleratorType: 'nvidia-a10g',
    });
  });

  it('counts requests only while Running, and leaves out pods that never ran', () => {
    const raw = empty();
    raw.podRequests.push(
      series(
        { ...pod('pending'), resource: 'nvidia_com_gpu', unit: 'integer' },
        4,
      ),
      series(
        {
          ...pod('finished'),
          node: 'g1',
          resource: 'nvidia_com_gpu',
          unit: 'integer',
        },
        4,
      ),
      // Two containers: requests add up.
      series(
        {
          ...pod('two'),
          container: 'x',
          node: 'g1',
          resource: 'nvidia_com_gpu',
          unit: 'integer',
        },
        1,
      ),
      series(
        {
          ...pod('two'),
          container: 'y',
          node: 'g1',
          resource: 'nvidia_com_gpu',
          unit: 'integer',
        },
        2,
      ),
    );
    raw.podRunning.push(
      series({ ...pod('pending'), phase: 'Running' }, 0),
      // Ran in step 0, Succeeded after (requests still reported).
      series({ ...pod('finished'), phase: 'Running' }, [1, 0, 0, 0]),
      series({ ...pod('two'), phase: 'Running' }, [NaN, 1, 1, 1]),
    );
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    expect(out.pods.map(p => p.pod).sort()).toEqual(['finished', 'two']);
    expect(
      Array.from(out.pods.find(p => p.pod === 'finished')!.requested),
    ).toEqual([4, 0, 0, 0]);
    expect(Array.from(out.pods.find(p => p.pod === 'two')!.requested)).toEqual([
      0, 3, 3, 3,
    ]);
  });

  it('never guesses a capacity or instance type the labels do not give', () => {
    const raw = empty();
    raw.nodeCapacity.push(
      series({ node: 'bare', resource: 'nvidia_com_gpu', unit: 'integer' }, 8),
      series({ node: 'typed', resource: 'nvidia_com_gpu', unit: 'integer' }, 8),
    );
    // No label allow-list for capacity type: unknown, so the cost model leaves it unpriced.
    raw.nodeLabels.push(
      series(
        {
          node: 'typed',
          label_node_kubernetes_io_instance_type: 'p4d.24xlarge',
          label_nvidia_com_gpu_product: 'NVIDIA-A100-40GB',
        },
        1,
      ),
    );
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    expect(out.nodes.find(n => n.node === 'bare')).toMatchObject({
      instanceType: undefined,
      capacityType: undefined,
      acceleratorType: 'nvidia-unknown',
    });
    expect(out.nodes.find(n => n.node === 'typed')).toMatchObject({
      instanceType: 'p4d.24xlarge',
      capacityType: undefined,
      acceleratorType: 'nvidia-a100-40gb',
    });
  });
});

describe('loadAcceleratorSeries', () => {
  it('reads pod series only for accelerator pods, and GPU_UTIL only where engine-active is missing', async () => {
    const queries: RangeQuery[] = [];
    const answers: Record<string, RangeSeries[]> = {
      kube_pod_container_resource_requests: [
        series({ ...pod('a'), node: 'g1', resource: 'nvidia_com_gpu' }, 1),
        series({ ...pod('b.1'), node: 'g1', resource: 'nvidia_com_gpu' }, 1),
      ],
      kube_pod_status_phase: [
        series({ ...pod('a'), phase: 'Running' }, 1),
        series({ ...pod('b.1'), phase: 'Running' }, 1),
      ],
      DCGM_FI_PROF_GR_ENGINE_ACTIVE: [
        series({ gpu: '0', Hostname: 'g1', ...pod('a') }, 0.5),
      ],
      DCGM_FI_DEV_GPU_UTIL: [
        series({ gpu: '1', Hostname: 'g1', ...pod('b.1') }, 20),
      ],
    };
    const reader: RangeReader = {
      async range(_cluster, query) {
        queries.push(query);
        if (
          query.matchers?.some(m => m.label === 'exported_pod' && m.op !== '=')
        )
          return [];
        return answers[query.metric] ?? [];
      },
    };
    const out = await loadAcceleratorSeries(reader, 'c1', {
      startMs: 0,
      endMs: STEPS * 60_000,
      stepSeconds: 60,
    });
    expect(out.pods.map(p => [p.pod, p.busy[0]])).toEqual([
      ['a', 0.5],
      ['b.1', 0.2],
    ]);
    const util = queries.filter(q => q.metric === 'DCGM_FI_DEV_GPU_UTIL');
    expect(util.map(q => q.matchers)).toEqual([
      [{ label: 'pod', op: '=~', value: 'b\\.1' }],
      [{ label: 'exported_pod', op: '=~', value: 'b\\.1' }],
    ]);
    expect(
      queries.find(q => q.metric === 'kube_pod_status_phase')!.matchers,
    ).toEqual([
      { label: 'pod', op: '=~', value: 'a|b\\.1' },
      { label: 'phase', op: '=', value: 'Running' },
    ]);
    await expect(
      loadAcceleratorSeries(reader, 'c1', {
        startMs: 0,
        endMs: 90_000,
        stepSeconds: 60,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('reads node labels missing from kube_node_labels from the Kubernetes API', async () => {
    const capacity = (node: string) =>
      series({ node, resource: 'nvidia_com_gpu', unit: 'integer' }, 8);
    const reader: RangeReader = {
      async range(_cluster, query) {
        if (query.metric === 'kube_node_status_capacity') {
          return [capacity('spot-node'), capacity('gone'), capacity('full')];
        }
        if (query.metric === 'kube_node_labels') {
          return [
            series({ node: 'spot-node' }, 1),
            series({ node: 'gone' }, 1),
            series(
              {
                node: 'full',
                label_node_kubernetes_io_instance_type: 'g5.48xlarge',
                label_karpenter_sh_capacity_type: 'on-demand',
              },
              1,
            ),
          ];
        }
        return [];
      },
    };
    const asked: string[] = [];
    const window = { startMs: 0, endMs: STEPS * 60_000, stepSeconds: 60 };
    const out = await loadAcceleratorSeries(reader, 'c1', window, {
      nodeLabels: async cluster => {
        asked.push(cluster);
        return {
          'spot-node': {
            'node.kubernetes.io/instance-type': 'p4d.24xlarge',
            'karpenter.sh/capacity-type': 'spot',
          },
          full: { 'karpenter.sh/capacity-type': 'spot' },
        };
      },
    });
    expect(asked).toEqual(['c1']);
    const node = (name: string) => out.nodes.find(n => n.node === name);
    expect(node('spot-node')).toMatchObject({
      instanceType: 'p4d.24xlarge',
      capacityType: 'spot',
      acceleratorType: 'nvidia-a100-40gb',
    });
    // A node the API no longer has stays unknown (unpriced), never on-demand.
    expect(node('gone')).toMatchObject({
      instanceType: undefined,
      capacityType: undefined,
    });
    // Labels the metrics give are not overridden.
    expect(node('full')).toMatchObject({ capacityType: 'on-demand' });

    // Nothing missing: the API is not asked.
    const labelled: RangeReader = {
      range: async (cluster, query) =>
        (await reader.range(cluster, query, window)).filter(
          s => s.labels.node === 'full',
        ),
    };
    await loadAcceleratorSeries(labelled, 'c2', window, {
      nodeLabels: async cluster => {
        asked.push(cluster);
        return {};
      },
    });
    expect(asked).toEqual(['c1']);
  });
});

describe('GPUs shared between pods', () => {
  const HOUR = { stepSeconds: 3600 };
  const running = (name: string, values: number | number[]) =>
    series({ ...pod(name), phase: 'Running' }, values);
  const requests = (name: string, node: string, resource: string, n: number) =>
    series({ ...pod(name), node, resource, unit: 'integer' }, n);
  const nodeLabels = (node: string, instanceType: string, extra = {}) =>
    series(
      {
        node,
        label_node_kubernetes_io_instance_type: instanceType,
        label_karpenter_sh_capacity_type: 'on-demand',
        ...extra,
      },
      1,
    );
  const cost = (out: ReturnType<typeof assembleAcceleratorSeries>) =>
    computeCostReport({
      startMs: 0,
      ...HOUR,
      steps: STEPS,
      nodes: out.nodes,
      pods: out.pods,
      namespaceOwners: { 'c1/team-a-training': 'team-a' },
      priceBook: createPriceBook(),
    });
  const values = (a: ArrayLike<number>) => Array.from(a);
  const closeTo = (expected: number[]) =>
    expected.map(v => expect.closeTo(v, 12));

  it('counts MIG devices of the mixed strategy as their share of a GPU', () => {
    const raw = empty();
    // p5.48xlarge, mixed strategy: 7 whole GPUs, the eighth split 3g.40gb + 4 × 1g.10gb.
    raw.nodeCapacity.push(
      series({ node: 'm1', resource: 'nvidia_com_gpu', unit: 'integer' }, 7),
      series(
        { node: 'm1', resource: 'nvidia_com_mig_3g_40gb', unit: 'integer' },
        1,
      ),
      series(
        { node: 'm1', resource: 'nvidia_com_mig_1g_10gb', unit: 'integer' },
        4,
      ),
    );
    raw.nodeLabels.push(nodeLabels('m1', 'p5.48xlarge'));
    raw.podRequests.push(
      requests('w', 'm1', 'nvidia_com_gpu', 2),
      requests('a', 'm1', 'nvidia_com_mig_3g_40gb', 1),
      requests('b', 'm1', 'nvidia_com_mig_1g_10gb', 1),
      requests('c', 'm1', 'nvidia_com_mig_1g_10gb', 2),
    );
    for (const name of ['w', 'a', 'b', 'c'])
      raw.podRunning.push(running(name, 1));
    const gpu = (index: string, mig?: [string, string]) => ({
      gpu: index,
      UUID: `GPU-m1-${index}`,
      Hostname: 'm1',
      ...(mig ? { GPU_I_ID: mig[0], GPU_I_PROFILE: mig[1] } : {}),
    });
    raw.gpuEngineActive.push(
      series({ ...gpu('0'), ...pod('w') }, 0.9),
      series({ ...gpu('1'), ...pod('w') }, 0.9),
      // MIG devices of one GPU share its UUID; GPU_I_ID tells them apart.
      series({ ...gpu('7', ['1', '3g.40gb']), ...pod('a') }, 0.5),
      series({ ...gpu('7', ['9', '1g.10gb']), ...pod('b') }, 0.8),
      series({ ...gpu('7', ['10', '1g.10gb']), ...pod('c') }, 0.2),
      series({ ...gpu('7', ['11', '1g.10gb']), ...pod('c') }, 0.3),
    );
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    // 7 + 3/7 + 4 × 1/7 = 8 GPUs, in one nvidia.com/gpu node.
    expect(out.nodes).toEqual([
      expect.objectContaining({
        node: 'm1',
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-h100',
      }),
    ]);
    expect(values(out.nodes[0].capacityUnits)).toEqual(closeTo([8, 8, 8, 8]));
    const p = (name: string) => out.pods.find(x => x.pod === name)!;
    expect(p('a').resource).toBe('nvidia.com/gpu');
    expect(values(p('w').requested)).toEqual([2, 2, 2, 2]);
    expect(values(p('a').requested)).toEqual(closeTo(Array(4).fill(3 / 7)));
    expect(values(p('b').requested)).toEqual(closeTo(Array(4).fill(1 / 7)));
    expect(values(p('c').requested)).toEqual(closeTo(Array(4).fill(2 / 7)));
    // Each MIG device's own ratio; c's two devices averaged.
    expect(values(p('w').busy)).toEqual([0.9, 0.9, 0.9, 0.9]);
    expect(values(p('a').busy)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(values(p('b').busy)).toEqual([0.8, 0.8, 0.8, 0.8]);
    expect(values(p('c').busy)).toEqual(closeTo([0.25, 0.25, 0.25, 0.25]));

    // Priced at 55.04 / 8 = 6.88 per GPU-hour over 4 hours: allocated per hour
    // 2 + 3/7 + 1/7 + 2/7 = 20/7, busy 1.8 + (1.5 + 0.8 + 0.5)/7 = 2.2.
    const report = cost(out);
    const t = report.totals;
    expect(t.capacityHours).toBeCloseTo(32, 9);
    expect(t.nodeCost).toBeCloseTo(220.16, 9);
    expect(t.allocatedHours).toBeCloseTo(80 / 7, 12);
    expect(t.busyHours).toBeCloseTo(8.8, 12);
    // spend 80/7 × 6.88 = 78.628571…; idle (80/7 − 8.8) × 6.88 = 18.084571…
    expect(t.spend).toBeCloseTo(78.62857142857143, 9);
    expect(t.idleSpend).toBeCloseTo(18.084571428571428, 9);
    // unallocated 32 − 80/7 = 144/7 GPU-hours × 6.88 = 141.531428…
    expect(t.unallocatedCost).toBeCloseTo(141.53142857142856, 9);
    // The 3g device: 3/7 GPU × 4 h × 6.88 = 11.794285…, half of it idle.
    const a = report.byWorkload.find(w => w.workload === 'a')!;
    expect(a.spend).toBeCloseTo(11.794285714285714, 9);
    expect(a.idleSpend).toBeCloseTo(5.897142857142857, 9);
  });

  it("splits a time-sliced GPU's utilization among the pods on it, each capped at its share", () => {
    const raw = empty();
    // g5.xlarge (1 A10G) time-sliced into 3 replicas (GPU feature discovery's label).
    raw.nodeCapacity.push(
      series({ node: 't1', resource: 'nvidia_com_gpu', unit: 'integer' }, 3),
    );
    raw.nodeLabels.push(
      nodeLabels('t1', 'g5.xlarge', { label_nvidia_com_gpu_replicas: '3' }),
    );
    raw.podRequests.push(
      requests('p1', 't1', 'nvidia_com_gpu', 1),
      requests('p2', 't1', 'nvidia_com_gpu', 1),
      requests('p3', 't1', 'nvidia_com_gpu', 1),
    );
    raw.podRunning.push(
      running('p1', 1),
      running('p2', [1, 1, 0, 0]),
      running('p3', [1, 0, 0, 0]),
    );
    // dcgm-exporter (KUBERNETES_VIRTUAL_GPUS) repeats the GPU's ratio for each pod on it.
    const device = (vgpu: string) => ({
      gpu: '0',
      UUID: 'GPU-t1-0',
      Hostname: 't1',
      vgpu,
    });
    raw.gpuEngineActive.push(
      series({ ...device('0'), ...pod('p1') }, [0.6, 0.3, 0.6, 0.2]),
      series({ ...device('1'), ...pod('p2') }, [0.6, 0.3, NaN, NaN]),
      series({ ...device('2'), ...pod('p3') }, [0.6, NaN, NaN, NaN]),
    );
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    expect(values(out.nodes[0].capacityUnits)).toEqual([1, 1, 1, 1]);
    const p = (name: string) => out.pods.find(x => x.pod === name)!;
    const third = 1 / 3;
    expect(values(p('p1').requested)).toEqual([third, third, third, third]);
    expect(values(p('p2').requested)).toEqual([third, third, 0, 0]);
    expect(values(p('p3').requested)).toEqual([third, 0, 0, 0]);
    // step 0: 3 pods on 3 replicas, 60% busy: each 60% of its third;
    // step 1: 2 pods, 30%: each gets 0.15 GPU of its 1/3, 45%;
    // step 2: p1 alone at 60%: capped at its third, 100%; step 3: alone at 20%: 60%.
    expect(values(p('p1').busy)).toEqual(closeTo([0.6, 0.45, 1, 0.6]));
    expect(values(p('p2').busy)).toEqual(closeTo([0.6, 0.45, 0, 0]));
    expect(values(p('p3').busy)).toEqual(closeTo([0.6, 0, 0, 0]));
    // Busy GPUs per step add up to the device's utilization (but for the cap):
    // 0.6, not 1.8; 0.3; 1/3 of 0.6; 0.2.
    const busyGpus = [0, 1, 2, 3].map(i =>
      out.pods.reduce((sum, x) => sum + x.requested[i] * x.busy[i], 0),
    );
    expect(busyGpus).toEqual(closeTo([0.6, 0.3, third, 0.2]));

    // g5.xlarge at 1.006 an hour: 4 GPU-hours, 7/3 allocated, 0.6 + 0.3 + 1/3 + 0.2 busy.
    const t = cost(out).totals;
    expect(t.capacityHours).toBeCloseTo(4, 12);
    expect(t.allocatedHours).toBeCloseTo(7 / 3, 12);
    expect(t.busyHours).toBeCloseTo(1.1 + third, 12);
    // spend 7/3 × 1.006 = 2.347333…; idle (7/3 − 1.433333…) × 1.006 = 0.9 × 1.006
    expect(t.spend).toBeCloseTo(2.3473333333333333, 9);
    expect(t.idleSpend).toBeCloseTo(0.9054, 9);
    expect(t.unallocatedCost).toBeCloseTo((5 / 3) * 1.006, 9);
  });

  it('reads the replicas of a renamed time-sliced resource from the instance type', () => {
    const raw = empty();
    // nvidia.com/gpu.shared: 4 replicas of a g5.xlarge's one GPU, no GFD label.
    raw.nodeCapacity.push(
      series({ node: 't2', resource: 'nvidia_com_gpu', unit: 'integer' }, 0),
      series(
        { node: 't2', resource: 'nvidia_com_gpu_shared', unit: 'integer' },
        4,
      ),
    );
    raw.nodeLabels.push(nodeLabels('t2', 'g5.xlarge'));
    raw.podRequests.push(
      requests('s1', 't2', 'nvidia_com_gpu_shared', 1),
      requests('s2', 't2', 'nvidia_com_gpu_shared', 1),
    );
    raw.podRunning.push(running('s1', 1), running('s2', 1));
    for (const name of ['s1', 's2']) {
      raw.gpuEngineActive.push(
        series(
          { gpu: '0', UUID: 'GPU-t2-0', hostname: 't2', ...pod(name) },
          [0.6, 0.4, 0.2, 0],
        ),
      );
    }
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    expect(values(out.nodes[0].capacityUnits)).toEqual([1, 1, 1, 1]);
    expect(values(out.pods[0].requested)).toEqual([0.25, 0.25, 0.25, 0.25]);
    // Two pods on 4 replicas: each gets half the device's ratio, at most its quarter:
    // 0.3 → capped at 0.25 (100%), 0.2 → 80%, 0.1 → 40%, 0.
    for (const x of out.pods) {
      expect(values(x.busy)).toEqual(closeTo([1, 0.8, 0.4, 0]));
    }
  });

  it('leaves exclusive GPUs, and devices handed from pod to pod, as they were', () => {
    const raw = empty();
    raw.nodeCapacity.push(
      series({ node: 'e1', resource: 'nvidia_com_gpu', unit: 'integer' }, 4),
      // Time-sliced into 3 without a label saying so: units stay replicas.
      series({ node: 'u1', resource: 'nvidia_com_gpu', unit: 'integer' }, 3),
    );
    raw.nodeLabels.push(
      nodeLabels('e1', 'g5.12xlarge', { label_nvidia_com_gpu_replicas: '1' }),
      nodeLabels('u1', 'g5.xlarge'),
    );
    raw.podRequests.push(
      requests('q1', 'e1', 'nvidia_com_gpu', 1),
      requests('q2', 'e1', 'nvidia_com_gpu', 1),
      requests('x', 'e1', 'nvidia_com_gpu', 1),
      requests('u-a', 'u1', 'nvidia_com_gpu', 1),
      requests('u-b', 'u1', 'nvidia_com_gpu', 1),
    );
    raw.podRunning.push(
      // q1 hands GPU 0 to q2 half-way through step 1.
      running('q1', [1, 0.5, 0, 0]),
      running('q2', [0, 0.5, 1, 1]),
      running('x', 1),
      running('u-a', 1),
      running('u-b', 1),
    );
    const gpu0 = { gpu: '0', UUID: 'GPU-e1-0', Hostname: 'e1' };
    raw.gpuEngineActive.push(
      series({ ...gpu0, ...pod('q1') }, [0.4, 0.4, NaN, NaN]),
      series({ ...gpu0, ...pod('q2') }, [NaN, 0.8, 0.8, 0.8]),
      series({ gpu: '1', UUID: 'GPU-e1-1', Hostname: 'e1', ...pod('x') }, 0.6),
      series(
        { gpu: '0', UUID: 'GPU-u1-0', Hostname: 'u1', ...pod('u-a') },
        0.6,
      ),
      series(
        { gpu: '0', UUID: 'GPU-u1-0', Hostname: 'u1', ...pod('u-b') },
        0.6,
      ),
    );
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    const p = (name: string) => out.pods.find(x => x.pod === name)!;
    expect(values(p('q1').busy)).toEqual([0.4, 0.4, 0, 0]);
    expect(values(p('q2').busy)).toEqual([0, 0.8, 0.8, 0.8]);
    expect(values(p('x').busy)).toEqual([0.6, 0.6, 0.6, 0.6]);
    expect(values(p('x').requested)).toEqual([1, 1, 1, 1]);
    // Unknown replicas: 3 units of 1, each pod 60% of its replica (the same money as
    // 0.6 of the GPU, in replica-hours).
    expect(values(out.nodes.find(n => n.node === 'u1')!.capacityUnits)).toEqual(
      [3, 3, 3, 3],
    );
    expect(values(p('u-a').requested)).toEqual([1, 1, 1, 1]);
    expect(values(p('u-a').busy)).toEqual([0.6, 0.6, 0.6, 0.6]);
    expect(values(p('u-b').busy)).toEqual([0.6, 0.6, 0.6, 0.6]);
  });

  it('counts aws.amazon.com/neurondevice requests and capacity as whole Neuron devices', () => {
    const raw = empty();
    raw.nodeCapacity.push(
      series(
        {
          node: 'n1',
          resource: 'aws_amazon_com_neurondevice',
          unit: 'integer',
        },
        6,
      ),
    );
    raw.nodeLabels.push(
      series(
        {
          node: 'n1',
          label_node_kubernetes_io_instance_type: 'inf2.24xlarge',
          label_karpenter_sh_capacity_type: 'on-demand',
        },
        1,
      ),
    );
    raw.podRequests.push(
      series(
        {
          ...pod('d1'),
          node: 'n1',
          resource: 'aws_amazon_com_neurondevice',
          unit: 'integer',
        },
        2,
      ),
    );
    raw.podRunning.push(series({ ...pod('d1'), phase: 'Running' }, 1));
    const out = assembleAcceleratorSeries('c1', STEPS, raw);
    // 6 Inferentia2 devices × 2 cores; the pod's 2 devices are 4 NeuronCores.
    expect(out.nodes).toEqual([
      expect.objectContaining({
        node: 'n1',
        resource: 'aws.amazon.com/neuroncore',
        capacityUnits: Float64Array.from([12, 12, 12, 12]),
      }),
    ]);
    expect(Array.from(out.pods.find(p => p.pod === 'd1')!.requested)).toEqual([
      4, 4, 4, 4,
    ]);
  });

  it('reads MIG and shared resources and keeps the device labels through the sources', async () => {
    const pattern = new RegExp(`^(?:${KSM_ACCELERATOR_RESOURCE_PATTERN})$`);
    for (const r of [
      'nvidia_com_gpu',
      'nvidia_com_gpu_shared',
      'nvidia_com_mig_1g_10gb',
      'nvidia_com_mig_3g_40gb',
      'aws_amazon_com_neuroncore',
      'aws_amazon_com_neuron',
      'aws_amazon_com_neurondevice',
    ]) {
      expect(r).toMatch(pattern);
    }
    expect('cpu').not.toMatch(pattern);
    // A reader answering as Prometheus would: raw series combined as the query asks.
    const t = { Hostname: 't1', gpu: '0', UUID: 'GPU-t1-0' };
    const rawSeries: Record<string, RangeSeries[]> = {
      kube_node_status_capacity: [
        series({ node: 't1', resource: 'nvidia_com_gpu' }, 3),
        series({ node: 'm1', resource: 'nvidia_com_mig_1g_10gb' }, 7),
      ],
      kube_node_labels: [
        nodeLabels('t1', 'g5.xlarge', { label_nvidia_com_gpu_replicas: '3' }),
        nodeLabels('m1', 'p4de.24xlarge'),
      ],
      kube_pod_container_resource_requests: [
        requests('p1', 't1', 'nvidia_com_gpu', 1),
        requests('p2', 't1', 'nvidia_com_gpu', 1),
        requests('m', 'm1', 'nvidia_com_mig_1g_10gb', 1),
      ],
      kube_pod_status_phase: ['p1', 'p2', 'm'].map(n => running(n, 1)),
      DCGM_FI_PROF_GR_ENGINE_ACTIVE: [
        // Scraped twice (two jobs): combined into one series per pod and device.
        series({ ...t, ...pod('p1'), job: 'a', vgpu: '0' }, 0.6),
        series({ ...t, ...pod('p1'), job: 'b', vgpu: '0' }, 0.6),
        series({ ...t, ...pod('p2'), job: 'a', vgpu: '1' }, 0.6),
      ],
      // MIG devices report no engine-active here: GPU_UTIL is read for the MIG pod.
      DCGM_FI_DEV_GPU_UTIL: [
        series(
          {
            Hostname: 'm1',
            gpu: '0',
            UUID: 'GPU-m1-0',
            GPU_I_ID: '7',
            ...pod('m'),
          },
          30,
        ),
      ],
    };
    const queries: RangeQuery[] = [];
    const reader: RangeReader = {
      async range(_cluster, query) {
        queries.push(query);
        const exported = query.matchers?.find(m => m.label === 'exported_pod');
        if (exported && exported.op !== '=') return [];
        const found = rawSeries[query.metric] ?? [];
        return query.aggregate
          ? aggregateSeries(found, query.aggregate)
          : found;
      },
    };
    const out = await loadAcceleratorSeries(reader, 'c1', {
      startMs: 0,
      endMs: STEPS * 60_000,
      stepSeconds: 60,
    });
    const capacity = queries.find(
      q => q.metric === 'kube_node_status_capacity',
    )!;
    expect(capacity.matchers).toEqual([
      { label: 'resource', op: '=~', value: KSM_ACCELERATOR_RESOURCE_PATTERN },
    ]);
    expect(
      queries.find(q => q.metric === 'DCGM_FI_PROF_GR_ENGINE_ACTIVE')!
        .aggregate!.by,
    ).toEqual(
      expect.arrayContaining([
        'Hostname',
        'hostname',
        'UUID',
        'gpu',
        'GPU_I_ID',
      ]),
    );
    const p = (name: string) => out.pods.find(x => x.pod === name)!;
    // Two of three replicas held, 60% busy: each pod 0.3 GPU of its 1/3 → 90%.
    expect(values(p('p1').requested)).toEqual(Array(4).fill(1 / 3));
    expect(values(p('p1').busy)).toEqual(closeTo(Array(4).fill(0.9)));
    expect(values(p('p2').busy)).toEqual(closeTo(Array(4).fill(0.9)));
    expect(values(p('m').requested)).toEqual(closeTo(Array(4).fill(1 / 7)));
    expect(values(p('m').busy)).toEqual(closeTo(Array(4).fill(0.3)));
  });
});
