import { createHash } from 'node:crypto';
import {
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
  LABEL_COST_CENTER,
  LABEL_KUBERNETES_ID,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  LABEL_WORKLOAD_TYPE,
  MANAGED_BY_VALUE,
  PORTAL_READER_SERVICE_ACCOUNT,
  portalReaderRoleBinding,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../types';
import { CatalogFixture } from './catalogFixture';
import { ClusterSpec, NodegroupSpec, WorkloadSpec } from './clusters';

/** A stable UID, so objects keep their identity across sandbox restarts. */
function uid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/** Node names as EKS gives them: the instance's private DNS name. */
export function nodeName(
  cluster: ClusterSpec,
  ng: NodegroupSpec,
  index: number,
): string {
  const c = cluster.name.length % 200;
  const g = cluster.nodegroups.indexOf(ng) + 1;
  return `ip-10-${c}-${g}-${10 + index}.${cluster.region}.compute.internal`;
}

/** Accelerator units a node of the group exposes: MIG instances count as GPUs. */
export function acceleratorUnitsOf(ng: NodegroupSpec): number {
  const t = findAcceleratorInstanceType(ng.instanceType);
  if (!t) return 0;
  return acceleratorUnitsPerInstance(t) * (ng.mig?.instancesPerGpu ?? 1);
}

function acceleratorResources(ng: NodegroupSpec): Record<string, string> {
  const t = findAcceleratorInstanceType(ng.instanceType);
  if (!t) return {};
  return {
    [t.accelerator.resource]: String(acceleratorUnitsOf(ng)),
    // The Neuron device plugin exposes devices as well as cores.
    ...(t.accelerator.vendor === 'aws'
      ? { 'aws.amazon.com/neuron': String(t.devices) }
      : {}),
  };
}

function nodeObject(
  cluster: ClusterSpec,
  ng: NodegroupSpec,
  index: number,
): KubeObject {
  const name = nodeName(cluster, ng, index);
  const t = findAcceleratorInstanceType(ng.instanceType);
  const capacity = {
    cpu: String(t?.vcpus ?? 4),
    memory: `${t?.memoryGiB ?? 16}Gi`,
    pods: '110',
    ...acceleratorResources(ng),
  };
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'node.kubernetes.io/instance-type': ng.instanceType,
    'topology.kubernetes.io/region': cluster.region,
    'topology.kubernetes.io/zone': ng.zone,
    ...(ng.karpenter
      ? {
          'karpenter.sh/nodepool': ng.name,
          'karpenter.sh/capacity-type':
            ng.capacityType === 'SPOT' ? 'spot' : 'on-demand',
        }
      : {
          'eks.amazonaws.com/nodegroup': ng.name,
          'eks.amazonaws.com/capacityType': ng.capacityType,
        }),
    ...(t?.accelerator.vendor === 'nvidia'
      ? {
          'nvidia.com/gpu.product': `${t.accelerator.displayName.replace(
            / /g,
            '-',
          )}${ng.mig ? `-MIG-${ng.mig.profile}` : ''}`,
          'nvidia.com/gpu.count': String(acceleratorUnitsOf(ng)),
        }
      : {}),
    ...ng.labels,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: uid(cluster.name, 'node', name), labels },
    spec: {
      providerID: `aws:///${ng.zone}/i-0${uid(name)
        .replace(/-/g, '')
        .slice(0, 16)}`,
      taints: (ng.taints ?? []).map(taint => ({
        key: taint.key,
        value: taint.value,
        effect: 'NoSchedule',
      })),
    },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: 'True' }],
      nodeInfo: { kubeletVersion: `v${cluster.version}.4-eks-a737599` },
    },
  };
}

function nodePoolObject(ng: NodegroupSpec): KubeObject {
  const t = findAcceleratorInstanceType(ng.instanceType);
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: ng.name },
    spec: {
      template: {
        spec: {
          nodeClassRef: {
            group: 'karpenter.k8s.aws',
            kind: 'EC2NodeClass',
            name: 'default',
          },
          requirements: [
            {
              key: 'node.kubernetes.io/instance-type',
              operator: 'In',
              values: [ng.instanceType],
            },
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: [ng.capacityType === 'SPOT' ? 'spot' : 'on-demand'],
            },
          ],
          taints: (ng.taints ?? []).map(taint => ({
            key: taint.key,
            value: taint.value,
            effect: 'NoSchedule',
          })),
        },
      },
      limits: t
        ? { [t.accelerator.resource]: String(acceleratorUnitsOf(ng) * ng.size) }
        : {},
    },
  };
}

/** Accelerator units a pod of the workload holds (Neuron devices as NeuronCores). */
function unitsOf(w: WorkloadSpec, ng: NodegroupSpec): number {
  const t = findAcceleratorInstanceType(ng.instanceType);
  return (
    (w.gpus ?? 0) +
    (w.neuronCores ?? 0) +
    (w.neuronDevices ?? 0) * (t?.accelerator.unitsPerDevice ?? 2)
  );
}

/**
 * Schedules every replica as the scheduler would: on node `i % size` of its group
 * when the accelerators fit there, else on the first node of the group where they fit.
 * Pending pods get no node; pods that no longer run (Succeeded without a planted
 * `runs` window) hold nothing.
 */
function schedule(
  cluster: ClusterSpec,
): Map<WorkloadSpec, Array<string | undefined>> {
  const free = new Map<string, number>();
  const placement = new Map<WorkloadSpec, Array<string | undefined>>();
  for (const w of cluster.workloads) {
    const ng = cluster.nodegroups.find(g => g.name === w.nodegroup);
    if (!ng)
      throw new Error(
        `workload ${w.name} names an unknown node group ${w.nodegroup}`,
      );
    const phase = w.phase ?? 'Running';
    const holds = phase === 'Running' || w.runs !== undefined;
    const units = unitsOf(w, ng);
    const nodes = Array.from({ length: ng.size }, (_, i) =>
      nodeName(cluster, ng, i),
    );
    const freeOf = (n: string) => free.get(n) ?? acceleratorUnitsOf(ng);
    placement.set(
      w,
      Array.from({ length: w.replicas }, (_, i) => {
        if (phase === 'Pending') return undefined;
        const preferred = nodes[i % ng.size];
        if (!holds) return preferred;
        const node =
          freeOf(preferred) >= units
            ? preferred
            : nodes.find(n => freeOf(n) >= units) ?? preferred;
        free.set(node, freeOf(node) - units);
        return node;
      }),
    );
  }
  return placement;
}

function podObjects(
  cluster: ClusterSpec,
  w: WorkloadSpec,
  nodes: Array<string | undefined>,
): KubeObject[] {
  const ng = cluster.nodegroups.find(g => g.name === w.nodegroup);
  if (!ng)
    throw new Error(
      `workload ${w.name} names an unknown node group ${w.nodegroup}`,
    );
  const requests: Record<string, string> = { cpu: '8', memory: '32Gi' };
  if (w.gpus) requests['nvidia.com/gpu'] = String(w.gpus);
  if (w.neuronCores)
    requests['aws.amazon.com/neuroncore'] = String(w.neuronCores);
  if (w.neuronDevices)
    requests['aws.amazon.com/neuron'] = String(w.neuronDevices);
  const phase = w.phase ?? 'Running';
  return Array.from({ length: w.replicas }, (_, i) => {
    const name = `${w.name}-${uid(cluster.name, w.name).slice(0, 5)}-${i}`;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: w.namespace,
        uid: uid(cluster.name, 'pod', w.namespace, name),
        labels: {
          'app.kubernetes.io/name': w.name,
          ...(w.project ? { [LABEL_KUBERNETES_ID]: w.project } : {}),
        },
      },
      spec: {
        nodeName: nodes[i],
        containers: [
          {
            name: 'main',
            image: 'public.ecr.aws/docker/library/python:3.11',
            resources: { requests, limits: requests },
          },
        ],
        tolerations: (ng.taints ?? []).map(t => ({
          key: t.key,
          operator: 'Exists',
          effect: 'NoSchedule',
        })),
      },
      status: { phase },
    };
  });
}

/**
 * The objects a sandbox cluster starts with: system and team namespaces, nodes,
 * Karpenter NodePools and the example projects' pods. Team namespaces get the labels
 * provisioning would give them; the cost center comes from the team's Group.
 */
export function initialClusterObjects(
  cluster: ClusterSpec,
  fixture: CatalogFixture,
): KubeObject[] {
  const namespace = (
    name: string,
    labels: Record<string, string> = {},
  ): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: uid(cluster.name, 'namespace', name),
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  // Provisioning's one RoleBinding in a managed namespace (aiml:namespace:provision):
  // the product's view role for the portal's reader, the Kubernetes tab's identity.
  const portalReaderBinding = (name: string, team: string): KubeObject => {
    const binding = portalReaderRoleBinding(name, team) as KubeObject;
    return {
      ...binding,
      metadata: {
        ...binding.metadata,
        uid: uid(
          cluster.name,
          'rolebinding',
          name,
          PORTAL_READER_SERVICE_ACCOUNT,
        ),
      },
    };
  };
  const bindings: KubeObject[] = [];
  const namespaces = [
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
  ].map(n => namespace(n));
  for (const ns of cluster.namespaces) {
    const labels: Record<string, string> = {};
    if (ns.team) {
      const team = fixture.teams.find(t => t.name === ns.team);
      if (!team)
        throw new Error(
          `namespace ${ns.name} names an unknown team ${ns.team}`,
        );
      labels[LABEL_TEAM] = ns.team;
      if (!ns.unmanaged) {
        labels[LABEL_MANAGED_BY] = MANAGED_BY_VALUE;
        labels[LABEL_WORKLOAD_TYPE] = ns.workloadType ?? 'training';
        if (team.costCenter) labels[LABEL_COST_CENTER] = team.costCenter;
        bindings.push(portalReaderBinding(ns.name, ns.team));
      }
    }
    namespaces.push(namespace(ns.name, labels));
  }
  const nodes = cluster.nodegroups.flatMap(ng =>
    Array.from({ length: ng.size }, (_, i) => nodeObject(cluster, ng, i)),
  );
  const nodePools = cluster.nodegroups
    .filter(ng => ng.karpenter)
    .map(nodePoolObject);
  for (const w of cluster.workloads) {
    if (
      w.project &&
      !fixture.projects.some(p => p.kubernetesId === w.project)
    ) {
      throw new Error(
        `workload ${w.name} names a project missing from the catalog: ${w.project}`,
      );
    }
  }
  const placement = schedule(cluster);
  const pods = cluster.workloads.flatMap(w =>
    podObjects(cluster, w, placement.get(w)!),
  );
  return [...namespaces, ...bindings, ...nodes, ...nodePools, ...pods];
}
