import { findAcceleratorInstanceType } from '../accelerators';
import { LABEL_MANAGED_BY, LABEL_TEAM, MANAGED_BY_VALUE } from '../labels';
import {
  acceleratorFlavorName,
  AimlCapacityType,
  HOST_FLAVOR_NAME,
  KUEUE_API_VERSION,
  teamClusterQueueName,
  teamLocalQueueName,
} from './names';

/**
 * A cluster's Kueue settings (`aiml.clusters[].kueue`), validated.
 *
 * @public
 */
export interface AimlKueueSettings {
  /** The cohort every team's ClusterQueue joins, so unused quota is lent and borrowed. */
  cohort: string;
  /** Kueue's queueing strategy of each ClusterQueue. */
  queueingStrategy: 'BestEffortFIFO' | 'StrictFIFO';
  /** How much of its nominal quota a team may borrow on top, in percent (always bounded). */
  borrowingLimitPercent: number;
  /** How much of its nominal quota a team lends at most, in percent; undefined: all it does not use. */
  lendingLimitPercent?: number;
  /** The fair-sharing weight of a team without the Group annotation. */
  fairSharingWeight: number;
  /** The accelerator instance types that get ResourceFlavors. */
  instanceTypes: string[];
  /** The capacity types each instance type gets a flavor for. */
  capacityTypes: AimlCapacityType[];
}

/**
 * A team's nominal quota in its ClusterQueue: accelerators per flavor (the team's
 * quota, from the Group annotation or the config default) and the host CPU and
 * memory that go with them.
 *
 * @public
 */
export interface AimlTeamQueueQuota {
  gpu: number;
  neuronCores: number;
  /** Cores. */
  cpu: number;
  /** GiB. */
  memoryGi: number;
}

/**
 * A Kueue object as the product renders it: plain JSON.
 *
 * @public
 */
export interface AimlKueueObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec: Record<string, unknown>;
  [field: string]: unknown;
}

/** Node labels of a flavor: Kubernetes' instance type and Karpenter's capacity type. */
const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
const CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type';
/** NeuronCores per Neuron device (Inferentia2 and Trainium alike). */
const NEURON_CORES_PER_DEVICE = 2;

const managed = (team?: string) => ({
  [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
  ...(team ? { [LABEL_TEAM]: team } : {}),
});

interface AcceleratorFlavor {
  name: string;
  instanceType: string;
  capacityType: AimlCapacityType;
  vendor: 'nvidia' | 'aws';
}

function acceleratorFlavors(settings: AimlKueueSettings): AcceleratorFlavor[] {
  return settings.instanceTypes.flatMap(instanceType => {
    const t = findAcceleratorInstanceType(instanceType);
    if (!t) {
      throw new Error(
        `${instanceType} is not an accelerator instance type of the catalog`,
      );
    }
    return settings.capacityTypes.map(capacityType => ({
      name: acceleratorFlavorName(instanceType, capacityType),
      instanceType,
      capacityType,
      vendor: t.accelerator.vendor,
    }));
  });
}

/**
 * The ResourceFlavors of a Kueue cluster: one per accelerator instance type and
 * capacity type (node labels `node.kubernetes.io/instance-type` and
 * `karpenter.sh/capacity-type`, so Kueue assigns a pod only a flavor its node
 * selector allows), and one for host CPU and memory on any node.
 *
 * @public
 */
export function kueueResourceFlavors(
  settings: AimlKueueSettings,
): AimlKueueObject[] {
  return [
    {
      apiVersion: KUEUE_API_VERSION,
      kind: 'ResourceFlavor',
      metadata: { name: HOST_FLAVOR_NAME, labels: managed() },
      spec: {},
    },
    ...acceleratorFlavors(settings).map(f => ({
      apiVersion: KUEUE_API_VERSION,
      kind: 'ResourceFlavor',
      metadata: { name: f.name, labels: managed() },
      spec: {
        nodeLabels: {
          [INSTANCE_TYPE_LABEL]: f.instanceType,
          [CAPACITY_TYPE_LABEL]: f.capacityType,
        },
      },
    })),
  ];
}

/** A share of a quantity, in percent, rounded down. */
const percentOf = (value: number, percent: number) =>
  Math.floor((value * percent) / 100);

function quotaEntry(
  name: string,
  nominal: number,
  settings: AimlKueueSettings,
  unit = '',
) {
  const lend = settings.lendingLimitPercent;
  return {
    name,
    nominalQuota: `${nominal}${unit}`,
    borrowingLimit: `${percentOf(
      nominal,
      settings.borrowingLimitPercent,
    )}${unit}`,
    ...(lend === undefined
      ? {}
      : { lendingLimit: `${percentOf(nominal, lend)}${unit}` }),
  };
}

/**
 * The most a team's ClusterQueue can ever admit of a quantity: its nominal
 * quota plus its borrowing limit.
 *
 * @public
 */
export function queueCeiling(
  nominal: number,
  settings: Pick<AimlKueueSettings, 'borrowingLimitPercent'>,
): number {
  return nominal + percentOf(nominal, settings.borrowingLimitPercent);
}

/**
 * A team's ClusterQueue in the cluster's cohort: host CPU and memory in one
 * resource group, GPUs and Neuron in their own, each accelerator flavor with the
 * team's quota as its nominal quota, borrowing and lending limits as configured;
 * only the team's managed namespaces may submit to it. It reclaims its nominal
 * quota from borrowers (`reclaimWithinCohort: Any`), preempts lower priorities
 * within itself, and never preempts to borrow.
 *
 * @public
 */
export function teamClusterQueue(options: {
  team: string;
  quota: AimlTeamQueueQuota;
  /** The team's fair-sharing weight (Group annotation or the cluster's default). */
  fairSharingWeight: number;
  settings: AimlKueueSettings;
}): AimlKueueObject {
  const { team, quota, settings } = options;
  const flavors = acceleratorFlavors(settings);
  const group = (
    vendor: 'nvidia' | 'aws',
    resources: Array<[string, number]>,
  ) => {
    const of = flavors.filter(f => f.vendor === vendor);
    return of.length === 0
      ? []
      : [
          {
            coveredResources: resources.map(([r]) => r),
            flavors: of.map(f => ({
              name: f.name,
              resources: resources.map(([r, n]) => quotaEntry(r, n, settings)),
            })),
          },
        ];
  };
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: 'ClusterQueue',
    metadata: { name: teamClusterQueueName(team), labels: managed(team) },
    spec: {
      cohortName: settings.cohort,
      namespaceSelector: { matchLabels: managed(team) },
      queueingStrategy: settings.queueingStrategy,
      fairSharing: { weight: String(options.fairSharingWeight) },
      preemption: {
        reclaimWithinCohort: 'Any',
        withinClusterQueue: 'LowerPriority',
        borrowWithinCohort: { policy: 'Never' },
      },
      resourceGroups: [
        {
          coveredResources: ['cpu', 'memory'],
          flavors: [
            {
              name: HOST_FLAVOR_NAME,
              resources: [
                quotaEntry('cpu', quota.cpu, settings),
                quotaEntry('memory', quota.memoryGi, settings, 'Gi'),
              ],
            },
          ],
        },
        ...group('nvidia', [['nvidia.com/gpu', quota.gpu]]),
        ...group('aws', [
          ['aws.amazon.com/neuroncore', quota.neuronCores],
          [
            'aws.amazon.com/neuron',
            Math.floor(quota.neuronCores / NEURON_CORES_PER_DEVICE),
          ],
        ]),
      ],
    },
  };
}

/**
 * The LocalQueue of a team namespace, pointing at the team's ClusterQueue.
 *
 * @public
 */
export function teamLocalQueue(options: {
  namespace: string;
  team: string;
}): AimlKueueObject {
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: 'LocalQueue',
    metadata: {
      name: teamLocalQueueName(options.team),
      namespace: options.namespace,
      labels: managed(options.team),
    },
    spec: { clusterQueue: teamClusterQueueName(options.team) },
  };
}
