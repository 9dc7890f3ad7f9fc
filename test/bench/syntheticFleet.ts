import {
  acceleratorUnitsPerInstance,
  CostModelInput,
  createPriceBook,
  findAcceleratorInstanceType,
  NodeSeries,
  PodSeries,
} from '@eks-aiml/plugin-aiml-common';
import { random } from './random';

/** The size of a fleet, as a platform team would state it. */
export interface FleetShape {
  clusters: number;
  /** GPUs in all, on 8-GPU nodes. */
  accelerators: number;
  teams: number;
  /** Namespaces each team has (each on its own cluster, round robin). */
  namespacesPerTeam: number;
  startMs: number;
  stepSeconds: number;
  steps: number;
  /** Pods each half-node slot runs one after the other over the window (1: pods that run throughout). */
  podsPerSlot: number;
}

/** What was made, and the bytes its sample arrays hold (the bulk of a loaded window). */
export interface SyntheticFleet {
  input: CostModelInput;
  sampleBytes: number;
}

/** 8-GPU instance types, priced by the built-in price book. */
const INSTANCE_TYPES = [
  'p4d.24xlarge',
  'p5.48xlarge',
  'g5.48xlarge',
  'g6e.48xlarge',
];

/**
 * A fleet in the shape the usage service hands the cost model (one series per node and
 * per pod over the whole window, Float64Array like the metrics sources): 8-GPU nodes
 * spread over the clusters, a third of them spot; each node split in two 4-GPU slots,
 * each slot running `podsPerSlot` pods in turn, each pod of a team with a namespace on
 * that cluster and a project of that team, at a steady utilization of its own.
 */
export function syntheticFleet(shape: FleetShape): SyntheticFleet {
  const { steps } = shape;
  const draw = random(42);
  const namespaceOwners: Record<string, string> = {};
  const teamsOn = new Map<string, string[]>();
  for (let t = 0; t < shape.teams; t++) {
    for (let k = 0; k < shape.namespacesPerTeam; k++) {
      const cluster = `eks-${
        (t * shape.namespacesPerTeam + k) % shape.clusters
      }`;
      namespaceOwners[`${cluster}/team-${t}-ns-${k}`] = `team-${t}`;
      teamsOn.set(cluster, [...(teamsOn.get(cluster) ?? []), `${t}/${k}`]);
    }
  }
  const nodes: NodeSeries[] = [];
  const pods: PodSeries[] = [];
  const stretch = Math.ceil(steps / shape.podsPerSlot);
  for (let n = 0; n < shape.accelerators / 8; n++) {
    const cluster = `eks-${n % shape.clusters}`;
    const instanceType = INSTANCE_TYPES[n % INSTANCE_TYPES.length];
    const type = findAcceleratorInstanceType(instanceType)!;
    const node = `node-${n}`;
    nodes.push({
      cluster,
      node,
      instanceType,
      capacityType: n % 3 === 0 ? 'spot' : 'on-demand',
      resource: type.accelerator.resource,
      acceleratorType: type.accelerator.type,
      capacityUnits: new Float64Array(steps).fill(
        acceleratorUnitsPerInstance(type),
      ),
    });
    const owners = teamsOn.get(cluster);
    if (!owners) throw new Error(`no team has a namespace on ${cluster}`);
    for (let slot = 0; slot < 2 * shape.podsPerSlot; slot++) {
      const [t, k] = owners[Math.floor(draw() * owners.length)].split('/');
      const from = (slot % shape.podsPerSlot) * stretch;
      const requested = new Float64Array(steps);
      requested.fill(4, from, Math.min(steps, from + stretch));
      const busy = new Float64Array(steps).fill(0.2 + 0.75 * draw());
      const name = `job-${n}-${slot}`;
      pods.push({
        cluster,
        namespace: `team-${t}-ns-${k}`,
        pod: `${name}-0`,
        project: `team-${t}-project-${slot % 3}`,
        node,
        workload: { kind: 'Job', name },
        resource: type.accelerator.resource,
        requested,
        busy,
      });
    }
  }
  return {
    input: {
      startMs: shape.startMs,
      stepSeconds: shape.stepSeconds,
      steps,
      nodes,
      pods,
      namespaceOwners,
      priceBook: createPriceBook(),
    },
    sampleBytes: (nodes.length + 2 * pods.length) * steps * 8,
  };
}
