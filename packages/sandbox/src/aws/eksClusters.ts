import { createHash, randomUUID } from 'node:crypto';
import { SANDBOX_ACCOUNT_ID } from '../types';

/**
 * Clusters and managed node groups: built once from the sandbox's world, and
 * rendered in the shapes DescribeCluster and DescribeNodegroup return.
 */

/** A managed node group to emulate (the world's NodegroupSpec fits). */
export interface EksNodegroupSpec {
  name: string;
  instanceType: string;
  capacityType: 'ON_DEMAND' | 'SPOT';
  /** The desired size; min and max default to it. */
  size: number;
  minSize?: number;
  maxSize?: number;
  labels?: Record<string, string>;
  taints?: Array<{
    key: string;
    value?: string;
    effect: 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';
  }>;
  /** Derived from the instance type when absent (NVIDIA, Neuron, ARM or standard AL2023). */
  amiType?: string;
}

/** A cluster to emulate: what the lead builds from the world fixture. */
export interface EksClusterSpec {
  name: string;
  region: string;
  /** Kubernetes minor version, e.g. `1.31`. */
  version: string;
  /** The Kubernetes API server URL (`https://127.0.0.1:<port>`). */
  endpoint: string;
  /** The cluster CA certificate (PEM); DescribeCluster returns it base64-encoded. */
  caPem: string;
  nodegroups: EksNodegroupSpec[];
  tags?: Record<string, string>;
}

/** A stored managed node group. */
export interface NodegroupRecord {
  name: string;
  arn: string;
  instanceType: string;
  capacityType: 'ON_DEMAND' | 'SPOT';
  minSize: number;
  maxSize: number;
  desiredSize: number;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  amiType: string;
  createdAtMs: number;
  modifiedAtMs: number;
}

/** A stored cluster. */
export interface ClusterRecord {
  name: string;
  arn: string;
  region: string;
  account: string;
  version: string;
  endpoint: string;
  caPem: string;
  createdAtMs: number;
  tags: Record<string, string>;
  /** The IAM principal that created the cluster (gets cluster admin). */
  creatorArn: string;
  nodegroups: NodegroupRecord[];
}

/** The AL2023 AMI type a node group of this instance type would use. */
export function amiTypeFor(instanceType: string): string {
  const family = instanceType.split('.')[0];
  // Graviton families carry a `g` after the generation digit: m7g, c6gn, g5g.
  const graviton = /^[a-z]+\d+[a-z]*g/.test(family);
  if (/^(inf|trn)\d/.test(family)) return 'AL2023_x86_64_NEURON';
  if (/^(g|p)\d/.test(family)) {
    return graviton ? 'AL2023_ARM_64_NVIDIA' : 'AL2023_x86_64_NVIDIA';
  }
  return graviton ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';
}

/** Stable fake ids (vpc-…, sg-…, subnet-…) so a cluster looks the same after a restart. */
function resourceId(prefix: string, seed: string): string {
  return `${prefix}-${createHash('sha256')
    .update(seed)
    .digest('hex')
    .slice(0, 17)}`;
}

/** Builds the stored form of a cluster spec, created now by `creatorArn`. */
export function clusterRecord(
  spec: EksClusterSpec,
  nowMs: number,
  creatorArn: string,
): ClusterRecord {
  const account = SANDBOX_ACCOUNT_ID;
  return {
    name: spec.name,
    arn: `arn:aws:eks:${spec.region}:${account}:cluster/${spec.name}`,
    region: spec.region,
    account,
    version: spec.version,
    endpoint: spec.endpoint,
    caPem: spec.caPem,
    createdAtMs: nowMs,
    tags: { ...spec.tags },
    creatorArn,
    nodegroups: spec.nodegroups.map(ng => nodegroupRecord(spec, ng, nowMs)),
  };
}

/** Builds the stored form of a managed node group of a cluster, created now. */
export function nodegroupRecord(
  cluster: { name: string; region: string },
  ng: EksNodegroupSpec,
  nowMs: number,
): NodegroupRecord {
  return {
    name: ng.name,
    arn: `arn:aws:eks:${cluster.region}:${SANDBOX_ACCOUNT_ID}:nodegroup/${
      cluster.name
    }/${ng.name}/${randomUUID()}`,
    instanceType: ng.instanceType,
    capacityType: ng.capacityType,
    minSize: ng.minSize ?? ng.size,
    maxSize: ng.maxSize ?? ng.size,
    desiredSize: ng.size,
    labels: { ...ng.labels },
    taints: (ng.taints ?? []).map(t => ({ ...t })),
    amiType: ng.amiType ?? amiTypeFor(ng.instanceType),
    createdAtMs: nowMs,
    modifiedAtMs: nowMs,
  };
}

/** restJson1 timestamps are epoch seconds (fractions allowed). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

function subnetIds(c: ClusterRecord): string[] {
  return ['a', 'b', 'c'].map(zone => resourceId('subnet', `${c.arn}/${zone}`));
}

/** The `cluster` of DescribeCluster. */
export function clusterShape(c: ClusterRecord): Record<string, unknown> {
  return {
    name: c.name,
    arn: c.arn,
    createdAt: epochSeconds(c.createdAtMs),
    version: c.version,
    endpoint: c.endpoint,
    roleArn: `arn:aws:iam::${c.account}:role/sandbox-eks-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: subnetIds(c),
      securityGroupIds: [],
      clusterSecurityGroupId: resourceId('sg', c.arn),
      vpcId: resourceId('vpc', c.arn),
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
      publicAccessCidrs: ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: '172.20.0.0/16',
      ipFamily: 'ipv4',
    },
    status: 'ACTIVE',
    certificateAuthority: { data: Buffer.from(c.caPem).toString('base64') },
    platformVersion: 'eks.20',
    tags: { ...c.tags },
    accessConfig: {
      authenticationMode: 'API_AND_CONFIG_MAP',
      bootstrapClusterCreatorAdminPermissions: true,
    },
    health: { issues: [] },
  };
}

/** The `nodegroup` of DescribeNodegroup. */
export function nodegroupShape(
  c: ClusterRecord,
  ng: NodegroupRecord,
): Record<string, unknown> {
  return {
    nodegroupName: ng.name,
    nodegroupArn: ng.arn,
    clusterName: c.name,
    version: c.version,
    createdAt: epochSeconds(ng.createdAtMs),
    modifiedAt: epochSeconds(ng.modifiedAtMs),
    status: 'ACTIVE',
    capacityType: ng.capacityType,
    scalingConfig: {
      minSize: ng.minSize,
      maxSize: ng.maxSize,
      desiredSize: ng.desiredSize,
    },
    instanceTypes: [ng.instanceType],
    subnets: subnetIds(c),
    amiType: ng.amiType,
    nodeRole: `arn:aws:iam::${c.account}:role/sandbox-eks-node-role`,
    labels: { ...ng.labels },
    taints: ng.taints.map(t => ({ ...t })),
    diskSize: 20,
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    tags: { ...c.tags },
  };
}
