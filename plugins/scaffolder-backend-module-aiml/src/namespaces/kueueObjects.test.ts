import {
  AimlKueueSettings,
  LABEL_KUEUE_QUEUE_NAME,
} from '@eks-aiml/plugin-aiml-common';
import {
  officialCrdOf,
  officialCrdProblems,
} from '../__testUtils__/officialCrds';
import { buildTeamNamespace } from './namespaceObjects';
import { namespaceQuota } from './quota';
import { buildTeamQueue, queueCeilingEntitlement } from './teamQueue';

const settings: AimlKueueSettings = {
  cohort: 'aiml-teams',
  queueingStrategy: 'BestEffortFIFO',
  borrowingLimitPercent: 50,
  lendingLimitPercent: 75,
  fairSharingWeight: 1,
  instanceTypes: ['g5.12xlarge', 'trn1.32xlarge'],
  capacityTypes: ['spot', 'on-demand'],
};

/**
 * The CEL rules of the Kueue CRDs the objects fall under, which the structural
 * validator reports and does not evaluate: each evaluated here, by hand.
 */
const CEL_RULES: Record<string, (self: any) => boolean> = {
  '!has(self.topologyName) || self.nodeLabels.size() >= 1': self =>
    self.topologyName === undefined || Object.keys(self.nodeLabels).length >= 1,
  '!has(self.cohortName) && has(self.resourceGroups) ? self.resourceGroups.all(rg, rg.flavors.all(f, f.resources.all(r, !has(r.borrowingLimit)))) : true':
    self =>
      self.cohortName !== undefined ||
      self.resourceGroups.every((rg: any) =>
        rg.flavors.every((f: any) =>
          f.resources.every((r: any) => r.borrowingLimit === undefined),
        ),
      ),
  "!(self.reclaimWithinCohort == 'Never' && has(self.borrowWithinCohort) &&  self.borrowWithinCohort.policy != 'Never')":
    self =>
      !(
        self.reclaimWithinCohort === 'Never' &&
        self.borrowWithinCohort !== undefined &&
        self.borrowWithinCohort.policy !== 'Never'
      ),
  'self.flavors.all(x, size(x.resources) == size(self.coveredResources))':
    self =>
      self.flavors.every(
        (x: any) => x.resources.length === self.coveredResources.length,
      ),
};

/** The value at a path such as `spec.resourceGroups[1]`. */
const at = (obj: any, path: string) =>
  path
    .split(/\.|\[|\]/)
    .filter(Boolean)
    .reduce((v, k) => v?.[k], obj);

/** What the CRD refuses, with the CEL rules evaluated by hand; a rule not known here is a problem. */
function problems(obj: any): string[] {
  return officialCrdProblems(obj).flatMap(p => {
    const cel =
      /: (\S+): is under the CEL rule "(.*)", which this validator/.exec(p);
    if (!cel) return [p];
    const [, path, rule] = cel;
    const check = CEL_RULES[rule.replace(/\\"/g, '"')];
    if (!check) return [`${p} (no hand evaluation of this rule)`];
    return check(at(obj, path)) ? [] : [`${p}: the rule does not hold`];
  });
}

const queue = (s: AimlKueueSettings = settings) =>
  buildTeamQueue({
    team: 'ml-research',
    entitlement: { gpu: 8, neuronCores: 32 },
    fairSharingWeight: 2,
    settings: s,
  });

describe('the Kueue objects of a team', () => {
  it('are valid against the official Kueue v0.19.2 CRDs', () => {
    const local = buildTeamNamespace({
      namespace: 'ml-research-training',
      team: 'ml-research',
      workloadType: 'training',
      quota: namespaceQuota({ gpu: 8, neuronCores: 32 }),
      podSecurity: 'restricted',
      defaultDenyIngress: false,
      localQueue: true,
    }).filter(o => o.kind === 'LocalQueue');
    const objects = [
      ...queue(),
      ...queue({ ...settings, lendingLimitPercent: undefined }),
      ...local,
    ];
    expect(objects.map(o => officialCrdOf(o)?.file)).toEqual([
      ...Array(5).fill('kueue.x-k8s.io_resourceflavors.yaml'),
      'kueue.x-k8s.io_clusterqueues.yaml',
      ...Array(5).fill('kueue.x-k8s.io_resourceflavors.yaml'),
      'kueue.x-k8s.io_clusterqueues.yaml',
      'kueue.x-k8s.io_localqueues.yaml',
    ]);
    expect(objects.flatMap(problems)).toEqual([]);
    expect(local[0].spec).toEqual({ clusterQueue: 'aiml-ml-research' });
    expect(local[0].metadata.name).toBe('ml-research');
  });

  it('the check refuses what the CRD refuses, CEL rules included', () => {
    const cq = structuredClone(queue().at(-1)!) as any;
    cq.spec.cohort = 'aiml-teams';
    cq.spec.queueingStrategy = 'LIFO';
    cq.spec.resourceGroups[2].flavors[0].resources.pop();
    const found = problems(cq).join('\n');
    expect(found).toContain('spec.cohort: unknown field');
    expect(found).toContain(
      'spec.queueingStrategy: must be equal to one of the allowed values',
    );
    expect(found).toContain(
      'spec.resourceGroups[2]: is under the CEL rule "self.flavors.all(x, size(x.resources) == size(self.coveredResources))", which this validator does not evaluate [x-kubernetes-validations] (kueue.x-k8s.io_clusterqueues.yaml, kueue.x-k8s.io/v1beta2): the rule does not hold',
    );
  });

  it('give each accelerator flavor the team quota, with limits in percent of it', () => {
    const cq = queue().at(-1)! as any;
    expect(cq.metadata.name).toBe('aiml-ml-research');
    expect(cq.spec.cohortName).toBe('aiml-teams');
    expect(cq.spec.fairSharing).toEqual({ weight: '2' });
    expect(cq.spec.preemption).toEqual({
      reclaimWithinCohort: 'Any',
      withinClusterQueue: 'LowerPriority',
      borrowWithinCohort: { policy: 'Never' },
    });
    expect(cq.spec.namespaceSelector).toEqual({
      matchLabels: {
        'app.kubernetes.io/managed-by': 'eks-aiml',
        team: 'ml-research',
      },
    });
    const [host, gpu, neuron] = cq.spec.resourceGroups;
    // 16 + 8 x 24 + 32 x 8 = 464 cores; 64 + 8 x 256 + 32 x 32 = 3136 GiB.
    expect(host.flavors).toEqual([
      {
        name: 'aiml-host',
        resources: [
          {
            name: 'cpu',
            nominalQuota: '464',
            borrowingLimit: '232',
            lendingLimit: '348',
          },
          {
            name: 'memory',
            nominalQuota: '3136Gi',
            borrowingLimit: '1568Gi',
            lendingLimit: '2352Gi',
          },
        ],
      },
    ]);
    expect(gpu.coveredResources).toEqual(['nvidia.com/gpu']);
    expect(gpu.flavors).toEqual(
      ['g5-12xlarge-spot', 'g5-12xlarge-on-demand'].map(name => ({
        name,
        resources: [
          {
            name: 'nvidia.com/gpu',
            nominalQuota: '8',
            borrowingLimit: '4',
            lendingLimit: '6',
          },
        ],
      })),
    );
    expect(neuron.coveredResources).toEqual([
      'aws.amazon.com/neuroncore',
      'aws.amazon.com/neuron',
    ]);
    expect(neuron.flavors[0]).toEqual({
      name: 'trn1-32xlarge-spot',
      resources: [
        {
          name: 'aws.amazon.com/neuroncore',
          nominalQuota: '32',
          borrowingLimit: '16',
          lendingLimit: '24',
        },
        {
          name: 'aws.amazon.com/neuron',
          nominalQuota: '16',
          borrowingLimit: '8',
          lendingLimit: '12',
        },
      ],
    });
  });

  it('label each accelerator flavor with its instance type and capacity type', () => {
    const flavors = queue().filter(o => o.kind === 'ResourceFlavor');
    expect(flavors.map(f => [f.metadata.name, f.spec])).toEqual([
      ['aiml-host', {}],
      [
        'g5-12xlarge-spot',
        {
          nodeLabels: {
            'node.kubernetes.io/instance-type': 'g5.12xlarge',
            'karpenter.sh/capacity-type': 'spot',
          },
        },
      ],
      [
        'g5-12xlarge-on-demand',
        {
          nodeLabels: {
            'node.kubernetes.io/instance-type': 'g5.12xlarge',
            'karpenter.sh/capacity-type': 'on-demand',
          },
        },
      ],
      [
        'trn1-32xlarge-spot',
        {
          nodeLabels: {
            'node.kubernetes.io/instance-type': 'trn1.32xlarge',
            'karpenter.sh/capacity-type': 'spot',
          },
        },
      ],
      [
        'trn1-32xlarge-on-demand',
        {
          nodeLabels: {
            'node.kubernetes.io/instance-type': 'trn1.32xlarge',
            'karpenter.sh/capacity-type': 'on-demand',
          },
        },
      ],
    ]);
  });

  it('size a training namespace quota at nominal + borrowing limit', () => {
    expect(
      queueCeilingEntitlement({ gpu: 8, neuronCores: 33.7 }, settings),
    ).toEqual({ gpu: 12, neuronCores: 49 });
    expect(LABEL_KUEUE_QUEUE_NAME).toBe('kueue.x-k8s.io/queue-name');
  });
});
