import { assembleAcceleratorSeries, RawAcceleratorMetrics } from './assemble';
import { loadAcceleratorSeries } from './loadAcceleratorSeries';
import { RangeQuery, RangeReader, RangeSeries } from './types';

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
