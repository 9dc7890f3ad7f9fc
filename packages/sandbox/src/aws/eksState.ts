import { SandboxClock } from '../clock';
import { AccessEntry, AwsPrincipal, EksAuthenticator } from '../types';
import {
  ACCESS_POLICY_ARN_PREFIX,
  AccessEntryStore,
  StoredAccessEntry,
} from './eksAccessEntries';
import {
  ClusterRecord,
  clusterRecord,
  EksClusterSpec,
  EksNodegroupSpec,
  NodegroupRecord,
  nodegroupRecord,
} from './eksClusters';
import { EksApiError, notFound } from './eksErrors';
import { verifyEksToken } from './eksToken';
import { IdentityStore, SANDBOX_ADMIN_ARN } from './identities';

/** What the EKS state needs of the rest of the sandbox. */
export interface EksStateDeps {
  identities: IdentityStore;
  clock: SandboxClock;
  /** The sandbox's STS endpoint, which EKS tokens must be presigned for. */
  stsEndpoint: string;
}

/** The persisted form of an {@link EksState}. */
export interface EksStateJSON {
  version: 1;
  clusters: ClusterRecord[];
  accessEntries: StoredAccessEntry[];
}

/**
 * The EKS side of the sandbox account: clusters with their node groups and
 * access entries. It is also how each Kubernetes API server authenticates EKS
 * tokens and finds the caller's access entry.
 */
export class EksState implements EksAuthenticator {
  /** Access entries and their policies; cluster existence is checked by callers. */
  readonly accessEntries: AccessEntryStore;

  private constructor(
    private readonly deps: EksStateDeps,
    private readonly clusterByName: Map<string, ClusterRecord>,
    entries: StoredAccessEntry[],
  ) {
    this.accessEntries = new AccessEntryStore(deps.clock, entries);
  }

  /**
   * Clusters created now by the sandbox admin. As with
   * bootstrapClusterCreatorAdminPermissions, the creator gets an access entry
   * with AmazonEKSClusterAdminPolicy on each.
   */
  static create(specs: EksClusterSpec[], deps: EksStateDeps): EksState {
    const names = new Set<string>();
    for (const spec of specs) {
      if (names.has(spec.name)) {
        // Cluster names are unique per region; the sandbox keeps them unique
        // account-wide so the Kubernetes side can key on the name alone.
        throw new Error(`duplicate cluster name ${spec.name}`);
      }
      names.add(spec.name);
    }
    const nowMs = deps.clock.nowMs();
    const creatorArn = deps.identities.adminCredential().arn;
    const state = new EksState(
      deps,
      new Map(
        specs.map(spec => [spec.name, clusterRecord(spec, nowMs, creatorArn)]),
      ),
      [],
    );
    for (const cluster of state.clusterByName.values()) {
      state.accessEntries.create(cluster, { principalArn: creatorArn });
      state.accessEntries.associate(
        cluster.name,
        creatorArn,
        `${ACCESS_POLICY_ARN_PREFIX}AmazonEKSClusterAdminPolicy`,
        { type: 'cluster' },
      );
    }
    return state;
  }

  /** Restores a state saved with {@link EksState.toJSON}. */
  static fromJSON(json: unknown, deps: EksStateDeps): EksState {
    const state = json as EksStateJSON;
    if (
      typeof state !== 'object' ||
      state === null ||
      state.version !== 1 ||
      !Array.isArray(state.clusters) ||
      !Array.isArray(state.accessEntries) ||
      !state.clusters.every(
        c => typeof c?.name === 'string' && Array.isArray(c.nodegroups),
      ) ||
      !state.accessEntries.every(
        e =>
          typeof e?.clusterName === 'string' &&
          typeof e.principalArn === 'string' &&
          Array.isArray(e.policies),
      )
    ) {
      throw new Error('not a saved sandbox EKS state (version 1)');
    }
    return new EksState(
      deps,
      new Map(state.clusters.map(c => [c.name, structuredClone(c)])),
      state.accessEntries,
    );
  }

  toJSON(): EksStateJSON {
    return {
      version: 1,
      clusters: [...this.clusterByName.values()].map(c => structuredClone(c)),
      accessEntries: this.accessEntries.all(),
    };
  }

  /** A cluster by name; with a region, only if it is in that region (EKS is regional). */
  cluster(name: string, region?: string): ClusterRecord | undefined {
    const c = this.clusterByName.get(name);
    if (!c || (region !== undefined && c.region !== region)) return undefined;
    return structuredClone(c);
  }

  /** A cluster, or EKS's ResourceNotFoundException. */
  requireCluster(name: string, region?: string): ClusterRecord {
    const c = this.cluster(name, region);
    if (!c) throw notFound(`No cluster found for name: ${name}.`);
    return c;
  }

  /**
   * Creates a managed node group (CreateNodegroup), or EKS's
   * ResourceInUseException when the cluster has one of that name. The sandbox
   * starts no nodes for it: the group is ACTIVE at once, with no instances
   * running beyond what its desired size says.
   */
  addNodegroup(
    clusterName: string,
    region: string,
    spec: EksNodegroupSpec,
  ): NodegroupRecord {
    const cluster = this.clusterByName.get(clusterName);
    if (!cluster || cluster.region !== region) {
      throw notFound(`No cluster found for name: ${clusterName}.`);
    }
    if (cluster.nodegroups.some(ng => ng.name === spec.name)) {
      throw new EksApiError(
        409,
        'ResourceInUseException',
        `NodeGroup already exists with name ${spec.name} and cluster name ${clusterName}`,
      );
    }
    const record = nodegroupRecord(cluster, spec, this.deps.clock.nowMs());
    cluster.nodegroups.push(record);
    return structuredClone(record);
  }

  /** Clusters by name; with a region, only that region's. */
  clusters(region?: string): ClusterRecord[] {
    return [...this.clusterByName.values()]
      .filter(c => region === undefined || c.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map(c => structuredClone(c));
  }

  async verifyToken(
    token: string,
    clusterName: string,
  ): Promise<AwsPrincipal | undefined> {
    if (!this.clusterByName.has(clusterName)) return undefined;
    const result = verifyEksToken(token, clusterName, this.deps);
    return result.ok ? result.principal : undefined;
  }

  accessEntry(
    clusterName: string,
    principalArn: string,
  ): AccessEntry | undefined {
    return this.accessEntries.get(clusterName, principalArn);
  }

  clusterCreatorArn(clusterName: string): string {
    return this.clusterByName.get(clusterName)?.creatorArn ?? SANDBOX_ADMIN_ARN;
  }
}
