/**
 * The object operations behind the REST verbs (create, get, list, update,
 * patch, server-side apply, delete), on the store and independent of HTTP.
 * They manage server-owned metadata (uid, resourceVersion, creationTimestamp,
 * generation, managedFields) and throw Status errors as the real API server would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SandboxClock } from '../clock';
import { KubeObject } from '../types';
import {
  AdmissionAttributes,
  applyDefaults,
  mutatingAdmission,
  validatingAdmission,
} from './admission';
import {
  applyConfiguration,
  recordUpdate,
  SERVER_SET_METADATA,
  WriteContext,
} from './fieldManager';
import { isPlainObject, jsonClone, jsonEqual, kubeTime } from './json';
import { applyJsonPatch, applyMergePatch, PatchError } from './patch';
import { apiVersionOf, ResourceDef, ResourceRegistry } from './resources';
import {
  matchesFields,
  matchesRequirements,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';
import { affectsKueue, syncKueue } from './kueue';
import { affectsQuotas, syncResourceQuotas } from './quotaController';
import { KubeStatusError, statusErrors } from './status';
import { UserInfo } from './rbac';
import { ObjectStore } from './store';
import {
  deleteServiceAccountTokenSecrets,
  syncTokenSecret,
} from './tokenController';
import { checkDecodable, validateObject } from './validation';
import { FieldValidationContext } from './fieldValidation';

/** What every operation needs. */
export interface OperationContext {
  store: ObjectStore;
  clock: SandboxClock;
  registry: ResourceRegistry;
  /** `?dryRun=All`: validate and answer, but store nothing. */
  dryRun: boolean;
  /** The field manager of writes (`?fieldManager=`, else from the User-Agent). */
  manager: string;
  /** `?fieldValidation=`: what unknown and duplicate fields of the write get, and the warnings answered. */
  fields: FieldValidationContext;
  /** Who writes: writes go through admission (ServiceAccount, ValidatingAdmissionPolicies) when set. */
  user?: UserInfo;
  /** The cluster CA (PEM) the token controller puts into token Secrets. */
  caCert?: string;
}

/** The kinds of patch the server understands. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** List query parameters. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

function namespacesDef(ctx: OperationContext): ResourceDef {
  return ctx.registry.byResource('', 'v1', 'namespaces')!;
}

function writeContext(ctx: OperationContext, def: ResourceDef): WriteContext {
  return {
    manager: ctx.manager,
    apiVersion: apiVersionOf(def),
    time: kubeTime(ctx.clock.nowMs()),
  };
}

/** 404 `namespaces "x" not found` unless the namespace exists (NamespaceLifecycle admission). */
function requireNamespace(ctx: OperationContext, namespace: string): void {
  const def = namespacesDef(ctx);
  if (!ctx.store.get(def, undefined, namespace)) {
    throw statusErrors.notFound(def, namespace);
  }
}

/**
 * Runs one admission phase on a write: `mutate` before object validation,
 * `validate` after it, as the real API server orders them.
 */
function admit(
  ctx: OperationContext,
  phase: 'mutate' | 'validate',
  def: ResourceDef,
  namespace: string | undefined,
  object: KubeObject,
  oldObject?: KubeObject,
  subresource?: string,
): void {
  if (!ctx.user) return;
  const attrs: AdmissionAttributes = {
    store: ctx.store,
    registry: ctx.registry,
    user: ctx.user,
    operation: oldObject ? 'UPDATE' : 'CREATE',
    def,
    namespace,
    object,
    oldObject,
    subresource,
    dryRun: ctx.dryRun,
  };
  if (phase === 'mutate') mutatingAdmission(attrs);
  else validatingAdmission(attrs);
}

function getExisting(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const obj = ctx.store.get(def, namespace, name);
  if (!obj) throw statusErrors.notFound(def, name);
  return obj;
}

function truncated(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > 100 ? `${text.slice(0, 100)} ...` : text;
}

/**
 * Checks apiVersion and kind of a body against the URL's. Built-in kinds may
 * omit them (the URL supplies them); custom kinds may not, as unstructured decoding needs them.
 */
function checkTypeMeta(def: ResourceDef, obj: Record<string, unknown>): void {
  const expected = apiVersionOf(def);
  if (def.custom && (obj.apiVersion === undefined || obj.kind === undefined)) {
    throw statusErrors.badRequest(
      `Object '${
        obj.kind === undefined ? 'Kind' : 'apiVersion'
      }' is missing in '${truncated(obj)}'`,
    );
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    throw statusErrors.badRequest(
      `the API version in the data (${String(
        obj.apiVersion,
      )}) does not match the expected API version (${expected})`,
    );
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw statusErrors.badRequest(
      `the kind in the data (${String(
        obj.kind,
      )}) does not match the expected kind (${def.kind})`,
    );
  }
  obj.apiVersion = expected;
  obj.kind = def.kind;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
}

/** Decodes a body into an object of the URL's kind, in the URL's namespace. */
function decodeObject(
  def: ResourceDef,
  body: unknown,
  namespace: string | undefined,
): KubeObject {
  checkDecodable(def, body);
  const obj = jsonClone(body) as Record<string, unknown>;
  checkTypeMeta(def, obj);
  const meta = obj.metadata as KubeObject['metadata'];
  if (def.namespaced) {
    if (meta.namespace && meta.namespace !== namespace) {
      throw statusErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = namespace;
  } else {
    delete meta.namespace;
  }
  return obj as KubeObject;
}

function checkName(obj: KubeObject, name: string): void {
  if (obj.metadata.name !== name) {
    throw statusErrors.badRequest(
      `the name of the object (${
        obj.metadata.name ?? ''
      }) does not match the name on the URL (${name})`,
    );
  }
}

/** The random suffix `generateName` gets, from the same alphabet as upstream. */
function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map(b => alphabet[b % alphabet.length]).join('');
}

/** Defaults some kinds get on creation (what their strategies and controllers set). */
function applyCreateDefaults(def: ResourceDef, obj: KubeObject): void {
  if (def.statusSubresource) delete obj.status;
  if (def.group !== '') return;
  if (def.kind === 'Namespace') {
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    obj.spec = { finalizers: ['kubernetes'], ...spec };
    obj.status = { phase: 'Active' };
  } else if (def.kind === 'Pod') {
    obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
  }
}

/** Labels the API server keeps on some kinds whatever the client sends. */
function applyForcedLabels(def: ResourceDef, obj: KubeObject): void {
  if (def.group === '' && def.kind === 'Namespace' && obj.metadata.name) {
    obj.metadata.labels = {
      ...obj.metadata.labels,
      'kubernetes.io/metadata.name': obj.metadata.name,
    };
  }
}

function stripServerMetadata(obj: KubeObject): void {
  for (const k of SERVER_SET_METADATA) delete obj.metadata[k];
}

/** What changes `metadata.generation`: anything but metadata and status. */
function specOf(obj: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/** An object without what changes on every write: resourceVersion and managedFields times. */
function withoutVolatile(obj: KubeObject): unknown {
  const copy = jsonClone(obj);
  delete copy.metadata.resourceVersion;
  if (Array.isArray(copy.metadata.managedFields)) {
    copy.metadata.managedFields = copy.metadata.managedFields.map(e =>
      isPlainObject(e) ? { ...e, time: undefined } : e,
    );
  }
  return copy;
}

/** Stores a new object with the metadata the server manages. */
function commitCreate(
  ctx: OperationContext,
  def: ResourceDef,
  obj: KubeObject,
  managedFields: unknown,
): KubeObject {
  const created = jsonClone(obj);
  created.metadata.uid = randomUUID();
  created.metadata.creationTimestamp = kubeTime(ctx.clock.nowMs());
  created.metadata.generation = 1;
  if (Array.isArray(managedFields) && managedFields.length > 0) {
    created.metadata.managedFields = managedFields;
  } else {
    delete created.metadata.managedFields;
  }
  if (ctx.dryRun) return created;
  created.metadata.resourceVersion = ctx.store.nextResourceVersion();
  const stored = ctx.store.write(created);
  if (def.group === '' && def.kind === 'Namespace') {
    createDefaultServiceAccount(
      ctx.store,
      ctx.clock,
      ctx.registry,
      stored.metadata.name,
    );
  }
  if (def.group === '' && def.kind === 'Secret') {
    // The token controller acts after the create: the answer is the Secret as
    // created, a later read sees the token (or no Secret, when its ServiceAccount is missing).
    syncTokenSecret(ctx.store, ctx.registry, ctx.clock, stored, ctx.caCert);
  }
  syncQuotasAfter(ctx, def, stored.metadata.namespace);
  return stored;
}

/**
 * The quota controller acts after a pod or a quota changed, Kueue after what
 * it watches: the answer is the object as written, a later read sees what the
 * controllers made of it.
 */
function syncQuotasAfter(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
): void {
  if (namespace && affectsQuotas(def)) {
    syncResourceQuotas(ctx.store, ctx.registry, namespace);
  }
  // Kueue acts on the same write: the answer is the object as written.
  if (affectsKueue(def)) syncKueue(ctx.store, ctx.registry, ctx.clock);
}

/**
 * The `default` ServiceAccount of a namespace, which the ServiceAccount
 * controller of a real cluster creates for every namespace.
 */
export function createDefaultServiceAccount(
  store: ObjectStore,
  clock: SandboxClock,
  registry: ResourceRegistry,
  namespace: string,
): void {
  const def = registry.byResource('', 'v1', 'serviceaccounts')!;
  if (store.get(def, namespace, 'default')) return;
  store.write({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: 'default',
      namespace,
      uid: randomUUID(),
      creationTimestamp: kubeTime(clock.nowMs()),
      resourceVersion: store.nextResourceVersion(),
    },
  });
}

/**
 * Stores an updated object: keeps what the client may not change, validates,
 * and skips the write (no new resourceVersion) when nothing changed.
 */
function commitUpdate(
  ctx: OperationContext,
  def: ResourceDef,
  existing: KubeObject,
  updated: KubeObject,
  opts: { subresource?: string; managedFields?: unknown } = {},
): KubeObject {
  const requestedVersion = updated.metadata.resourceVersion;
  let next = jsonClone(updated);
  if (opts.subresource === 'status') {
    // Writes to /status change the status and nothing else.
    next = { ...jsonClone(existing), status: next.status };
  } else if (def.statusSubresource) {
    // Writes to the main resource cannot change the status.
    if (existing.status === undefined) delete next.status;
    else next.status = jsonClone(existing.status);
  }
  if (
    requestedVersion &&
    requestedVersion !== existing.metadata.resourceVersion
  ) {
    throw statusErrors.staleResourceVersion(def, existing.metadata.name);
  }
  stripServerMetadata(next);
  for (const k of ['uid', 'creationTimestamp', 'generation']) {
    if (existing.metadata[k] !== undefined)
      next.metadata[k] = existing.metadata[k];
  }
  if (opts.subresource === undefined) applyDefaults(def, next);
  const namespace = existing.metadata.namespace;
  admit(ctx, 'mutate', def, namespace, next, existing, opts.subresource);
  applyForcedLabels(def, next);
  validateObject(def, next, {
    old: existing,
    fields: ctx.fields,
  });
  admit(ctx, 'validate', def, namespace, next, existing, opts.subresource);
  if (!jsonEqual(specOf(existing), specOf(next))) {
    next.metadata.generation = Number(existing.metadata.generation ?? 1) + 1;
  }
  const managedFields =
    opts.managedFields ?? recordUpdate(existing, next, writeContext(ctx, def));
  if (Array.isArray(managedFields) && managedFields.length > 0) {
    next.metadata.managedFields = managedFields;
  }
  next.metadata.resourceVersion = existing.metadata.resourceVersion;
  if (jsonEqual(withoutVolatile(existing), withoutVolatile(next))) {
    // A no-op write is not a write: the resourceVersion stays.
    return existing;
  }
  if (ctx.dryRun) return next;
  next.metadata.resourceVersion = ctx.store.nextResourceVersion();
  const stored = ctx.store.write(next);
  syncQuotasAfter(ctx, def, stored.metadata.namespace);
  return stored;
}

/** POST on a collection. */
export function createObject(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  body: unknown,
): KubeObject {
  const obj = decodeObject(def, body, namespace);
  stripServerMetadata(obj);
  if (!obj.metadata.name && typeof obj.metadata.generateName === 'string') {
    obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
  }
  if (def.namespaced) requireNamespace(ctx, namespace!);
  applyCreateDefaults(def, obj);
  applyDefaults(def, obj);
  admit(ctx, 'mutate', def, namespace, obj);
  applyForcedLabels(def, obj);
  validateObject(def, obj, { fields: ctx.fields });
  admit(ctx, 'validate', def, namespace, obj);
  if (ctx.store.get(def, namespace, obj.metadata.name)) {
    throw statusErrors.alreadyExists(def, obj.metadata.name);
  }
  return commitCreate(
    ctx,
    def,
    obj,
    recordUpdate(undefined, obj, writeContext(ctx, def)),
  );
}

/** GET on an object. */
export function getObject(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
): KubeObject {
  return getExisting(ctx, def, namespace, name);
}

interface ContinueToken {
  rv: string;
  after: string;
}

function sortKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** GET on a collection: `{Kind}List` with selectors and `limit`/`continue` paging. */
export function listObjects(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  options: ListOptions,
): Record<string, unknown> {
  const labels = parseLabelSelector(options.labelSelector ?? '');
  const fields = parseFieldSelector(options.fieldSelector ?? '', def);
  let after = '';
  if (options.continueToken) {
    try {
      const token = JSON.parse(
        Buffer.from(options.continueToken, 'base64url').toString('utf8'),
      ) as ContinueToken;
      after = String(token.after);
    } catch {
      throw statusErrors.badRequest(
        'continue key is not valid: illegal base64 data',
      );
    }
  }
  let items = ctx.store
    .list(def, namespace)
    .filter(o => matchesRequirements(labels, o.metadata.labels))
    .filter(o => matchesFields(fields, o))
    .filter(o => after === '' || sortKey(o) > after);
  const rv = ctx.store.currentResourceVersion();
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  const limit = options.limit ?? 0;
  if (limit > 0 && items.length > limit) {
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = Buffer.from(
      JSON.stringify({ rv, after: sortKey(items[items.length - 1]) }),
    ).toString('base64url');
    metadata.remainingItemCount = remaining;
  }
  return {
    kind: `${def.kind}List`,
    apiVersion: apiVersionOf(def),
    metadata,
    // Typed lists of built-in kinds carry no apiVersion/kind per item; custom ones do.
    items: def.custom
      ? items
      : items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  };
}

/** PUT on an object (or its `/status`). */
export function updateObject(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  body: unknown,
  subresource?: string,
): KubeObject {
  const obj = decodeObject(def, body, namespace);
  checkName(obj, name);
  const existing = getExisting(ctx, def, namespace, name);
  return commitUpdate(ctx, def, existing, obj, { subresource });
}

function applyPatchDocument(
  existing: KubeObject,
  type: PatchType,
  patch: unknown,
): unknown {
  try {
    if (type === 'json') return applyJsonPatch(existing, patch);
    if (!isPlainObject(patch)) {
      throw new PatchError(
        `json: cannot unmarshal ${
          Array.isArray(patch) ? 'array' : typeof patch
        } into Go value of type map[string]interface {}`,
        true,
      );
    }
    return applyMergePatch(existing, patch);
  } catch (e) {
    if (e instanceof PatchError) {
      throw e.malformed
        ? statusErrors.badRequest(e.message)
        : new KubeStatusError(422, 'Invalid', e.message, {});
    }
    throw e;
  }
}

/** PATCH (JSON, merge or strategic merge) on an object (or its `/status`). */
export function patchObject(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  type: Exclude<PatchType, 'apply'>,
  patch: unknown,
  subresource?: string,
): KubeObject {
  const existing = getExisting(ctx, def, namespace, name);
  const patched = applyPatchDocument(existing, type, patch);
  const obj = decodeObject(def, patched, namespace);
  checkName(obj, name);
  return commitUpdate(ctx, def, existing, obj, { subresource });
}

/**
 * Server-side apply: creates the object when absent, otherwise merges the
 * configuration with field ownership (409 on conflicts unless `force`).
 */
export function applyObject(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  body: unknown,
  force: boolean,
  subresource?: string,
): { object: KubeObject; created: boolean } {
  if (!isPlainObject(body)) {
    throw statusErrors.badRequest(
      `error decoding YAML: the apply configuration must be an object, got ${
        Array.isArray(body) ? 'a list' : typeof body
      }`,
    );
  }
  const expected = apiVersionOf(def);
  if (body.apiVersion !== expected) {
    throw statusErrors.badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${String(
        body.apiVersion ?? '',
      )}, expected: ${expected}`,
    );
  }
  if (body.kind !== def.kind) {
    throw statusErrors.badRequest(
      `Incorrect kind specified in apply patch. Specified patch kind: ${String(
        body.kind ?? '',
      )}, expected: ${def.kind}`,
    );
  }
  const config = decodeObject(def, body, namespace);
  config.metadata.name ??= name;
  checkName(config, name);
  stripServerMetadata(config);
  const existing = ctx.store.get(def, namespace, name);
  const wctx = { ...writeContext(ctx, def), force };
  if (!existing) {
    if (subresource) throw statusErrors.notFound(def, name);
    if (def.namespaced) requireNamespace(ctx, namespace!);
    const merged = applyConfiguration(undefined, config, wctx);
    const managedFields = merged.metadata.managedFields;
    delete merged.metadata.managedFields;
    applyCreateDefaults(def, merged);
    applyDefaults(def, merged);
    admit(ctx, 'mutate', def, namespace, merged);
    applyForcedLabels(def, merged);
    validateObject(def, merged, { fields: ctx.fields });
    admit(ctx, 'validate', def, namespace, merged);
    return {
      object: commitCreate(ctx, def, merged, managedFields),
      created: true,
    };
  }
  if (subresource === 'status') {
    // Applying to /status owns status fields; the sandbox merges them without ownership.
    const merged = {
      ...existing,
      status: applyMergePatch(existing.status, config.status),
    };
    return {
      object: commitUpdate(ctx, def, existing, merged, { subresource }),
      created: false,
    };
  }
  const merged = applyConfiguration(existing, config, wctx);
  return {
    object: commitUpdate(ctx, def, existing, merged, {
      managedFields: merged.metadata.managedFields ?? [],
    }),
    created: false,
  };
}

/** Namespaces a real cluster refuses to delete. */
const UNDELETABLE_NAMESPACES = new Set([
  'default',
  'kube-system',
  'kube-public',
]);

/**
 * DELETE on an object: answers the object (pods, namespaces: as the deletion
 * starts) or a Success Status. Deletion is immediate; a namespace takes its
 * contents with it.
 */
export function deleteObject(
  ctx: OperationContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  options: unknown,
): unknown {
  const existing = getExisting(ctx, def, namespace, name);
  if (
    def.group === '' &&
    def.kind === 'Namespace' &&
    UNDELETABLE_NAMESPACES.has(name)
  ) {
    throw statusErrors.forbidden(
      def,
      name,
      'this namespace may not be deleted',
    );
  }
  const preconditions =
    isPlainObject(options) && isPlainObject(options.preconditions)
      ? options.preconditions
      : {};
  if (
    preconditions.uid !== undefined &&
    preconditions.uid !== existing.metadata.uid
  ) {
    throw statusErrors.conflict(
      def,
      name,
      `Precondition failed: UID in precondition: ${String(
        preconditions.uid,
      )}, UID in object meta: ${String(existing.metadata.uid)}`,
    );
  }
  if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== existing.metadata.resourceVersion
  ) {
    throw statusErrors.conflict(
      def,
      name,
      `Precondition failed: ResourceVersion in precondition: ${String(
        preconditions.resourceVersion,
      )}, ResourceVersion in meta: ${String(
        existing.metadata.resourceVersion,
      )}`,
    );
  }
  if (!ctx.dryRun) {
    ctx.store.remove(def, namespace, name);
    if (def.group === '' && def.kind === 'ServiceAccount') {
      deleteServiceAccountTokenSecrets(ctx.store, ctx.registry, existing);
    }
    syncQuotasAfter(ctx, def, namespace);
  }
  if (def.deleteReturnsObject) {
    const answer = jsonClone(existing);
    answer.metadata.deletionTimestamp = kubeTime(ctx.clock.nowMs());
    if (def.kind === 'Namespace') {
      answer.status = {
        ...(isPlainObject(answer.status) ? answer.status : {}),
        phase: 'Terminating',
      };
    } else {
      answer.metadata.deletionGracePeriodSeconds = 30;
    }
    return answer;
  }
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name,
      ...(def.group ? { group: def.group } : {}),
      kind: def.plural,
      uid: existing.metadata.uid,
    },
  };
}
