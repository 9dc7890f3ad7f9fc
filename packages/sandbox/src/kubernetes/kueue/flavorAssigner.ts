/**
 * Kueue's flavor assignment (`pkg/scheduler/flavorassigner`), all or nothing:
 * each pod set's resources get, per resource group, the first flavor of the
 * ClusterQueue's list whose node labels its node selector and required node
 * affinity accept and whose taints it tolerates, and where the whole
 * Workload's request fits the quota available now (`fit`), or could once
 * others are preempted or finish (`preempt`: within what the ClusterQueue
 * could ever take), else nothing (`noFit`). With the default flavor
 * fungibility a borrowing fit stops the search and a `preempt` tries the next
 * flavor; `whenCanBorrow: TryNextFlavor` and `whenCanPreempt: MayStopSearch`
 * are honoured.
 */
import { podResourceAmounts } from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../../types';
import { formatQuantity } from '../quotaController';
import { listAt, objectAt } from './kueueApi';
import { nodeLabelsMatch, untoleratedTaint } from './nodeMatching';
import {
  ClusterQueueNode,
  FlavorResource,
  frKey,
  QuotaTree,
  ResourceGroup,
} from './quotaTree';

export type AssignmentMode = 'fit' | 'preempt' | 'noFit';

/** One pod set's flavors and what it takes, as `status.admission.podSetAssignments[]` writes it. */
export interface PodSetAssignment {
  name: string;
  count: number;
  flavors: Record<string, string>;
  resourceUsage: Record<string, string>;
}

/** The outcome of assigning flavors to a Workload in a ClusterQueue. */
export interface Assignment {
  mode: AssignmentMode;
  podSets: PodSetAssignment[];
  /** The Workload's total usage per flavor and resource. */
  usage: Map<FlavorResource, number>;
  /** Whether admitting it takes the ClusterQueue above its nominal quota. */
  borrows: boolean;
  /** Why it does not fit (the QuotaReserved condition's message); empty on a fit. */
  message: string;
}

const RANK: Record<AssignmentMode, number> = { fit: 0, preempt: 1, noFit: 2 };

function worse(a: AssignmentMode, b: AssignmentMode): AssignmentMode {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The total requests of a Workload pod set (per pod × count), without zero and excluded resources. */
export function podSetRequests(
  podSet: Record<string, unknown>,
  excludedPrefixes: string[],
): Record<string, number> {
  const perPod = podResourceAmounts(objectAt(podSet, 'template'));
  const count = typeof podSet.count === 'number' ? podSet.count : 1;
  const out: Record<string, number> = {};
  for (const [r, v] of Object.entries(perPod)) {
    if (v > 0 && !excludedPrefixes.some(p => r.startsWith(p))) {
      out[r] = v * count;
    }
  }
  return out;
}

interface FlavorTry {
  mode: AssignmentMode;
  borrows: boolean;
  reasons: string[];
}

/** How one flavor of a group serves a pod set's requests of the group's resources. */
function tryFlavor(
  tree: QuotaTree,
  cq: ClusterQueueNode,
  flavor: KubeObject | undefined,
  flavorName: string,
  podSpec: Record<string, unknown>,
  requests: Array<[string, number]>,
  assumed: Map<FlavorResource, number>,
): FlavorTry {
  if (!flavor) {
    return {
      mode: 'noFit',
      borrows: false,
      reasons: [`flavor ${flavorName} not found`],
    };
  }
  const spec = objectAt(flavor, 'spec');
  const taint = untoleratedTaint(listAt(spec, 'nodeTaints'), [
    ...listAt(podSpec, 'tolerations'),
    ...listAt(spec, 'tolerations'),
  ]);
  if (taint) {
    return {
      mode: 'noFit',
      borrows: false,
      reasons: [`untolerated taint ${taint} in flavor ${flavorName}`],
    };
  }
  if (!nodeLabelsMatch(podSpec, objectAt(spec, 'nodeLabels'))) {
    return {
      mode: 'noFit',
      borrows: false,
      reasons: [`flavor ${flavorName} doesn't match node affinity`],
    };
  }
  let mode: AssignmentMode = 'fit';
  let borrows = false;
  const reasons: string[] = [];
  for (const [resource, request] of requests) {
    const fr = frKey(flavorName, resource);
    const previous = assumed.get(fr) ?? 0;
    const val = previous + request;
    const max = tree.potentialAvailable(cq, fr);
    if (val > max) {
      reasons.push(
        `insufficient quota for ${resource} in flavor ${flavorName}, previously considered podsets requests (${formatQuantity(
          resource,
          previous,
        )}) + current podset request (${formatQuantity(
          resource,
          request,
        )}) > maximum capacity (${formatQuantity(resource, max)})`,
      );
      mode = 'noFit';
      continue;
    }
    const available = tree.available(cq, fr);
    if (val <= available) {
      if (tree.usage(cq, fr) + val > tree.quota(cq, fr).nominal) borrows = true;
      continue;
    }
    reasons.push(
      `insufficient unused quota for ${resource} in flavor ${flavorName}, ${formatQuantity(
        resource,
        val - available,
      )} more needed`,
    );
    mode = worse(mode, 'preempt');
  }
  return { mode, borrows, reasons };
}

/** Picks a flavor of a group for one pod set, as the flavor fungibility says. */
function assignGroup(
  tree: QuotaTree,
  cq: ClusterQueueNode,
  group: ResourceGroup,
  flavors: Map<string, KubeObject>,
  podSpec: Record<string, unknown>,
  requests: Array<[string, number]>,
  assumed: Map<FlavorResource, number>,
): { flavor?: string; attempt: FlavorTry } {
  const fungibility = objectAt(
    objectAt(cq.object, 'spec'),
    'flavorFungibility',
  );
  let best: { flavor?: string; attempt: FlavorTry } | undefined;
  const reasons: string[] = [];
  for (const name of group.flavors) {
    const attempt = tryFlavor(
      tree,
      cq,
      flavors.get(name),
      name,
      podSpec,
      requests,
      assumed,
    );
    reasons.push(...attempt.reasons);
    if (attempt.mode === 'noFit') continue;
    if (!best || RANK[attempt.mode] < RANK[best.attempt.mode]) {
      best = { flavor: name, attempt };
    }
    const stop =
      attempt.mode === 'fit'
        ? !attempt.borrows || fungibility.whenCanBorrow !== 'TryNextFlavor'
        : fungibility.whenCanPreempt === 'MayStopSearch';
    if (stop) break;
  }
  if (!best) {
    return { attempt: { mode: 'noFit', borrows: false, reasons } };
  }
  return {
    flavor: best.flavor,
    attempt: {
      ...best.attempt,
      reasons: best.attempt.mode === 'fit' ? [] : reasons,
    },
  };
}

/** Assigns flavors to every pod set of a Workload in a ClusterQueue. */
export function assignFlavors(
  tree: QuotaTree,
  cq: ClusterQueueNode,
  workload: KubeObject,
  flavors: Map<string, KubeObject>,
  excludedPrefixes: string[],
): Assignment {
  const usage = new Map<FlavorResource, number>();
  const podSets: PodSetAssignment[] = [];
  const messages: string[] = [];
  let mode: AssignmentMode = 'fit';
  let borrows = false;
  for (const ps of listAt(objectAt(workload, 'spec'), 'podSets')) {
    const name = String(ps.name ?? 'main');
    const podSpec = objectAt(objectAt(ps, 'template'), 'spec');
    const requests = podSetRequests(ps, excludedPrefixes);
    const assignment: PodSetAssignment = {
      name,
      count: typeof ps.count === 'number' ? ps.count : 1,
      flavors: {},
      resourceUsage: {},
    };
    const reasons: string[] = [];
    let psMode: AssignmentMode = 'fit';
    const byGroup = new Map<ResourceGroup, Array<[string, number]>>();
    for (const [resource, value] of Object.entries(requests)) {
      const group = cq.resourceGroups.find(g =>
        g.coveredResources.includes(resource),
      );
      if (!group) {
        reasons.push(`resource ${resource} unavailable in ClusterQueue`);
        psMode = 'noFit';
        continue;
      }
      byGroup.set(group, [...(byGroup.get(group) ?? []), [resource, value]]);
    }
    for (const [group, groupRequests] of byGroup) {
      const { flavor, attempt } = assignGroup(
        tree,
        cq,
        group,
        flavors,
        podSpec,
        groupRequests,
        usage,
      );
      reasons.push(...attempt.reasons);
      psMode = worse(psMode, attempt.mode);
      borrows ||= attempt.borrows;
      if (!flavor) continue;
      for (const [resource, value] of groupRequests) {
        assignment.flavors[resource] = flavor;
        assignment.resourceUsage[resource] = formatQuantity(resource, value);
        const fr = frKey(flavor, resource);
        usage.set(fr, (usage.get(fr) ?? 0) + value);
      }
    }
    if (psMode !== 'fit') {
      messages.push(
        `couldn't assign flavors to pod set ${name}: ${[...reasons]
          .sort()
          .join(', ')}`,
      );
    }
    mode = worse(mode, psMode);
    podSets.push(assignment);
  }
  return { mode, podSets, usage, borrows, message: messages.join('; ') };
}
