import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { AimlClusterConfig } from '../config/readAimlConfig';
import { EksToken, signEksToken } from '../eks/eksToken';
import {
  bearerKubeConfig,
  makeKubernetesApi,
} from '../kubernetes/kubernetesApi';
import { AwsClients } from './awsClients';
import { AcceleratorCapacity, NodePoolLike } from './capacity';
import { nodegroupCapacity } from './nodegroupCapacity';
import { nodePoolCapacity } from './nodePoolCapacity';
import { AimlClock } from '../clock/aimlClock';

/**
 * What DescribeCluster tells of a cluster; never credentials.
 *
 * @public
 */
export interface ClusterDescription {
  name: string;
  arn: string;
  region: string;
  version: string;
  status: string;
  endpoint: string;
  /** Base64 PEM of the cluster CA, as EKS returns it. */
  caData: string;
}

/**
 * The configured clusters: the only clusters the product talks to, with their
 * endpoints, the backend's own access to them, and their accelerator capacity.
 *
 * @public
 */
export interface AimlClusterRegistry {
  listClusters(): AimlClusterConfig[];
  /** Throws NotFoundError for a cluster that is not configured. */
  getCluster(name: string): AimlClusterConfig;
  describeCluster(name: string): Promise<ClusterDescription>;
  /** An EKS token for the backend's own identity on the cluster (never log it). */
  getBackendToken(name: string): Promise<EksToken>;
  /** A KubeConfig acting as the backend, CA pinned. */
  getBackendKubeConfig(name: string): Promise<KubeConfig>;
  /**
   * Accelerator capacity by pool, instance type and capacity type: what managed node
   * groups and Karpenter NodePools allow, each figure with its basis and node selector.
   */
  getCapacity(name: string): Promise<AcceleratorCapacity[]>;
  /** The AWS clients (EKS) of a cluster. */
  aws(): AwsClients;
}

const DESCRIBE_TTL_MS = 5 * 60_000;
/** Renew backend tokens this long before they expire. */
const TOKEN_MARGIN_MS = 15_000;

/** @public */
export class DefaultAimlClusterRegistry implements AimlClusterRegistry {
  private readonly described = new Map<
    string,
    { at: number; value: ClusterDescription }
  >();
  private readonly tokens = new Map<string, EksToken>();

  constructor(
    private readonly clusters: AimlClusterConfig[],
    private readonly clients: AwsClients,
    private readonly clock: AimlClock,
  ) {}

  listClusters() {
    return [...this.clusters];
  }

  getCluster(name: string) {
    const cluster = this.clusters.find(c => c.name === name);
    if (!cluster) {
      throw new NotFoundError(
        `cluster "${name}" is not configured; the configured clusters are: ${
          this.clusters.map(c => c.name).join(', ') ||
          'none (see aiml.clusters)'
        }`,
      );
    }
    return cluster;
  }

  aws() {
    return this.clients;
  }

  async describeCluster(name: string): Promise<ClusterDescription> {
    const cluster = this.getCluster(name);
    const cached = this.described.get(name);
    if (cached && Date.now() - cached.at < DESCRIBE_TTL_MS) return cached.value;
    const out = await this.eksCall(cluster, c =>
      c.send(new DescribeClusterCommand({ name })),
    );
    const c = out.cluster;
    if (!c?.endpoint || !c.certificateAuthority?.data) {
      throw new ServiceUnavailableError(
        `EKS returned no endpoint or CA for cluster "${name}" (status ${c?.status})`,
      );
    }
    const value: ClusterDescription = {
      name,
      arn: c.arn ?? '',
      region: cluster.region,
      version: c.version ?? '',
      status: c.status ?? 'UNKNOWN',
      endpoint: c.endpoint,
      caData: c.certificateAuthority.data,
    };
    this.described.set(name, { at: Date.now(), value });
    return value;
  }

  async getBackendToken(name: string): Promise<EksToken> {
    const cluster = this.getCluster(name);
    const now = this.clock.nowMs();
    const cached = this.tokens.get(name);
    if (cached && cached.expiresAtMs - TOKEN_MARGIN_MS > now) return cached;
    const credentials = await this.clients.credentialsFor(cluster)();
    const token = await signEksToken({
      clusterName: name,
      region: cluster.region,
      credentials,
      stsEndpoint: this.clients.stsEndpoint(),
      nowMs: now,
    });
    this.tokens.set(name, token);
    return token;
  }

  async getBackendKubeConfig(name: string): Promise<KubeConfig> {
    const [described, token] = await Promise.all([
      this.describeCluster(name),
      this.getBackendToken(name),
    ]);
    return bearerKubeConfig({
      clusterName: name,
      server: described.endpoint,
      caData: described.caData,
      token: token.token,
      user: 'backstage-aiml',
    });
  }

  async getCapacity(name: string): Promise<AcceleratorCapacity[]> {
    const cluster = this.getCluster(name);
    const listed = await this.eksCall(cluster, c =>
      c.send(new ListNodegroupsCommand({ clusterName: name })),
    );
    const nodegroups = await Promise.all(
      (listed.nodegroups ?? []).map(nodegroupName =>
        this.eksCall(cluster, c =>
          c.send(
            new DescribeNodegroupCommand({ clusterName: name, nodegroupName }),
          ),
        ).then(out => out.nodegroup ?? {}),
      ),
    );
    const api = makeKubernetesApi(
      await this.getBackendKubeConfig(name),
      CustomObjectsApi,
    );
    let nodePools: NodePoolLike[] = [];
    try {
      const list: { items?: NodePoolLike[] } =
        await api.listClusterCustomObject({
          group: 'karpenter.sh',
          version: 'v1',
          plural: 'nodepools',
        });
      nodePools = list.items ?? [];
    } catch (error) {
      // A cluster without Karpenter has no NodePool kind: that is not an error.
      if ((error as { code?: unknown })?.code !== 404) throw error;
    }
    return [...nodegroupCapacity(nodegroups), ...nodePoolCapacity(nodePools)];
  }

  private async eksCall<T>(
    cluster: AimlClusterConfig,
    call: (client: ReturnType<AwsClients['eks']>) => Promise<T>,
  ) {
    try {
      return await call(this.clients.eks(cluster));
    } catch (error) {
      const { name, message } = error as { name?: unknown; message?: unknown };
      if (name === 'ResourceNotFoundException') {
        throw new NotFoundError(
          `EKS has no cluster "${cluster.name}" in ${cluster.region}: ${message}`,
        );
      }
      throw new ServiceUnavailableError(
        `EKS (${cluster.region}) failed for cluster "${cluster.name}": ${
          name ?? 'Error'
        }: ${message ?? error}`,
      );
    }
  }
}
