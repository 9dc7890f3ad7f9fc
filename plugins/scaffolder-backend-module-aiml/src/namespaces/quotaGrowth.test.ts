import { PodGroupDemand } from '../manifests/quotaDemand';
import { checkQuotaGrowth, countQuota, NamespaceUsage } from './quotaGrowth';

const server = (changes: Partial<PodGroupDemand> = {}): PodGroupDemand => ({
  workload: 'Deployment chat',
  perPod: { 'nvidia.com/gpu': 2 },
  maxPods: 2,
  maxPodsBy: 'maxReplicaCount of KEDA ScaledObject chat',
  surgePods: 1,
  surgeBy: 'maxSurge 1 of its RollingUpdate strategy',
  scales: true,
  ...changes,
});

const hard = { 'requests.nvidia.com/gpu': '8', 'requests.cpu': '208' };
const usage = (changes: Partial<NamespaceUsage> = {}): NamespaceUsage => ({
  quota: 'ml-research-inference/team-accelerator-quota',
  used: { 'requests.nvidia.com/gpu': 0 },
  own: {},
  ...changes,
});
const check = (demands: PodGroupDemand[], u: NamespaceUsage) =>
  checkQuotaGrowth({
    team: 'ml-research',
    namespace: 'ml-research-inference',
    component: 'chat',
    demands,
    hard,
    usage: u,
  });

describe('countQuota', () => {
  it('adds the maximum scale, the rollout surge and what other workloads use', () => {
    expect(
      countQuota({
        demands: [server()],
        hard,
        usage: usage({ used: { 'requests.nvidia.com/gpu': 3 } }),
      }),
    ).toEqual([
      {
        resource: 'nvidia.com/gpu',
        quotaKey: 'requests.nvidia.com/gpu',
        hard: 8,
        atMaxScale: 4,
        surge: 2,
        others: 3,
        total: 9,
        fits: false,
      },
    ]);
  });

  it("does not count the project's own running pods twice on a re-render", () => {
    const [count] = countQuota({
      demands: [server()],
      hard,
      usage: usage({
        used: { 'requests.nvidia.com/gpu': 6 },
        own: { 'nvidia.com/gpu': 4 },
      }),
    });
    expect(count).toMatchObject({ others: 2, total: 8, fits: true });
  });

  it('counts only the hard limit when the quota has no status.used', () => {
    const [count] = countQuota({
      demands: [server()],
      hard,
      usage: usage({ used: undefined, unknownBecause: 'no quota yet' }),
    });
    expect(count).toMatchObject({ others: 0, total: 6, fits: true });
  });

  it('checks each accelerator resource against its own quota, and none the quota does not limit', () => {
    const neuron = server({
      workload: 'Deployment inf',
      perPod: { 'aws.amazon.com/neuroncore': 2 },
    });
    expect(
      countQuota({ demands: [server(), neuron], hard, usage: usage() }).map(
        c => c.resource,
      ),
    ).toEqual(['nvidia.com/gpu']);
  });
});

describe('checkQuotaGrowth', () => {
  it('passes a rollout that fits with its surge', () => {
    expect(() =>
      check([server()], usage({ used: { 'requests.nvidia.com/gpu': 2 } })),
    ).not.toThrow();
  });

  it('refuses a rollout that fits only without its surge, naming each part and what to change', () => {
    // 2 pods × 2 = 4 at maximum scale, 3 used by others: 7 fit, the surge's 2 do not.
    expect(() =>
      check([server()], usage({ used: { 'requests.nvidia.com/gpu': 3 } })),
    ).toThrow(
      new RegExp(
        [
          '^chat could hold 9 GPUs in ml-research-inference, more than the hard limit of 8 \\(requests.nvidia.com/gpu of team "ml-research"\'s quota\\), so a rollout or a scale-up would stall at the quota: ',
          'at its maximum scale 4 GPUs \\(Deployment chat: 2 pods × 2 GPUs, by maxReplicaCount of KEDA ScaledObject chat\\), ',
          'plus its rollout surge 2 GPUs \\(Deployment chat: 1 pod × 2 GPUs, by maxSurge 1 of its RollingUpdate strategy\\), ',
          "plus already used by other workloads in the namespace 3 GPUs \\(status.used 3 of ResourceQuota ml-research-inference/team-accelerator-quota, less 0 used by chat's own pods\\)\\. ",
          'To fit, lower maxReplicas so that Deployment chat grows to at most 1 pod, or free what other workloads hold in ml-research-inference, ',
          "or have a platform admin raise the Group's aiml.eks.aws/quota-gpu annotation$",
        ].join(''),
      ),
    );
  });

  it('says so when the namespace has no quota status yet, and what not even one pod can do', () => {
    expect(() =>
      check(
        [server({ perPod: { 'nvidia.com/gpu': 4 }, maxPods: 2 })],
        usage({
          used: undefined,
          unknownBecause:
            'ml-research-inference has no ResourceQuota team-accelerator-quota yet',
        }),
      ),
    ).toThrow(
      /12 GPUs .* plus other workloads' use unknown \(ml-research-inference has no ResourceQuota team-accelerator-quota yet\), so only the hard limit is counted\. To fit, lower maxReplicas so that Deployment chat grows to at most 1 pod, or have a platform admin/,
    );
    expect(() =>
      check([server({ perPod: { 'nvidia.com/gpu': 8 }, maxPods: 2 })], usage()),
    ).toThrow(
      /To fit, not even 1 pod of Deployment chat with its rollout surge fits: ask for fewer accelerators per pod \(acceleratorCount\), or have a platform admin/,
    );
  });

  it('follows a percentage surge when it looks for the largest scale that fits', () => {
    // 25% of 8 pods is 2 more (rounded up): 10 × 1 > 8; 6 pods and 2 more fit.
    expect(() =>
      check(
        [
          server({
            perPod: { 'nvidia.com/gpu': 1 },
            maxPods: 8,
            surgePods: 2,
            surgePercent: 25,
          }),
        ],
        usage(),
      ),
    ).toThrow(/grows to at most 6 pods/);
  });
});
