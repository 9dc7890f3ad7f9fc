/**
 * The Kubernetes API server of one sandbox EKS cluster: HTTPS on loopback,
 * authenticating and authorizing every request like EKS, then routing it to
 * discovery or the object operations.
 */
import https from 'node:https';
import { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AddressInfo } from 'node:net';
import { SandboxClock } from '../clock';
import { EksAuthenticator, KubeObject } from '../types';
import { authenticate, AuthenticationContext } from './authentication';
import { bootstrapRbacObjects } from './defaultRoles';
import {
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery';
import {
  mediaType,
  parseJson,
  parseYamlBody,
  readBody,
  sendJson,
  sendStatus,
  sendText,
} from './http';
import {
  applyObject,
  createDefaultServiceAccount,
  createObject,
  deleteObject,
  getObject,
  listObjects,
  OperationContext,
  patchObject,
  PatchType,
  updateObject,
} from './operations';
import {
  AccessPolicyGrant,
  forbiddenReason,
  isAllowed,
  RbacObjects,
  RequestAttributes,
  UserInfo,
} from './rbac';
import {
  parseRequestInfo,
  RequestInfo,
  ResourceRequestInfo,
} from './requestInfo';
import { ResourceDef, ResourceRegistry, resourceRegistry } from './resources';
import { impersonate, wantsImpersonation } from './impersonation';
import { selfSubjectAccessReview, selfSubjectReview } from './reviews';
import { decodeReviewProtobuf } from './protobuf';
import { openApiDocument } from './openapi/openapiRoutes';
import {
  duplicateFields,
  FieldValidationContext,
  fieldValidationOf,
  warningHeaders,
} from './fieldValidation';
import { syncKueue } from './kueue';
import { syncResourceQuotas } from './quotaController';
import { selfSubjectRulesReview } from './rulesReview';
import { FieldError, KubeStatusError, statusErrors } from './status';
import { ObjectStore } from './store';
import { issueServiceAccountToken } from './tokens';

/** Options of `createKubernetesApiServer`. */
export interface KubernetesApiServerOptions {
  /** The EKS cluster name (EKS tokens must be for it). */
  clusterName: string;
  clock: SandboxClock;
  /** The server certificate (signed by the cluster's CA) and its key, PEM. */
  tls: { cert: string; key: string };
  /** The cluster's CA certificate (PEM): what token Secrets get as `ca.crt`. */
  caCert?: string;
  /** A bearer token that is `kubernetes-admin` in `system:masters`. */
  adminToken: string;
  eks: EksAuthenticator;
  /** Objects a new cluster starts with (namespaces before what lives in them). Ignored when `state` is given. */
  initialObjects?: KubeObject[];
  /** A saved `store.toJSON()` to restore instead of starting afresh. */
  state?: unknown;
  /** Called after every change to the cluster's state (the sandbox persists it). */
  onChange?: () => void;
  /** The Kubernetes minor version `/version` reports; `1.31` by default. */
  kubernetesVersion?: string;
  /** Told about every request received, before it is authenticated: a request log for tests. `path` includes the query. */
  onRequest?: (method: string, path: string) => void;
  /** Fault injection for tests: may slow down, fail or drop an authenticated and authorized request. */
  fault?: (request: KubernetesRequestInfo) => KubernetesFault | undefined;
  /**
   * Told about every authenticated request with the user it is attributed to (after
   * impersonation) and RBAC's decision, as a Kubernetes audit log would record them.
   */
  onAudit?: (event: KubernetesAuditEvent) => void;
}

/** One authenticated request as the audit hook sees it. */
export interface KubernetesAuditEvent extends KubernetesRequestInfo {
  /** The path with its query (label selectors included). */
  requestURI: string;
  /** The username the request is attributed to, e.g. `system:serviceaccount:ns:name`. */
  user: string;
  groups: string[];
  /** Whether RBAC (and access policies) allowed it; a denied request was answered 403. */
  allowed: boolean;
}

/** An authenticated and authorized request, as fault injection sees it. */
export interface KubernetesRequestInfo {
  method: string;
  /** The path, without the query. */
  path: string;
  /** The Kubernetes verb: `get`, `list`, `create`, `update`, `patch`, `delete`, … */
  verb: string;
  /** The resource, e.g. `serviceaccounts`; undefined for paths that are no resource (discovery). */
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** What an injected fault does to one Kubernetes request. */
export interface KubernetesFault {
  /** Answer this much later. */
  delayMs?: number;
  /** Answer with this Status, e.g. `{code: 409, reason: 'AlreadyExists'}` or `{code: 429, reason: 'TooManyRequests'}`. */
  status?: { code: number; reason: string; message?: string };
  /** Close the connection without answering. */
  drop?: boolean;
  /** Serve the request first, then fail or drop it: the client cannot tell it was applied. */
  afterApplying?: boolean;
}

/** A running (or ready to run) sandbox Kubernetes API server. */
export interface KubernetesApiServer {
  /** Starts listening on 127.0.0.1 (any free port by default); resolves to the port. */
  listen(port?: number): Promise<number>;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
  /** The cluster's objects: read or seed them directly in tests. */
  store: ObjectStore;
  /** `https://127.0.0.1:<port>`; throws before `listen`. */
  url(): string;
}

const LOOPBACK = '127.0.0.1';
/** Paths anyone may read without credentials (system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
const BODY_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
];
const PATCH_MEDIA_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

interface Caller {
  user: UserInfo;
  grants: AccessPolicyGrant[];
}

function rbacObjects(
  store: ObjectStore,
  registry: ResourceRegistry,
): RbacObjects {
  const list = (plural: string) =>
    store.list(registry.byResource('rbac.authorization.k8s.io', 'v1', plural)!);
  return {
    roles: list('roles'),
    roleBindings: list('rolebindings'),
    clusterRoles: list('clusterroles'),
    clusterRoleBindings: list('clusterrolebindings'),
  };
}

function attributesOf(info: RequestInfo): RequestAttributes {
  if (info.type === 'nonResource') return { verb: info.verb, path: info.path };
  return {
    verb: info.verb,
    group: info.group,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    namespace: info.namespace,
  };
}

function faultInfo(
  info: RequestInfo,
  method: string,
  path: string,
): KubernetesRequestInfo {
  if (info.type === 'nonResource') return { method, path, verb: info.verb };
  const { verb, resource, subresource, namespace, name } = info;
  return { method, path, verb, resource, subresource, namespace, name };
}

function forbidden(
  info: RequestInfo,
  attrs: RequestAttributes,
  user: UserInfo,
): KubeStatusError {
  const reason = forbiddenReason(attrs, user);
  if (info.type === 'nonResource') {
    return new KubeStatusError(403, 'Forbidden', `forbidden: ${reason}`, {});
  }
  return statusErrors.forbidden(
    { group: info.group, plural: info.resource },
    info.name,
    reason,
  );
}

/** `?dryRun=`: only `All` is valid (422 otherwise, as the options are validated). */
function dryRunOf(query: URLSearchParams, optionsKind: string): boolean {
  const values = query.getAll('dryRun');
  const errs: FieldError[] = values
    .filter(v => v !== 'All')
    .map(v => ({
      type: 'NotSupported',
      field: 'dryRun',
      value: v,
      detail: 'supported values: "All"',
    }));
  if (errs.length > 0) {
    throw statusErrors.invalid(
      { group: 'meta.k8s.io', kind: optionsKind },
      '',
      errs,
    );
  }
  return values.includes('All');
}

function patchOptionsInvalid(errs: FieldError[]): KubeStatusError {
  return statusErrors.invalid(
    { group: 'meta.k8s.io', kind: 'PatchOptions' },
    '',
    errs,
  );
}

/** The default field manager: the User-Agent up to its first `/`, as the real API server takes it. */
function managerOf(req: IncomingMessage, query: URLSearchParams): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const ua = (req.headers['user-agent'] ?? '').split('/')[0].trim();
  return ua || 'unknown';
}

/** The field validation of a write; reads and deletes have none to do. */
function fieldsOf(
  query: URLSearchParams,
  optionsKind: string,
  write: FieldValidationContext['write'],
): FieldValidationContext {
  const writes = ['CreateOptions', 'UpdateOptions', 'PatchOptions'];
  return {
    directive: writes.includes(optionsKind)
      ? fieldValidationOf(query, optionsKind)
      : 'Ignore',
    write,
    duplicates: [],
    warnings: [],
  };
}

/** The response, with a `Warning` header for each field validation warning. */
function withWarnings(
  res: ServerResponse,
  fields: FieldValidationContext,
): ServerResponse {
  if (fields.warnings.length) {
    res.setHeader('Warning', warningHeaders(fields.warnings));
  }
  return res;
}

/**
 * Creates the Kubernetes API server of a sandbox cluster (not yet listening).
 * A new cluster gets the bootstrap RBAC objects, `initialObjects`, and a
 * `default` ServiceAccount in every namespace.
 */
export function createKubernetesApiServer(
  options: KubernetesApiServerOptions,
): KubernetesApiServer {
  const registry = resourceRegistry;
  const { clock } = options;
  const store = options.state
    ? ObjectStore.fromJSON(options.state, { clock, registry })
    : new ObjectStore({ clock, registry });
  seed(
    store,
    registry,
    clock,
    options.state ? [] : options.initialObjects ?? [],
  );
  // Start-up seeding is not a change worth persisting by itself.
  store.onChange = options.onChange;

  const authContext: AuthenticationContext = {
    clusterName: options.clusterName,
    adminToken: options.adminToken,
    eks: options.eks,
    store,
    clock,
    registry,
  };
  const kubernetesVersion = options.kubernetesVersion ?? '1.31';
  let port: number | undefined;

  const server = https.createServer(
    { cert: options.tls.cert, key: options.tls.key },
    (req, res) => {
      handle(req, res).catch(() => {
        // handle() answers every error itself; this only guards a broken socket.
        if (!res.headersSent) res.destroy();
      });
    },
  );

  // Idle connections stay open as long as kube-apiserver keeps them (its http.Server
  // IdleTimeout, 90 s: k8s.io/apiserver pkg/server/secure_serving.go), not Node's 5 s:
  // a client's kept-alive connection would otherwise be reset under a request it sends
  // just as the server drops it (ECONNRESET), which a real cluster does not do.
  server.keepAliveTimeout = 90_000;
  server.headersTimeout = 91_000;

  // Requests Node cannot even parse (unknown methods, broken headers) still get a Status.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && err.code !== 'ECONNRESET') {
      const body = JSON.stringify(
        statusErrors.badRequest('the request could not be parsed').toStatus(),
      );
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(
          body,
        )}\r\nconnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    try {
      options.onRequest?.((req.method ?? 'GET').toUpperCase(), req.url ?? '/');
      await route(req, res);
    } catch (e) {
      const err =
        e instanceof KubeStatusError
          ? e
          : statusErrors.internal(e instanceof Error ? e.message : String(e));
      sendStatus(res, err);
    }
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://localhost');
    } catch {
      throw statusErrors.badRequest('the request URL is not valid');
    }
    const query = url.searchParams;
    const watch = ['true', '1'].includes(query.get('watch') ?? '');

    const authn = await authenticate(req.headers.authorization, authContext);
    if (authn.type === 'invalid') throw statusErrors.unauthorized();
    const info = parseRequestInfo(method, url.pathname, watch);
    if (
      authn.type === 'anonymous' &&
      !(info.type === 'nonResource' && PUBLIC_PATHS.has(info.path))
    ) {
      throw statusErrors.unauthorized();
    }
    let caller: Caller = {
      user: authn.user,
      grants: authn.type === 'authenticated' ? authn.grants : [],
    };
    if (wantsImpersonation(req.headers)) {
      const real = caller;
      // The impersonated identity has only what RBAC gives it (no access policies).
      caller = {
        user: impersonate(req.headers, real.user, a =>
          isAllowed(a, real.user, rbacObjects(store, registry), real.grants),
        ),
        grants: [],
      };
    }
    const attrs = attributesOf(info);
    const allowed = isAllowed(
      attrs,
      caller.user,
      rbacObjects(store, registry),
      caller.grants,
    );
    options.onAudit?.({
      ...faultInfo(info, method, url.pathname),
      requestURI: req.url ?? '/',
      user: caller.user.username,
      groups: [...caller.user.groups],
      allowed,
    });
    if (!allowed) {
      throw forbidden(info, attrs, caller.user);
    }
    const serve = async (to: ServerResponse) => {
      if (info.type === 'nonResource') {
        serveNonResource(info.path, method, req.headers.accept, to);
      } else await serveResource(info, method, query, req, to, caller);
    };
    const fault = options.fault?.(faultInfo(info, method, url.pathname));
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (!fault?.status && !fault?.drop) {
      await serve(res);
      return;
    }
    if (fault.afterApplying) {
      // Served into an answer nobody reads; whatever it said, the fault answers instead.
      await serve(new ServerResponse(req)).catch(() => undefined);
    }
    if (fault.drop) {
      res.destroy();
      return;
    }
    const { code, reason, message } = fault.status!;
    throw new KubeStatusError(
      code,
      reason,
      message ?? `Injected fault: ${reason}`,
      info.type === 'resource'
        ? { ...(info.name ? { name: info.name } : {}), kind: info.resource }
        : {},
    );
  }

  function serveNonResource(
    path: string,
    method: string,
    accept: string | undefined,
    res: ServerResponse,
  ): void {
    if (method !== 'GET' && method !== 'HEAD')
      throw statusErrors.methodNotAllowed();
    const parts = path.split('/').filter(Boolean);
    if (['healthz', 'livez', 'readyz'].includes(parts[0])) {
      sendText(res, 200, 'ok');
      return;
    }
    if (parts[0] === 'openapi') {
      sendJson(
        res,
        200,
        openApiDocument(registry, parts, accept, kubernetesVersion),
      );
      return;
    }
    let doc: unknown;
    if (path === '/version') doc = versionInfo(kubernetesVersion);
    else if (path === '/api') doc = apiVersions(`${LOOPBACK}:${port ?? 443}`);
    else if (path === '/apis') doc = apiGroupList(registry);
    else if (parts[0] === 'api' && parts.length === 2)
      doc = apiResourceList(registry, '', parts[1]);
    else if (parts[0] === 'apis' && parts.length === 2)
      doc = apiGroupDocument(registry, parts[1]);
    else if (parts[0] === 'apis' && parts.length === 3) {
      doc = apiResourceList(registry, parts[1], parts[2]);
    }
    if (doc === undefined) throw statusErrors.noRoute();
    sendJson(res, 200, doc);
  }

  async function readObjectBody(
    req: IncomingMessage,
    kind: string,
    fields?: FieldValidationContext,
  ): Promise<unknown> {
    const type = mediaType(req.headers['content-type']);
    if (type !== '' && !BODY_MEDIA_TYPES.slice(0, 2).includes(type)) {
      throw statusErrors.unsupportedMediaType(BODY_MEDIA_TYPES);
    }
    const body = await readBody(req);
    fields?.duplicates.push(...duplicateFields(body.toString('utf8')));
    const onError = (message: string) =>
      statusErrors.badRequest(
        `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${message}`,
      );
    return type === 'application/yaml'
      ? parseYamlBody(body, onError)
      : parseJson(body, onError);
  }

  async function serveResource(
    info: ResourceRequestInfo,
    method: string,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
  ): Promise<void> {
    const def = registry.byResource(info.group, info.version, info.resource);
    if (!def || info.extraParts) throw statusErrors.noRoute();
    if (info.verb === 'watch') {
      throw statusErrors.methodNotAllowed(
        "watch is not supported by the sandbox's Kubernetes API server: list instead",
      );
    }
    if (def.virtual) {
      await serveReview(def, info, method, req, res, caller);
      return;
    }
    const isNamespaceObject = def.group === '' && def.plural === 'namespaces';
    const namespace = def.namespaced ? info.namespace : undefined;
    if (def.namespaced && !info.namespace) {
      // Across all namespaces there is only the list.
      if (info.name !== undefined) throw statusErrors.noRoute();
      if (method !== 'GET' && method !== 'HEAD')
        throw statusErrors.methodNotAllowed();
    }
    if (
      !def.namespaced &&
      info.namespace !== undefined &&
      !(isNamespaceObject && info.name === info.namespace)
    ) {
      throw statusErrors.noRoute();
    }
    const { name, subresource } = info;
    if (subresource !== undefined) {
      const statusOk = subresource === 'status' && def.statusSubresource;
      const tokenOk =
        subresource === 'token' &&
        def.group === '' &&
        def.plural === 'serviceaccounts';
      if (!statusOk && !tokenOk) throw statusErrors.noRoute();
      if (tokenOk && method !== 'POST') throw statusErrors.methodNotAllowed();
      if (statusOk && !['GET', 'HEAD', 'PUT', 'PATCH'].includes(method)) {
        throw statusErrors.methodNotAllowed();
      }
    }
    const ctx = (optionsKind: string): OperationContext => ({
      store,
      clock,
      registry,
      dryRun: dryRunOf(query, optionsKind),
      manager: managerOf(req, query),
      fields: fieldsOf(query, optionsKind, 'decode'),
      user: caller.user,
      caCert: options.caCert,
    });

    switch (method) {
      case 'GET':
      case 'HEAD': {
        if (name !== undefined) {
          sendJson(
            res,
            200,
            getObject(ctx('GetOptions'), def, namespace, name),
          );
          return;
        }
        const limit = Number(query.get('limit') ?? 0);
        sendJson(
          res,
          200,
          listObjects(ctx('ListOptions'), def, namespace, {
            labelSelector: query.get('labelSelector') ?? undefined,
            fieldSelector: query.get('fieldSelector') ?? undefined,
            limit:
              Number.isFinite(limit) && limit > 0
                ? Math.floor(limit)
                : undefined,
            continueToken: query.get('continue') ?? undefined,
          }),
        );
        return;
      }
      case 'POST': {
        if (subresource === 'token') {
          const c = ctx('CreateOptions');
          const body = await readObjectBody(req, 'TokenRequest');
          sendJson(
            res,
            201,
            issueServiceAccountToken(
              store,
              clock,
              namespace!,
              name!,
              body,
              c.dryRun,
            ),
          );
          return;
        }
        if (name !== undefined) throw statusErrors.methodNotAllowed();
        const c = ctx('CreateOptions');
        const body = await readObjectBody(req, def.kind, c.fields);
        const created = createObject(c, def, namespace, body);
        sendJson(withWarnings(res, c.fields), 201, created);
        return;
      }
      case 'PUT': {
        if (name === undefined) throw statusErrors.methodNotAllowed();
        const c = ctx('UpdateOptions');
        const body = await readObjectBody(req, def.kind, c.fields);
        const updated = updateObject(
          c,
          def,
          namespace,
          name,
          body,
          subresource,
        );
        sendJson(withWarnings(res, c.fields), 200, updated);
        return;
      }
      case 'PATCH': {
        if (name === undefined) throw statusErrors.methodNotAllowed();
        await servePatch(
          def,
          namespace,
          name,
          subresource,
          query,
          req,
          res,
          caller,
        );
        return;
      }
      case 'DELETE': {
        if (name === undefined) {
          throw statusErrors.methodNotAllowed(
            "deletecollection is not supported by the sandbox's Kubernetes API server: delete each object",
          );
        }
        const c = ctx('DeleteOptions');
        const raw = await readBody(req);
        let deleteOptions: unknown;
        if (raw.length > 0) {
          deleteOptions = parseJson(raw, m =>
            statusErrors.badRequest(
              `the object provided is unrecognized (must be of type DeleteOptions): couldn't get version/kind; json parse error: ${m}`,
            ),
          );
        }
        sendJson(
          res,
          200,
          deleteObject(c, def, namespace, name, deleteOptions),
        );
        return;
      }
      default:
        throw statusErrors.methodNotAllowed();
    }
  }

  async function servePatch(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
  ): Promise<void> {
    const accepted = Object.keys(PATCH_MEDIA_TYPES).filter(
      t => !(def.custom && t.startsWith('application/strategic')),
    );
    const type = mediaType(req.headers['content-type']);
    if (!accepted.includes(type))
      throw statusErrors.unsupportedMediaType(accepted);
    const patchType = PATCH_MEDIA_TYPES[type];
    const force = query.get('force');
    const fieldManager = query.get('fieldManager') ?? '';
    if (patchType === 'apply' && fieldManager === '') {
      throw patchOptionsInvalid([
        {
          type: 'Required',
          field: 'fieldManager',
          detail: 'is required for apply patch',
        },
      ]);
    }
    if (patchType !== 'apply' && force !== null) {
      throw patchOptionsInvalid([
        {
          type: 'Forbidden',
          field: 'force',
          detail: 'may not be specified for non-apply patch',
        },
      ]);
    }
    const c: OperationContext = {
      store,
      clock,
      registry,
      dryRun: dryRunOf(query, 'PatchOptions'),
      manager: managerOf(req, query),
      fields: fieldsOf(
        query,
        'PatchOptions',
        patchType === 'apply' ? 'decode' : 'patch',
      ),
      user: caller.user,
      caCert: options.caCert,
    };
    const body = await readBody(req);
    c.fields.duplicates.push(...duplicateFields(body.toString('utf8')));
    if (patchType === 'apply') {
      const config = parseYamlBody(body, m =>
        statusErrors.badRequest(`error decoding YAML: ${m}`),
      );
      const { object, created } = applyObject(
        c,
        def,
        namespace,
        name,
        config,
        force === 'true' || force === '1',
        subresource,
      );
      sendJson(withWarnings(res, c.fields), created ? 201 : 200, object);
      return;
    }
    const patch = parseJson(body, m =>
      statusErrors.badRequest(`error decoding patch: ${m}`),
    );
    const patched = patchObject(
      c,
      def,
      namespace,
      name,
      patchType,
      patch,
      subresource,
    );
    sendJson(withWarnings(res, c.fields), 200, patched);
  }

  async function serveReview(
    def: ResourceDef,
    info: ResourceRequestInfo,
    method: string,
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
  ): Promise<void> {
    if (
      method !== 'POST' ||
      info.name !== undefined ||
      info.namespace !== undefined
    ) {
      throw statusErrors.methodNotAllowed();
    }
    const body =
      mediaType(req.headers['content-type']) === BODY_MEDIA_TYPES[2]
        ? decodeReviewProtobuf(await readBody(req), def.kind)
        : await readObjectBody(req, def.kind);
    if (def.kind === 'SelfSubjectReview') {
      sendJson(res, 201, selfSubjectReview(caller.user, clock.nowMs()));
      return;
    }
    if (def.kind === 'SelfSubjectRulesReview') {
      sendJson(
        res,
        201,
        selfSubjectRulesReview(
          body,
          caller.user,
          rbacObjects(store, registry),
          caller.grants.length > 0,
          clock.nowMs(),
        ),
      );
      return;
    }
    sendJson(
      res,
      201,
      selfSubjectAccessReview(
        body,
        attrs =>
          isAllowed(
            attrs,
            caller.user,
            rbacObjects(store, registry),
            caller.grants,
          ),
        clock.nowMs(),
      ),
    );
  }

  return {
    store,
    listen(requested = 0) {
      return new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(requested, LOOPBACK, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          resolve(port);
        });
      });
    },
    close() {
      return new Promise<void>(resolve => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    url() {
      if (port === undefined)
        throw new Error('the Kubernetes API server is not listening');
      return `https://${LOOPBACK}:${port}`;
    },
  };
}

/**
 * Fills a store at start-up: the initial objects of a new cluster, the
 * bootstrap RBAC objects when missing (the real API server reconciles them too),
 * a `default` ServiceAccount per namespace, and what Kueue makes of the objects.
 */
function seed(
  store: ObjectStore,
  registry: ResourceRegistry,
  clock: SandboxClock,
  initialObjects: KubeObject[],
): void {
  const namespaces = registry.byResource('', 'v1', 'namespaces')!;
  for (const obj of initialObjects) {
    const def = store.defOf(obj);
    const ns = obj.metadata.namespace;
    if (def.namespaced && (!ns || !store.get(namespaces, undefined, ns))) {
      throw new Error(
        `initial object ${obj.kind} ${ns ?? '(no namespace)'}/${
          obj.metadata.name
        } is in a namespace that does not exist (yet): list namespaces first`,
      );
    }
    store.upsert(obj);
  }
  for (const obj of bootstrapRbacObjects(registry)) {
    if (!store.get(store.defOf(obj), undefined, obj.metadata.name))
      store.upsert(obj);
  }
  for (const ns of store.list(namespaces)) {
    createDefaultServiceAccount(store, clock, registry, ns.metadata.name);
    syncResourceQuotas(store, registry, ns.metadata.name);
  }
  syncKueue(store, registry, clock);
}
