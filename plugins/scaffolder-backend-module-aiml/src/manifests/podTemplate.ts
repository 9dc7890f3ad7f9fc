import {
  V1Affinity,
  V1Container,
  V1EnvVar,
  V1PodTemplateSpec,
  V1SecurityContext,
  V1Toleration,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import {
  acceleratorUnitsPerInstance,
  LABEL_KUBERNETES_ID,
} from '@eks-aiml/plugin-aiml-common';
import { Placement } from './fit';

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

/** The labels of a project's pods and objects: Backstage's kubernetes-id among them. */
export function projectLabels(
  component: string,
  role: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/component': role,
    [LABEL_KUBERNETES_ID]: component,
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
 * Scheduling of an accelerated pod: the instance type, the accelerator taint,
 * and the capacity type — spot through Karpenter's label, on-demand by keeping
 * off spot nodes of Karpenter and of managed node groups alike.
 */
function scheduling(
  placement: Placement,
  capacityType: CapacityType,
): {
  nodeSelector: Record<string, string>;
  tolerations: V1Toleration[];
  affinity?: V1Affinity;
} {
  const family =
    placement.instance.accelerator.vendor === 'nvidia' ? 'nvidia' : 'neuron';
  return {
    nodeSelector: {
      [INSTANCE_TYPE_LABEL]: placement.instance.instanceType,
      ...(capacityType === 'spot'
        ? { [KARPENTER_CAPACITY_TYPE_LABEL]: 'spot' }
        : {}),
    },
    tolerations: [
      {
        key: ACCELERATOR_TAINTS[family],
        operator: 'Exists',
        effect: 'NoSchedule',
      },
    ],
    ...(capacityType === 'on-demand'
      ? {
          affinity: {
            nodeAffinity: {
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
            },
          },
        }
      : {}),
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
  capacityType?: CapacityType;
  /** Requests of a CPU-only pod. */
  cpu?: string;
  memory?: string;
  volumes?: V1Volume[];
  restartPolicy?: 'Never' | 'OnFailure';
  /** The project's ServiceAccount: its Pod Identity association gives the pods AWS access. */
  serviceAccountName: string;
};

/**
 * A pod template fit for Pod Security `restricted`: non-root, no privilege
 * escalation, all capabilities dropped, RuntimeDefault seccomp, only emptyDir and
 * claim volumes. Accelerated pods request their accelerators (requests = limits),
 * tolerate the accelerator taint and select the instance type and capacity type,
 * and get shared memory for NCCL and dataloaders.
 */
export function podTemplate(options: PodOptions): V1PodTemplateSpec {
  const { placement } = options;
  const resource = placement?.instance.accelerator.resource;
  const share = placement
    ? hostShare(placement)
    : { cpu: options.cpu ?? '1', memory: options.memory ?? '2Gi' };
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
      requests: {
        cpu: share.cpu,
        memory: share.memory,
        ...(resource ? { [resource]: String(placement!.count) } : {}),
      },
      limits: {
        memory: share.memory,
        ...(resource ? { [resource]: String(placement!.count) } : {}),
      },
    },
    securityContext: restrictedContainerSecurity(),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };
  return {
    metadata: { labels: projectLabels(options.component, options.role) },
    spec: {
      serviceAccountName: options.serviceAccountName,
      ...(options.restartPolicy
        ? { restartPolicy: options.restartPolicy }
        : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUN_AS,
        runAsGroup: RUN_AS,
        fsGroup: RUN_AS,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(placement
        ? scheduling(placement, options.capacityType ?? 'on-demand')
        : {}),
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
