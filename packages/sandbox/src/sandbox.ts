import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { SandboxClock } from './clock';
import { renderKubeconfig } from './kubeconfig';
import {
  CertificateAndKey,
  createCertificateAuthority,
  issueServerCertificate,
} from './tls/certificates';
import { KubeObject, SANDBOX_ACCOUNT_ID, SandboxRole } from './types';
import { clusterBootstrapBundle } from '@eks-aiml/plugin-aiml-common';
import { readCatalogFixture } from './world/catalogFixture';
import { ClusterSpec, SANDBOX_CLUSTERS } from './world/clusters';
import { initialClusterObjects } from './world/objects';
import {
  ackBucketClaims,
  AckBucketObject,
  ACK_BUCKET_API_VERSION,
  ACK_BUCKET_KIND,
  ACK_POD_IDENTITY_API_VERSION,
  ACK_REPOSITORY_API_VERSION,
  ackRepositoryClaims,
  ackSyncedStatus,
  AwsFault,
  AwsRequestInfo,
  AwsRequestRecord,
  createAwsRequestHandler,
  EcrState,
  EksState,
  IdentityStore,
  S3State,
  signEksToken,
} from './aws';
import { kubeTime } from './kubernetes/json';
import {
  createKubernetesApiServer,
  KubernetesApiServer,
  KubernetesAuditEvent,
  KubernetesFault,
  KubernetesRequestInfo,
} from './kubernetes';
import { handleAdminRequest } from './adminApi';

/** Where to reach one sandbox cluster, and as whom (its admin). */
export interface SandboxClusterConnection {
  name: string;
  region: string;
  endpoint: string;
  caPem: string;
  /** A cluster-admin bearer token for the Kubernetes API. */
  adminToken: string;
}

/**
 * Everything a process needs to use a running sandbox: what `--out DIR` writes to
 * `DIR/sandbox.json`, and what the portal backend reads with `aiml.sandbox.attach`.
 */
export interface SandboxConnection {
  accountId: string;
  region: string;
  /** The EKS, STS and S3 endpoint (one loopback HTTP server; S3 path-style: `<awsEndpoint>/<bucket>/<key>`). */
  awsEndpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The role the portal assumes, with its external id. */
  portalRole: SandboxRole;
  /** Bearer token of the sandbox's own admin API (`/sandbox/...`: the clock, S3 buckets). */
  adminToken: string;
  clusters: SandboxClusterConnection[];
}

export interface SandboxOptions {
  /** Persist state here (JSON) and restore it at start. */
  statePath?: string;
  /** Port of the AWS endpoint; 0 (any free port) by default. */
  awsPort?: number;
  /**
   * Start the clock at this instant (epoch ms) instead of now, unless restored state
   * says otherwise: e.g. in the days after a planted month, so that what AWS keeps
   * (90 days of spot price history) covers it.
   */
  clockStartMs?: number;
  clusters?: ClusterSpec[];
  /** Told about every EKS, STS and S3 request answered (a request log for tests). */
  onAwsRequest?: (record: AwsRequestRecord) => void;
  /** Fault injection on the AWS endpoint, for tests (throttling, 5xx, slow or dropped answers). */
  awsFault?: (request: AwsRequestInfo) => AwsFault | undefined;
  /** Told about every request a cluster's Kubernetes API server receives (a request log for tests); `path` includes the query. */
  onKubernetesRequest?: (request: {
    cluster: string;
    method: string;
    path: string;
  }) => void;
  /**
   * Told about every authenticated request of a cluster's Kubernetes API server with the
   * user it is attributed to and RBAC's decision (an audit log for tests).
   */
  onKubernetesAudit?: (
    event: KubernetesAuditEvent & { cluster: string },
  ) => void;
  /** Fault injection on the clusters' Kubernetes API servers, for tests (conflicts, throttling, 5xx, slow or dropped answers). */
  kubernetesFault?: (
    request: KubernetesRequestInfo & { cluster: string },
  ) => KubernetesFault | undefined;
  /**
   * Whether new clusters come with the product's cluster bootstrap bundle
   * (deploy/cluster-bootstrap) applied; default true. `false` gives bare clusters,
   * to test installing the bundle.
   */
  bootstrap?: boolean;
}

interface PersistedState {
  version: 1;
  clockOffsetMs: number;
  adminToken: string;
  awsPort: number;
  identities: unknown;
  eks: unknown;
  clusters: Record<
    string,
    { ca: CertificateAndKey; port: number; adminToken: string; store: unknown }
  >;
}

/** The role the portal's backend assumes in the sandbox account. */
export const SANDBOX_PORTAL_ROLE: SandboxRole = {
  arn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/backstage-aiml`,
  externalId: 'eks-aiml-sandbox',
};

const LOOPBACK = '127.0.0.1';
/** The region of the sandbox's credentials and aws.env. */
const SANDBOX_REGION = 'us-east-1';

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

/**
 * An emulated AWS account on loopback: the EKS and STS APIs on one HTTP port and a
 * Kubernetes API server (HTTPS, its own CA) per cluster. Refuses to run in production.
 */
export class Sandbox {
  private saveTimer?: NodeJS.Timeout;

  private constructor(
    readonly clock: SandboxClock,
    private readonly options: SandboxOptions,
    private readonly awsServer: http.Server,
    private readonly kube: Map<
      string,
      {
        server: KubernetesApiServer;
        ca: CertificateAndKey;
        port: number;
        adminToken: string;
      }
    >,
    private readonly identities: IdentityStore,
    private readonly eks: EksState,
    private readonly s3: S3State,
    private readonly adminToken: string,
    private readonly awsPort: number,
  ) {}

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    if (process.env.NODE_ENV === 'production') {
      throw new Error(
        'The sandbox emulates AWS for local use and tests; it refuses to start with NODE_ENV=production.',
      );
    }
    const specs = options.clusters ?? SANDBOX_CLUSTERS;
    const saved = readState(options.statePath);
    const clock = new SandboxClock(
      saved?.clockOffsetMs ??
        (options.clockStartMs === undefined
          ? 0
          : options.clockStartMs - Date.now()),
    );
    const fixture = readCatalogFixture();
    const identities = saved
      ? IdentityStore.fromJSON(saved.identities, clock)
      : IdentityStore.create(clock, [
          SANDBOX_PORTAL_ROLE,
          ...fixture.users
            .filter(u => u.iamRoleArn)
            .map(u => ({ arn: u.iamRoleArn! })),
        ]);
    const adminToken = saved?.adminToken ?? randomBytes(24).toString('hex');

    // Writes happen before the Sandbox object exists; route them to it once it does.
    const saver = { save: () => {} };
    const onChange = () => saver.save();
    // ACK's controllers act on their objects as they change; S3 and ECR exist once the clusters do.
    const s3Ref: { current?: S3State } = {};
    const ackRef: { current?: () => void } = {};
    const onClusterChange = () => {
      onChange();
      s3Ref.current?.sync();
      ackRef.current?.();
    };

    // Kubernetes servers first: EKS's DescribeCluster returns their endpoints.
    const eksRef: { current?: EksState } = {};
    const kube = new Map<
      string,
      {
        server: KubernetesApiServer;
        ca: CertificateAndKey;
        port: number;
        adminToken: string;
      }
    >();
    for (const spec of specs) {
      const prior = saved?.clusters[spec.name];
      const ca = prior?.ca ?? createCertificateAuthority(`${spec.name}-ca`);
      const clusterAdminToken =
        prior?.adminToken ?? randomBytes(24).toString('hex');
      const server = createKubernetesApiServer({
        clusterName: spec.name,
        clock,
        tls: issueServerCertificate(ca, spec.name),
        caCert: ca.cert,
        adminToken: clusterAdminToken,
        eks: {
          verifyToken: (token, cluster) =>
            eksRef.current!.verifyToken(token, cluster),
          accessEntry: (cluster, arn) =>
            eksRef.current!.accessEntry(cluster, arn),
          clusterCreatorArn: cluster =>
            eksRef.current!.clusterCreatorArn(cluster),
        },
        initialObjects: prior
          ? undefined
          : [
              // Bootstrapped as a platform team bootstraps a production cluster.
              ...(options.bootstrap === false
                ? []
                : (clusterBootstrapBundle() as KubeObject[])),
              ...initialClusterObjects(spec, fixture),
            ],
        state: prior?.store,
        onChange: onClusterChange,
        onRequest: options.onKubernetesRequest
          ? (method, requestPath) =>
              options.onKubernetesRequest!({
                cluster: spec.name,
                method,
                path: requestPath,
              })
          : undefined,
        onAudit: options.onKubernetesAudit
          ? event =>
              options.onKubernetesAudit!({ ...event, cluster: spec.name })
          : undefined,
        fault: options.kubernetesFault
          ? request =>
              options.kubernetesFault!({ ...request, cluster: spec.name })
          : undefined,
      });
      const port = await server.listen(prior?.port ?? 0);
      kube.set(spec.name, { server, ca, port, adminToken: clusterAdminToken });
    }

    const awsServer = http.createServer();
    const awsPort = await listen(
      awsServer,
      options.awsPort ?? saved?.awsPort ?? 0,
    );
    const awsEndpoint = `http://${LOOPBACK}:${awsPort}`;
    const eks = saved
      ? EksState.fromJSON(saved.eks, {
          identities,
          clock,
          stsEndpoint: awsEndpoint,
        })
      : EksState.create(
          specs.map(spec => ({
            name: spec.name,
            region: spec.region,
            version: spec.version,
            endpoint: `https://${LOOPBACK}:${kube.get(spec.name)!.port}`,
            caPem: kube.get(spec.name)!.ca.cert,
            nodegroups: spec.nodegroups.filter(ng => !ng.karpenter),
            tags: { 'eks-aiml/sandbox': 'true' },
          })),
          { identities, clock, stsEndpoint: awsEndpoint },
        );
    eksRef.current = eks;
    if (!saved) grantPortalClusterAdmin(eks, specs);
    // Not persisted: objects may be gigabytes, and the state file is one JSON
    // document rewritten on every change. Buckets of ACK objects come back empty.
    const s3 = new S3State({
      clock,
      ackBuckets: () =>
        ackBucketClaims(
          specs.flatMap(spec =>
            ackBucketObjects(spec, kube.get(spec.name)!.server),
          ),
        ),
    });
    s3Ref.current = s3;
    const ecr = new EcrState({
      clock,
      ackRepositories: () =>
        ackRepositoryClaims(
          specs.flatMap(spec =>
            ackObjects(
              spec,
              kube.get(spec.name)!.server,
              ACK_REPOSITORY_API_VERSION,
              'Repository',
            ),
          ),
        ),
    });
    ackRef.current = ackStatusReporter(specs, kube, clock, ecr);
    ackRef.current();
    const aws = createAwsRequestHandler({
      clock,
      identities,
      eks,
      s3,
      ecr,
      onChange,
      onRequest: options.onAwsRequest,
      fault: options.awsFault,
    });
    awsServer.on('request', (req, res) => {
      if (req.url?.startsWith('/sandbox/')) {
        handleAdminRequest(req, res, {
          clock,
          adminToken,
          onChange,
          s3,
          defaultRegion: SANDBOX_REGION,
        });
      } else {
        aws(req, res);
      }
    });

    const sandbox = new Sandbox(
      clock,
      options,
      awsServer,
      kube,
      identities,
      eks,
      s3,
      adminToken,
      awsPort,
    );
    saver.save = () => sandbox.scheduleSave();
    sandbox.saveState();
    return sandbox;
  }

  /** How to reach this sandbox: endpoints, credentials and CAs. */
  connection(): SandboxConnection {
    const admin = this.identities.adminCredential();
    return {
      accountId: SANDBOX_ACCOUNT_ID,
      region: SANDBOX_REGION,
      awsEndpoint: `http://${LOOPBACK}:${this.awsPort}`,
      credentials: {
        accessKeyId: admin.accessKeyId,
        secretAccessKey: admin.secretAccessKey,
      },
      portalRole: SANDBOX_PORTAL_ROLE,
      adminToken: this.adminToken,
      clusters: [...this.kube.entries()].map(([name, k]) => ({
        name,
        region: this.eks.cluster(name)!.region,
        endpoint: `https://${LOOPBACK}:${k.port}`,
        caPem: k.ca.cert,
        adminToken: k.adminToken,
      })),
    };
  }

  /**
   * Creates an S3 bucket outside ACK (in `region`, the sandbox's region by
   * default); an existing bucket is left as it is.
   */
  createBucket(name: string, region: string = SANDBOX_REGION): void {
    this.s3.createBucket(name, region);
  }

  /** Adds an IAM role to the account (a test's own people), so it can be assumed and given access entries. */
  addRole(roleArn: string): void {
    this.identities.addRole({ arn: roleArn });
  }

  /**
   * An EKS token (15 minutes) for a session of one of the account's roles, such as
   * a person's `aiml.eks.aws/iam-role-arn`: tests act as that person on a cluster.
   */
  async eksTokenForRole(roleArn: string, clusterName: string): Promise<string> {
    const session = this.identities.issueRoleCredential({
      roleArn,
      sessionName: 'sandbox-test',
      durationSeconds: 900,
    });
    return signEksToken(
      session,
      clusterName,
      `http://${LOOPBACK}:${this.awsPort}`,
      this.clock,
    );
  }

  /** A kubeconfig with a cluster-admin context per cluster. */
  kubeconfig(): string {
    return renderKubeconfig(
      this.connection().clusters.map(c => ({
        name: c.name,
        endpoint: c.endpoint,
        caPem: c.caPem,
        token: c.adminToken,
      })),
    );
  }

  /** Shell-style environment for the AWS CLI and SDKs. */
  awsEnv(): string {
    const c = this.connection();
    return [
      `AWS_REGION=${c.region}`,
      `AWS_ACCESS_KEY_ID=${c.credentials.accessKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${c.credentials.secretAccessKey}`,
      `AWS_ENDPOINT_URL=${c.awsEndpoint}`,
      '',
    ].join('\n');
  }

  /** Writes kubeconfig, aws.env and sandbox.json (what a backend needs to attach) to a directory. */
  writeOut(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const secret = { mode: 0o600 };
    fs.writeFileSync(path.join(dir, 'kubeconfig'), this.kubeconfig(), secret);
    fs.writeFileSync(path.join(dir, 'aws.env'), this.awsEnv(), secret);
    fs.writeFileSync(
      path.join(dir, 'sandbox.json'),
      `${JSON.stringify(this.connection(), null, 2)}\n`,
      secret,
    );
  }

  /** Writes the state file now (when one was configured). */
  saveState(): void {
    if (!this.options.statePath) return;
    const state: PersistedState = {
      version: 1,
      clockOffsetMs: this.clock.offset(),
      adminToken: this.adminToken,
      awsPort: this.awsPort,
      identities: this.identities.toJSON(),
      eks: this.eks.toJSON(),
      clusters: Object.fromEntries(
        [...this.kube.entries()].map(([name, k]) => [
          name,
          {
            ca: k.ca,
            port: k.port,
            adminToken: k.adminToken,
            store: k.server.store.toJSON(),
          },
        ]),
      ),
    };
    const tmp = `${this.options.statePath}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    fs.renameSync(tmp, this.options.statePath);
  }

  private scheduleSave(): void {
    if (!this.options.statePath || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveState();
    }, 200);
    this.saveTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saveState();
    await Promise.all([
      new Promise<void>(resolve => {
        this.awsServer.close(() => resolve());
        this.awsServer.closeAllConnections();
      }),
      ...[...this.kube.values()].map(k => k.server.close()),
    ]);
  }
}

/**
 * The portal's role reaches every cluster as a platform team would set it up: an
 * access entry with the cluster-admin policy.
 */
function grantPortalClusterAdmin(eks: EksState, specs: ClusterSpec[]) {
  for (const spec of specs) {
    const cluster = eks.requireCluster(spec.name);
    eks.accessEntries.create(cluster, {
      principalArn: SANDBOX_PORTAL_ROLE.arn,
      tags: { 'eks-aiml/purpose': 'backstage-portal' },
    });
    eks.accessEntries.associate(
      spec.name,
      SANDBOX_PORTAL_ROLE.arn,
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      { type: 'cluster' },
    );
  }
}

/** The ACK Bucket objects of a cluster, with what ACK's controller reads besides them. */
function ackBucketObjects(
  spec: ClusterSpec,
  server: KubernetesApiServer,
): AckBucketObject[] {
  return ackObjects(spec, server, ACK_BUCKET_API_VERSION, ACK_BUCKET_KIND);
}

/**
 * What ACK's ECR and EKS controllers do after a change, on the next turn of the
 * event loop (never inside the request that made it): sync ECR's repositories
 * with the Repository objects, then report ACK.ResourceSynced on every
 * Repository and PodIdentityAssociation not reported yet. Its own status writes
 * change nothing more, so the next call finds nothing to do.
 */
function ackStatusReporter(
  specs: ClusterSpec[],
  kube: Map<string, { server: KubernetesApiServer }>,
  clock: SandboxClock,
  ecr: EcrState,
): () => void {
  let pending = false;
  const report = () => {
    pending = false;
    ecr.sync();
    for (const spec of specs) {
      const { server } = kube.get(spec.name)!;
      for (const [apiVersion, kind] of [
        [ACK_REPOSITORY_API_VERSION, 'Repository'],
        [ACK_POD_IDENTITY_API_VERSION, 'PodIdentityAssociation'],
      ]) {
        for (const o of ackObjects(spec, server, apiVersion, kind)) {
          const status = ackSyncedStatus(o, kubeTime(clock.nowMs()));
          if (!status) continue;
          server.store.upsert({
            ...o.object,
            status: { ...(o.object.status as object), ...status },
          });
        }
      }
    }
  };
  return () => {
    if (pending) return;
    pending = true;
    setImmediate(report).unref();
  };
}

/** A cluster's objects of one ACK kind, with what ACK's controllers read besides them. */
function ackObjects(
  spec: ClusterSpec,
  server: KubernetesApiServer,
  apiVersion: string,
  kind: string,
): AckBucketObject[] {
  const { store } = server;
  const def = store.defOf({ apiVersion, kind });
  return store.list(def).map(object => ({
    cluster: spec.name,
    clusterRegion: spec.region,
    object,
    namespaceAnnotations:
      store.find('v1', 'Namespace', object.metadata.namespace ?? '')?.metadata
        .annotations ?? {},
  }));
}

function readState(statePath?: string): PersistedState | undefined {
  if (!statePath || !fs.existsSync(statePath)) return undefined;
  const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
  if (state.version !== 1) {
    throw new Error(
      `${statePath} is not a sandbox state file of version 1; delete it to start afresh`,
    );
  }
  return state;
}
