import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  BUNDLE_VERSION,
  BundleObject,
  bundleObjectDifferences,
  clusterBootstrapBundle,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';
import { describeError } from '../access/describeError';

/** What a cluster's copy of the bundle looked like at one check. */
export interface BundleStatus {
  cluster: string;
  /** Every object there and equal to the bundle's. */
  ok: boolean;
  /** What is missing or differs; or why the check could not be made. */
  differences: string[];
  checkedAt: number;
}

/** How long a check answers for, so a burst of grants reads the cluster once. */
const DEFAULT_MAX_AGE_MS = 60_000;

type Reader = (kc: KubeConfig, o: BundleObject) => Promise<unknown>;

const rbac = (kc: KubeConfig) => makeKubernetesApi(kc, RbacAuthorizationV1Api);
const core = (kc: KubeConfig) => makeKubernetesApi(kc, CoreV1Api);
const admission = (kc: KubeConfig) =>
  makeKubernetesApi(kc, AdmissionregistrationV1Api);
const ns = (o: BundleObject) => o.metadata.namespace!;

/** One read per kind of the bundle (the backend's bundle role allows exactly these). */
const READERS: Record<string, Reader> = {
  Namespace: (kc, o) => core(kc).readNamespace({ name: o.metadata.name }),
  ServiceAccount: (kc, o) =>
    core(kc).readNamespacedServiceAccount({
      name: o.metadata.name,
      namespace: ns(o),
    }),
  ClusterRole: (kc, o) => rbac(kc).readClusterRole({ name: o.metadata.name }),
  ClusterRoleBinding: (kc, o) =>
    rbac(kc).readClusterRoleBinding({ name: o.metadata.name }),
  Role: (kc, o) =>
    rbac(kc).readNamespacedRole({ name: o.metadata.name, namespace: ns(o) }),
  RoleBinding: (kc, o) =>
    rbac(kc).readNamespacedRoleBinding({
      name: o.metadata.name,
      namespace: ns(o),
    }),
  ValidatingAdmissionPolicy: (kc, o) =>
    admission(kc).readValidatingAdmissionPolicy({ name: o.metadata.name }),
  ValidatingAdmissionPolicyBinding: (kc, o) =>
    admission(kc).readValidatingAdmissionPolicyBinding({
      name: o.metadata.name,
    }),
};

/**
 * Checks, read-only, that each cluster carries the cluster bootstrap bundle this
 * release ships (deploy/cluster-bootstrap): the product's roles, the admission
 * policies that keep grants from outliving themselves, the broker's namespace.
 * Grants are refused on a cluster whose copy is missing or differs. The backend
 * needs no right to change its own guard, and never repairs it.
 */
export class ClusterBundleCheck {
  private readonly last = new Map<string, Promise<BundleStatus>>();

  constructor(
    private readonly deps: {
      registry: AimlClusterRegistry;
      logger: LoggerService;
      nowMs: () => number;
      maxAgeMs?: number;
      bundle?: BundleObject[];
    },
  ) {}

  /** Reads the cluster's copy now. */
  async check(cluster: string): Promise<BundleStatus> {
    const { registry, nowMs } = this.deps;
    const bundle = this.deps.bundle ?? clusterBootstrapBundle();
    const checkedAt = nowMs();
    let kc: KubeConfig;
    try {
      kc = await registry.getBackendKubeConfig(cluster);
    } catch (error) {
      return {
        cluster,
        ok: false,
        differences: [`could not reach the cluster: ${describeError(error)}`],
        checkedAt,
      };
    }
    const differences: string[] = [];
    for (const object of bundle) {
      try {
        const live = await READERS[object.kind](kc, object).catch(error => {
          if (error?.code === 404) return undefined;
          throw error;
        });
        differences.push(
          ...bundleObjectDifferences(
            object,
            live === undefined ? undefined : JSON.parse(JSON.stringify(live)),
          ),
        );
      } catch (error) {
        differences.push(
          `${object.kind} ${
            object.metadata.name
          } could not be read: ${describeError(error)}`,
        );
      }
    }
    return { cluster, ok: differences.length === 0, differences, checkedAt };
  }

  /** The latest status, read again when older than the maximum age (one read in flight per cluster). */
  async status(cluster: string): Promise<BundleStatus> {
    const maxAgeMs = this.deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    const cached = this.last.get(cluster);
    if (cached) {
      const settled = await cached;
      if (this.deps.nowMs() - settled.checkedAt < maxAgeMs) return settled;
      if (this.last.get(cluster) !== cached) return this.status(cluster);
    }
    const next = this.check(cluster);
    this.last.set(cluster, next);
    return next;
  }

  /** Throws, naming what differs, unless the cluster carries this release's bundle. */
  async require(cluster: string): Promise<void> {
    const status = await this.status(cluster);
    if (status.ok) return;
    throw new ServiceUnavailableError(
      `Cluster ${cluster} does not carry the portal's cluster bootstrap bundle (version ${BUNDLE_VERSION}), so no access is granted there: ${status.differences
        .slice(0, 10)
        .join('; ')}${
        status.differences.length > 10
          ? ` (and ${status.differences.length - 10} more)`
          : ''
      }. Ask your platform team to apply it: kubectl apply -k deploy/cluster-bootstrap`,
    );
  }

  /** Checks every configured cluster now and logs what differs (start-up and schedule). */
  async checkAll(): Promise<BundleStatus[]> {
    const statuses: BundleStatus[] = [];
    for (const { name } of this.deps.registry.listClusters()) {
      const next = this.check(name);
      this.last.set(name, next);
      const status = await next;
      statuses.push(status);
      if (!status.ok) {
        this.deps.logger.warn(
          `Cluster ${name} does not carry the cluster bootstrap bundle version ${BUNDLE_VERSION}; grants there are refused: ${status.differences.join(
            '; ',
          )}`,
        );
      }
    }
    return statuses;
  }
}
