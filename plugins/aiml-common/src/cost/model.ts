import { CostAggregator, PodPlacement } from './aggregate';
import {
  assertWindow,
  invalidSampleWarning,
  seriesLengthWarning,
  WarningSubject,
} from './checks';
import { utcCalendar, UtcCalendar } from './daily';
import { addFigureSums, emptyFigureSums } from './figures';
import { addRequests, integrateNode, integratePod } from './integrate';
import { nodeRate, NodeRate, StepRates } from './rates';
import type {
  CostModelInput,
  CostReport,
  CostWarning,
  NodeSeries,
  PodSeries,
} from './types';

const SEP = '\u0000';
const nodeKey = (cluster: string, node: string, resource: string) =>
  cluster + SEP + node + SEP + resource;

interface NodeGroup {
  node: NodeSeries;
  rate: NodeRate;
  pods: PodSeries[];
}

interface OrphanGroup {
  cluster: string;
  node: string | undefined;
  resource: PodSeries['resource'];
  pods: PodSeries[];
}

/** Per-step scratch arrays, reused for every node. */
interface Scratch {
  requestedSum: Float64Array;
  scale: Float64Array;
  pricedScale: Float64Array;
}

/**
 * Computes usage and spend from time-stepped samples: allocated accelerator-hours of
 * Running pods (time-weighted), busy hours, spend at the rate of each pod's node, idle
 * spend, efficiency, breakdowns, daily series, unallocated capacity, unattributed and
 * unpriced usage.
 *
 * Requests on a node beyond its capacity in a step are scaled down to the capacity (with
 * an `overcommitted` warning), so that team spend + unattributed spend + unallocated cost
 * equals the accelerator cost of the nodes. Nodes whose instance or capacity type cannot be
 * priced, and pods on them or on unknown nodes, are listed in `unpriced` and left out of
 * money totals; their hours still count.
 *
 * @public
 */
export function computeCostReport(input: CostModelInput): CostReport {
  assertWindow(input);
  const { startMs, stepSeconds, steps, priceBook } = input;
  const calendar = utcCalendar(startMs, stepSeconds, steps);
  const aggregator = new CostAggregator(calendar.days);
  const warnings: CostWarning[] = [];
  const { groups, orphans } = groupPods(input, warnings);
  const scratch: Scratch = {
    requestedSum: new Float64Array(steps),
    scale: new Float64Array(steps),
    pricedScale: new Float64Array(steps),
  };
  for (const group of groups) {
    addNodeGroup(input, group, calendar, scratch, aggregator, warnings);
  }
  scratch.scale.fill(1);
  scratch.pricedScale.fill(1);
  for (const orphan of orphans) {
    addOrphanGroup(input, orphan, calendar, scratch, aggregator, warnings);
  }
  return aggregator.build(
    {
      startMs,
      endMs: startMs + steps * stepSeconds * 1000,
      stepSeconds,
      steps,
    },
    priceBook.currency,
    warnings,
  );
}

function groupPods(input: CostModelInput, warnings: CostWarning[]) {
  const byKey = new Map<string, NodeGroup>();
  for (const node of input.nodes) {
    const key = nodeKey(node.cluster, node.node, node.resource);
    if (byKey.has(key)) {
      warnings.push({
        code: 'duplicate-node',
        message: `node ${node.cluster}/${node.node} (${node.resource}) appears more than once; the later series was ignored`,
        cluster: node.cluster,
        node: node.node,
      });
      continue;
    }
    byKey.set(key, {
      node,
      rate: nodeRate(node, input.priceBook, input),
      pods: [],
    });
  }
  const orphans = new Map<string, OrphanGroup>();
  for (const pod of input.pods) {
    const key = nodeKey(pod.cluster, pod.node ?? '', pod.resource);
    const group = pod.node === undefined ? undefined : byKey.get(key);
    if (group) {
      group.pods.push(pod);
      continue;
    }
    let orphan = orphans.get(key);
    if (!orphan) {
      orphan = {
        cluster: pod.cluster,
        node: pod.node,
        resource: pod.resource,
        pods: [],
      };
      orphans.set(key, orphan);
    }
    orphan.pods.push(pod);
  }
  return { groups: [...byKey.values()], orphans: [...orphans.values()] };
}

function teamOf(input: CostModelInput, pod: PodSeries): string | undefined {
  const key = `${pod.cluster}/${pod.namespace}`;
  return Object.prototype.hasOwnProperty.call(input.namespaceOwners, key)
    ? input.namespaceOwners[key]
    : undefined;
}

/**
 * The labels the breakdowns group a pod by: those of its namespace when the namespace
 * has an owning team (only managed namespaces are trusted), null otherwise.
 */
function labelsOf(
  input: CostModelInput,
  pod: PodSeries,
  team: string | undefined,
): { costCenter: string | null; workloadType: string | null } {
  const key = `${pod.cluster}/${pod.namespace}`;
  const labels =
    team !== undefined &&
    input.namespaceLabels &&
    Object.prototype.hasOwnProperty.call(input.namespaceLabels, key)
      ? input.namespaceLabels[key]
      : undefined;
  return {
    costCenter: labels?.costCenter || null,
    workloadType: labels?.workloadType || null,
  };
}

function workloadOf(pod: PodSeries) {
  return pod.workload
    ? { kind: pod.workload.kind, name: pod.workload.name }
    : { kind: null, name: pod.pod };
}

function podSubject(pod: PodSeries): WarningSubject {
  const subject: WarningSubject = {
    cluster: pod.cluster,
    namespace: pod.namespace,
    pod: pod.pod,
  };
  if (pod.node !== undefined) subject.node = pod.node;
  return subject;
}

function checkPodLengths(
  pod: PodSeries,
  steps: number,
  warnings: CostWarning[],
) {
  const subject = podSubject(pod);
  for (const w of [
    seriesLengthWarning(subject, 'requested', pod.requested.length, steps),
    seriesLengthWarning(subject, 'busy', pod.busy.length, steps),
  ]) {
    if (w) warnings.push(w);
  }
}

function addNodeGroup(
  input: CostModelInput,
  group: NodeGroup,
  calendar: UtcCalendar,
  scratch: Scratch,
  aggregator: CostAggregator,
  warnings: CostWarning[],
) {
  const { node, rate, pods } = group;
  const { steps } = input;
  const subject: WarningSubject = { cluster: node.cluster, node: node.node };
  const lengthWarning = seriesLengthWarning(
    subject,
    'capacityUnits',
    node.capacityUnits.length,
    steps,
  );
  if (lengthWarning) warnings.push(lengthWarning);
  scratch.requestedSum.fill(0);
  for (const pod of pods)
    addRequests(pod.requested, steps, scratch.requestedSum);
  const nodeIntegral = integrateNode(
    node.capacityUnits,
    scratch.requestedSum,
    rate.priced ? rate.catalogUnits : undefined,
    calendar.pieces,
    calendar.days.length,
    scratch.scale,
    scratch.pricedScale,
    rate.priced ? rate.rates : undefined,
  );
  const invalid = invalidSampleWarning(
    subject,
    'capacityUnits',
    nodeIntegral.invalidCapacity,
  );
  if (invalid) warnings.push(invalid);
  if (nodeIntegral.overcommittedSteps > 0) {
    warnings.push({
      code: 'overcommitted',
      message: `requests on node ${node.cluster}/${node.node} exceeded its ${node.resource} capacity in ${nodeIntegral.overcommittedSteps} steps; allocations were scaled down to capacity`,
      ...subject,
      steps: nodeIntegral.overcommittedSteps,
      hours: nodeIntegral.overcommittedHours,
    });
  }
  const onNode = addPods(
    input,
    pods,
    {
      resource: node.resource,
      acceleratorType: node.acceleratorType,
      instanceType: node.instanceType ?? null,
      capacityType: node.capacityType ?? null,
      priced: rate.priced,
    },
    { calendar, scratch, aggregator, warnings },
    rate.priced ? rate.rates : undefined,
  );
  aggregator.addNode(
    {
      cluster: node.cluster,
      resource: node.resource,
      acceleratorType: node.acceleratorType,
      priced: rate.priced,
    },
    nodeIntegral,
    onNode,
  );
  if (!rate.priced) {
    let capacityHours = 0;
    for (const h of nodeIntegral.capacity) capacityHours += h;
    aggregator.addUnpriced({
      cluster: node.cluster,
      node: node.node,
      resource: node.resource,
      instanceType: node.instanceType ?? null,
      capacityType: node.capacityType ?? null,
      reason: rate.reason,
      capacityHours,
      allocatedHours: onNode.allocatedHours,
      busyHours: onNode.busyHours,
      pods: pods.length,
    });
  }
}

function addOrphanGroup(
  input: CostModelInput,
  orphan: OrphanGroup,
  calendar: UtcCalendar,
  scratch: Scratch,
  aggregator: CostAggregator,
  warnings: CostWarning[],
) {
  // No node to price them by: their usage counts, at no rate.
  const onNode = addPods(
    input,
    orphan.pods,
    {
      resource: orphan.resource,
      acceleratorType: null,
      instanceType: null,
      capacityType: null,
      priced: false,
    },
    { calendar, scratch, aggregator, warnings },
  );
  // Pods that never ran (no allocation) and had no node are Pending noise, not unpriced usage.
  if (!(onNode.allocatedHours > 0)) return;
  const where =
    orphan.node === undefined
      ? 'no node'
      : `node ${orphan.node}, which is not among the ${orphan.resource} nodes`;
  warnings.push({
    code: 'unknown-node',
    message: `${orphan.pods.length} pod(s) in cluster ${orphan.cluster} ran on ${where}; their usage is unpriced`,
    cluster: orphan.cluster,
    ...(orphan.node === undefined ? {} : { node: orphan.node }),
  });
  aggregator.addUnpriced({
    cluster: orphan.cluster,
    node: orphan.node ?? null,
    resource: orphan.resource,
    instanceType: null,
    capacityType: null,
    reason: 'unknown-node',
    capacityHours: 0,
    allocatedHours: onNode.allocatedHours,
    busyHours: onNode.busyHours,
    pods: orphan.pods.length,
  });
}

/** Where a group of pods ran, as far as pricing goes. */
type Placement = Pick<
  PodPlacement,
  'resource' | 'acceleratorType' | 'instanceType' | 'capacityType' | 'priced'
>;

/**
 * Integrates each pod of a group (scaled as the node's integration left `scratch`) and
 * adds it to the report at the group's placement; returns the group's sums.
 */
function addPods(
  input: CostModelInput,
  pods: PodSeries[],
  placement: Placement,
  work: {
    calendar: UtcCalendar;
    scratch: Scratch;
    aggregator: CostAggregator;
    warnings: CostWarning[];
  },
  rates?: StepRates,
) {
  const { calendar, scratch, aggregator, warnings } = work;
  const sums = emptyFigureSums();
  for (const pod of pods) {
    checkPodLengths(pod, input.steps, warnings);
    const integral = integratePod(
      pod.requested,
      pod.busy,
      calendar.pieces,
      calendar.days.length,
      scratch.scale,
      scratch.pricedScale,
      rates,
    );
    pushSampleWarnings(pod, integral, warnings);
    const team = teamOf(input, pod);
    addFigureSums(
      sums,
      aggregator.addPod(
        {
          cluster: pod.cluster,
          namespace: pod.namespace,
          project: pod.project ?? null,
          workload: workloadOf(pod),
          team,
          ...labelsOf(input, pod, team),
          ...placement,
        },
        integral,
      ),
    );
  }
  return sums;
}

function pushSampleWarnings(
  pod: PodSeries,
  integral: { invalidRequested: number; invalidBusy: number },
  warnings: CostWarning[],
) {
  const subject = podSubject(pod);
  for (const w of [
    invalidSampleWarning(subject, 'requested', integral.invalidRequested),
    invalidSampleWarning(subject, 'busy', integral.invalidBusy),
  ]) {
    if (w) warnings.push(w);
  }
}
