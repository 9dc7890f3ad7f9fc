import {
  V1Affinity,
  V1Container,
  V1EnvVar,
  V1NodeAffinity,
  V1PodTemplateSpec,
  V1SecurityContext,
  V1Toleration,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import {
  acceleratorUnitsPerInstance,
  LABEL_KUBERNETES_ID,
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import { EFA_RESOURCE, efaDevicesPerPod, sameZoneAffinity } from './efa';
import { Placement } from './fit';
import { schedulerNameFor } from './neuronScheduler';

/** Capacity types a workload can ask for. */
export type CapacityType = 'spot' | 'on-demand';

/** The node label of the instance type. */
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
/** Karpenter's capacity-type node label. */
export const KARPENTER_CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type';
/** The capacity-type node label of EKS managed node groups. */
export const EKS_CAPACITY_TYPE_LABEL = 'eks.amazonaws.com/capacityType';

/** The taints accelerator nodes carry, by resource family. */
export const ACCELERATOR_TAINTS = {
  nvidia: 'nvidia.com/gpu',
  neuron: 'aws.amazon.com/neuron',
} as const;

/** The user every rendered container runs as (the skeleton's Dockerfile uses it). */
export const RUN_AS = 1000;

/** A container security context that Pod Security `restricted` (and so `baseline`) admits. */
export function restrictedContainerSecurity(): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The labels of a project's pods and objects: Backstage's kubernetes-id among
 * them, and `app.kubernetes.io/managed-by: eks-aiml`, by which retiring the
 * project finds what the golden path made (and nothing else with its id).
 */
export function projectLabels(
  component: string,
  role: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/component': role,
    [LABEL_KUBERNETES_ID]: component,
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
  };
}

/** CPU and memory of a pod: 80% of its share of the host, by accelerators taken. */
export function hostShare(placement: Placement): {
  cpu: string;
  memory: string;
} {
  const t = placement.instance;
  const share = placement.count / acceleratorUnitsPerInstance(t);
  return {
    cpu: String(Math.max(1, Math.floor(t.vcpus * share * 0.8))),
    memory: `${Math.max(2, Math.floor(t.memoryGiB * share * 0.8))}Gi`,
  };
}

/**
 * Seconds a spot pod has between SIGTERM and SIGKILL: room for the training
 * skeleton's checkpoint on SIGTERM, and inside the two minutes between EC2's spot
 * interruption notice and the reclaim (EC2, "Spot Instance interruption notices"),
 * of which the notice's delivery and Karpenter's drain take the first seconds
 * (Karpenter taints and drains a node on the notice: "Disruption", Interruption).
 */
export const SPOT_TERMINATION_GRACE_SECONDS = 90;

/** Keeps a pod off spot nodes of Karpenter and of EKS managed node groups alike. */
function offSpotNodes(): V1NodeAffinity {
  return {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            {
              key: KARPENTER_CAPACITY_TYPE_LABEL,
              operator: 'NotIn',
              values: ['spot'],
            },
            {
              key: EKS_CAPACITY_TYPE_LABEL,
              operator: 'NotIn',
              values: ['SPOT'],
            },
          ],
        },
      ],
    },
  };
}

/** Placement of an accelerated pod: the instance type and the accelerator taint. */
function acceleratorScheduling(placement: Placement): {
  nodeSelector: Record<string, string>;
  tolerations: V1Toleration[];
} {
  const family =
    placement.instance.accelerator.vendor === 'nvidia' ? 'nvidia' : 'neuron';
  return {
    nodeSelector: { [INSTANCE_TYPE_LABEL]: placement.instance.instanceType },
    tolerations: [
      {
        key: ACCELERATOR_TAINTS[family],
        operator: 'Exists',
        effect: 'NoSchedule',
      },
    ],
  };
}

/** What one pod of a workload runs. */
export type PodOptions = {
  component: string;
  /** e.g. `worker`, `head`, `server`: the app.kubernetes.io/component label. */
  role: string;
  container: Omit<V1Container, 'resources' | 'securityContext'>;
  /** Accelerated pods; CPU-only pods (Ray heads, submitters) leave it out. */
  placement?: Placement;
  /**
   * Spot: Karpenter's spot capacity, with {@link SPOT_TERMINATION_GRACE_SECONDS};
   * on-demand: off spot nodes. Accelerated pods default to on-demand; CPU-only
   * pods without it may land anywhere.
   */
  capacityType?: CapacityType;
  /** Requests of a CPU-only pod. */
  cpu?: string;
  memory?: string;
  volumes?: V1Volume[];
  restartPolicy?: 'Never' | 'OnFailure';
  /** The project's ServiceAccount: its Pod Identity association gives the pods AWS access. */
  serviceAccountName: string;
  /** The scheduler of pods that ask for more than one NeuronCore (the Neuron scheduler extension's). */
  neuronSchedulerName?: string;
  /**
   * A pod of a job that runs several: the roles of the job's accelerated pods. On
   * EFA instance types each pod gets its share of EFA devices, and the pods stay in
   * one zone.
   */
  multiNode?: { roles: string[] };
};

/**
 * A pod template fit for Pod Security `restricted`: non-root, no privilege
 * escalation, all capabilities dropped, RuntimeDefault seccomp, only emptyDir and
 * claim volumes. Accelerated pods request their accelerators (requests = limits)
 * and, in multi-node jobs on EFA instance types, their EFA devices; they tolerate
 * the accelerator taint, select the instance type, and get shared memory for NCCL
 * and dataloaders. Every pod follows its capacity type.
 */
export function podTemplate(options: PodOptions): V1PodTemplateSpec {
  const { placement } = options;
  const capacityType =
    options.capacityType ?? (placement ? 'on-demand' : undefined);
  const share = placement
    ? hostShare(placement)
    : { cpu: options.cpu ?? '1', memory: options.memory ?? '2Gi' };
  const devices: Record<string, string> = {};
  if (placement) {
    devices[placement.instance.accelerator.resource] = String(placement.count);
  }
  const efa = placement && options.multiNode ? efaDevicesPerPod(placement) : 0;
  if (efa > 0) devices[EFA_RESOURCE] = String(efa);
  const volumes: V1Volume[] = [...(options.volumes ?? [])];
  const mounts: V1VolumeMount[] = [...(options.container.volumeMounts ?? [])];
  if (placement) {
    const memoryGi = parseInt(share.memory, 10);
    volumes.push({
      name: 'dshm',
      emptyDir: {
        medium: 'Memory',
        sizeLimit: `${Math.max(1, Math.min(16, Math.floor(memoryGi / 4)))}Gi`,
      },
    });
    mounts.push({ name: 'dshm', mountPath: '/dev/shm' });
  }
  const container: V1Container = {
    ...options.container,
    resources: {
      requests: { cpu: share.cpu, memory: share.memory, ...devices },
      limits: { memory: share.memory, ...devices },
    },
    securityContext: restrictedContainerSecurity(),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };
  const nodeSelector = {
    ...(placement ? acceleratorScheduling(placement).nodeSelector : {}),
    ...(capacityType === 'spot'
      ? { [KARPENTER_CAPACITY_TYPE_LABEL]: 'spot' }
      : {}),
  };
  const affinity: V1Affinity = {
    ...(capacityType === 'on-demand' ? { nodeAffinity: offSpotNodes() } : {}),
    ...(efa > 0 && options.multiNode
      ? {
          podAffinity: sameZoneAffinity(
            options.component,
            options.multiNode.roles,
          ),
        }
      : {}),
  };
  const schedulerName = placement
    ? schedulerNameFor(placement, options.neuronSchedulerName)
    : undefined;
  return {
    metadata: { labels: projectLabels(options.component, options.role) },
    spec: {
      serviceAccountName: options.serviceAccountName,
      ...(schedulerName ? { schedulerName } : {}),
      ...(options.restartPolicy
        ? { restartPolicy: options.restartPolicy }
        : {}),
      ...(capacityType === 'spot'
        ? { terminationGracePeriodSeconds: SPOT_TERMINATION_GRACE_SECONDS }
        : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUN_AS,
        runAsGroup: RUN_AS,
        fsGroup: RUN_AS,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
      ...(placement
        ? { tolerations: acceleratorScheduling(placement).tolerations }
        : {}),
      ...(Object.keys(affinity).length > 0 ? { affinity } : {}),
      containers: [container],
      ...(volumes.length > 0 ? { volumes } : {}),
    },
  };
}

/** Environment variables from a name → value map (values left out when undefined). */
export function envOf(vars: Record<string, string | undefined>): V1EnvVar[] {
  return Object.entries(vars)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
}
