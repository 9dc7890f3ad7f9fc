import { InputError } from '@backstage/errors';
import {
  ANNOTATION_QUOTA_GPU,
  ANNOTATION_QUOTA_NEURON_CORES,
  parseQuantity,
} from '@eks-aiml/plugin-aiml-common';
import { PodGroupDemand } from '../manifests/quotaDemand';

/**
 * What a team namespace already uses, as the cluster says (what
 * `aiml:workload:render` counts beside the workload).
 *
 * @public
 */
export type NamespaceUsage = {
  /** The ResourceQuota read (`<namespace>/<name>`). */
  quota: string;
  /** Its `status.used`, parsed, by quota resource name (`requests.nvidia.com/gpu`). */
  used?: Record<string, number>;
  /** Why `used` is unknown (no quota yet, no status): only the hard limit is counted then. */
  unknownBecause?: string;
  /**
   * What the project's own pods (not finished) request now, by resource
   * (`nvidia.com/gpu`): a re-render replaces them, so they are not counted twice.
   */
  own: Record<string, number>;
};

/** One accelerator resource's count against the quota. */
export type QuotaCount = {
  /** `nvidia.com/gpu` */
  resource: string;
  /** `requests.nvidia.com/gpu` */
  quotaKey: string;
  hard: number;
  /** The workload at its maximum scale. */
  atMaxScale: number;
  /** What its rollout adds beside that. */
  surge: number;
  /** What other workloads of the namespace use: `status.used` less the project's own pods. */
  others: number;
  total: number;
  fits: boolean;
};

const UNITS: Record<string, [string, string]> = {
  'nvidia.com/gpu': ['GPU', 'GPUs'],
  'aws.amazon.com/neuroncore': ['NeuronCore', 'NeuronCores'],
  'aws.amazon.com/neuron': ['Neuron device', 'Neuron devices'],
};

const unit = (resource: string, n: number) =>
  `${n} ${(UNITS[resource] ?? [resource, resource])[n === 1 ? 0 : 1]}`;

const pods = (n: number) => `${n} pod${n === 1 ? '' : 's'}`;

/** The Group annotation that raises a resource's quota. */
const RAISED_BY: Record<string, string> = {
  'nvidia.com/gpu': ANNOTATION_QUOTA_GPU,
  'aws.amazon.com/neuroncore': ANNOTATION_QUOTA_NEURON_CORES,
  'aws.amazon.com/neuron': ANNOTATION_QUOTA_NEURON_CORES,
};

/** A group's surge at `maxPods` pods: a percentage follows the scale. */
function surgeAt(group: PodGroupDemand, maxPods: number): number {
  return group.surgePercent === undefined
    ? group.surgePods
    : Math.ceil((group.surgePercent * maxPods) / 100);
}

/**
 * Counts, per accelerator resource the workloads request, what the namespace
 * would hold at worst: the workloads at their maximum scale, plus their rollout
 * surge, plus what other workloads already use (the quota's `status.used`
 * without the project's own pods), against the quota's hard limit.
 */
export function countQuota(options: {
  demands: PodGroupDemand[];
  /** The quota's `hard`, by quota resource name (`requests.nvidia.com/gpu`). */
  hard: Record<string, string>;
  usage: NamespaceUsage;
}): QuotaCount[] {
  const { demands, hard, usage } = options;
  const resources = [...new Set(demands.flatMap(d => Object.keys(d.perPod)))];
  return resources.flatMap(resource => {
    const quotaKey = `requests.${resource}`;
    if (hard[quotaKey] === undefined) return [];
    const limit = parseQuantity(hard[quotaKey]) ?? 0;
    const groups = demands.filter(d => d.perPod[resource]);
    const sum = (f: (g: PodGroupDemand) => number) =>
      groups.reduce((n, g) => n + f(g) * g.perPod[resource], 0);
    const atMaxScale = sum(g => g.maxPods);
    const surge = sum(g => g.surgePods);
    const used = usage.used?.[quotaKey];
    const others = Math.max(0, (used ?? 0) - (usage.own[resource] ?? 0));
    const total = atMaxScale + surge + others;
    return [
      {
        resource,
        quotaKey,
        hard: limit,
        atMaxScale,
        surge,
        others,
        total,
        fits: total <= limit,
      },
    ];
  });
}

/** The largest maximum scale of a scaling group that fits, everything else as it is. */
function largestFit(
  group: PodGroupDemand,
  count: QuotaCount,
): number | undefined {
  const per = group.perPod[count.resource];
  const rest =
    count.total - (group.maxPods + surgeAt(group, group.maxPods)) * per;
  for (let m = group.maxPods - 1; m >= 1; m--) {
    if (rest + (m + surgeAt(group, m)) * per <= count.hard) return m;
  }
  return undefined;
}

/** Why a resource does not fit, naming each part and what to change. */
function refusal(
  count: QuotaCount,
  options: {
    team: string;
    namespace: string;
    component: string;
    demands: PodGroupDemand[];
    usage: NamespaceUsage;
  },
): string {
  const { resource } = count;
  const { usage, component, namespace } = options;
  const groups = options.demands.filter(d => d.perPod[resource]);
  const each = (g: PodGroupDemand, n: number, by?: string) =>
    `${g.workload}: ${pods(n)} × ${unit(resource, g.perPod[resource])}${
      by ? `, by ${by}` : ''
    }`;
  const atMax = `at its maximum scale ${unit(
    resource,
    count.atMaxScale,
  )} (${groups.map(g => each(g, g.maxPods, g.maxPodsBy)).join('; ')})`;
  const surging = groups.filter(g => g.surgePods > 0);
  const surge = surging.length
    ? `its rollout surge ${unit(resource, count.surge)} (${surging
        .map(g => each(g, g.surgePods, g.surgeBy))
        .join('; ')})`
    : 'no rollout surge';
  const used = usage.used?.[count.quotaKey];
  const others =
    used === undefined
      ? `other workloads' use unknown (${
          usage.unknownBecause ??
          `${usage.quota} has no status.used of ${count.quotaKey}`
        }), so only the hard limit is counted`
      : `already used by other workloads in the namespace ${unit(
          resource,
          count.others,
        )} (status.used ${used} of ResourceQuota ${usage.quota}, less ${
          usage.own[resource] ?? 0
        } used by ${component}'s own pods)`;
  const advice: string[] = [];
  for (const g of groups.filter(x => x.scales)) {
    const fit = largestFit(g, count);
    advice.push(
      fit === undefined
        ? `not even 1 pod of ${g.workload}${
            surgeAt(g, 1) > 0 ? ' with its rollout surge' : ''
          } fits: ask for fewer accelerators per pod (acceleratorCount)`
        : `lower maxReplicas so that ${g.workload} grows to at most ${pods(
            fit,
          )}`,
    );
  }
  if (count.others > 0) {
    advice.push(`free what other workloads hold in ${namespace}`);
  }
  advice.push(
    `have a platform admin raise the Group's ${RAISED_BY[resource]} annotation`,
  );
  return `${component} could hold ${unit(
    resource,
    count.total,
  )} in ${namespace}, more than the hard limit of ${count.hard} (${
    count.quotaKey
  } of team "${
    options.team
  }"'s quota), so a rollout or a scale-up would stall at the quota: ${atMax}, plus ${surge}, plus ${others}. To fit, ${advice.join(
    ', or ',
  )}`;
}

/**
 * Refuses, with an InputError naming every part and what to change, a workload
 * that could not grow to its maximum scale and roll out within the team's quota
 * beside what the namespace already runs. Returns the counts (for the task log).
 */
export function checkQuotaGrowth(options: {
  team: string;
  namespace: string;
  component: string;
  demands: PodGroupDemand[];
  hard: Record<string, string>;
  usage: NamespaceUsage;
}): QuotaCount[] {
  const counts = countQuota(options);
  const problems = counts.filter(c => !c.fits).map(c => refusal(c, options));
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return counts;
}
