/**
 * Field ownership for server-side apply, recorded in `metadata.managedFields`.
 *
 * The sandbox tracks ownership coarser than the real structured-merge-diff: a
 * field is a top-level field (`.type`), a member of a top-level object
 * (`.spec.replicas`, `.data.key`), a label or annotation key
 * (`.metadata.labels.app`) or another user-set metadata field
 * (`.metadata.finalizers`). That is enough for the conflicts portals and
 * controllers meet: two managers setting `.spec.replicas` differently.
 */
import { KubeObject } from '../types';
import { isPlainObject, jsonClone, jsonEqual } from './json';
import { statusErrors } from './status';

/** A field, as path segments: `['spec', 'replicas']`. */
export type FieldPath = string[];

/** One entry of `metadata.managedFields`. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Who writes, when, through which apiVersion. */
export interface WriteContext {
  manager: string;
  apiVersion: string;
  /** RFC 3339 time of the write (the sandbox clock). */
  time: string;
}

const NOT_OWNED_TOP = new Set(['apiVersion', 'kind', 'metadata', 'status']);
/** Metadata the API server sets: a client's value is never kept. */
export const SERVER_SET_METADATA = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
] as const;
/** Metadata no field manager owns: the server's, and the object's identity. */
const UNOWNED_METADATA = new Set<string>([
  'name',
  'namespace',
  'generateName',
  ...SERVER_SET_METADATA,
]);

/** `.spec.replicas`: how conflicts name a field. */
export function pathString(path: FieldPath): string {
  return `.${path.join('.')}`;
}

const keyOf = (p: FieldPath) => JSON.stringify(p);

/** The fields an object sets, at the sandbox's granularity. */
export function fieldPaths(obj: KubeObject): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (NOT_OWNED_TOP.has(k) || v === undefined || v === null) continue;
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      for (const [c, cv] of Object.entries(v)) {
        if (cv !== undefined) paths.push([k, c]);
      }
    } else if (!isPlainObject(v)) {
      paths.push([k]);
    }
  }
  const meta = obj.metadata ?? {};
  for (const [k, v] of Object.entries(meta)) {
    if (UNOWNED_METADATA.has(k) || v === undefined || v === null) continue;
    if (k === 'labels' || k === 'annotations') {
      for (const key of Object.keys(isPlainObject(v) ? v : {})) {
        paths.push(['metadata', k, key]);
      }
    } else {
      paths.push(['metadata', k]);
    }
  }
  return paths;
}

function getAt(obj: unknown, path: FieldPath): unknown {
  let cur = obj;
  for (const p of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function setAt(obj: Record<string, unknown>, path: FieldPath, value: unknown) {
  let cur = obj;
  for (const p of path.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

function deleteAt(obj: Record<string, unknown>, path: FieldPath) {
  const parents: Record<string, unknown>[] = [];
  let cur: unknown = obj;
  for (const p of path.slice(0, -1)) {
    if (!isPlainObject(cur)) return;
    parents.push(cur);
    cur = cur[p];
  }
  if (!isPlainObject(cur)) return;
  delete cur[path[path.length - 1]];
  // An emptied label or annotation map goes too, as it would in YAML.
  if (
    path[0] === 'metadata' &&
    path.length === 3 &&
    Object.keys(cur).length === 0
  ) {
    delete (parents[1] ?? {})[path[1]];
  }
}

/** Renders fields as FieldsV1 (`{"f:spec":{"f:replicas":{}}}`). */
export function toFieldsV1(paths: FieldPath[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let cur = root;
    for (const p of path) {
      const k = `f:${p}`;
      if (!isPlainObject(cur[k])) cur[k] = {};
      cur = cur[k] as Record<string, unknown>;
    }
  }
  return root;
}

/** Reads FieldsV1 back into fields (the leaves of the `f:` tree). */
export function fromFieldsV1(
  fields: unknown,
  prefix: FieldPath = [],
): FieldPath[] {
  if (!isPlainObject(fields)) return [];
  const children = Object.keys(fields).filter(k => k.startsWith('f:'));
  if (children.length === 0) return prefix.length > 0 ? [prefix] : [];
  return children.flatMap(k =>
    fromFieldsV1(fields[k], [...prefix, k.slice(2)]),
  );
}

interface Ownership {
  entry: ManagedFieldsEntry;
  fields: Map<string, FieldPath>;
}

function readOwnership(obj: KubeObject | undefined): Ownership[] {
  const raw = obj?.metadata.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (e): e is ManagedFieldsEntry =>
        isPlainObject(e) &&
        typeof e.manager === 'string' &&
        isPlainObject(e.fieldsV1),
    )
    .map(entry => ({
      entry,
      fields: new Map(fromFieldsV1(entry.fieldsV1).map(p => [keyOf(p), p])),
    }));
}

function writeOwnership(
  owners: Ownership[],
  live: KubeObject,
): ManagedFieldsEntry[] {
  const present = new Set(fieldPaths(live).map(keyOf));
  return owners
    .map(o => {
      // Ownership of fields that no longer exist lapses.
      const fields = [...o.fields.entries()]
        .filter(([k]) => present.has(k))
        .map(([, p]) => p);
      return {
        ...o.entry,
        fieldsType: 'FieldsV1' as const,
        fieldsV1: toFieldsV1(fields),
      };
    })
    .filter(e => Object.keys(e.fieldsV1).length > 0);
}

/** How a conflict names a manager, as the real API server prints it. */
function describeManager(e: ManagedFieldsEntry): string {
  const name = JSON.stringify(e.manager);
  const withSub = e.subresource
    ? `${name} with subresource ${JSON.stringify(e.subresource)}`
    : name;
  if (e.operation === 'Update') {
    return `${withSub} using ${e.apiVersion}${e.time ? ` at ${e.time}` : ''}`;
  }
  return withSub;
}

/**
 * The managedFields after an update (create, PUT, patch): the manager takes the
 * fields it changed; other managers lose them. No conflicts: only apply has them.
 */
export function recordUpdate(
  old: KubeObject | undefined,
  updated: KubeObject,
  ctx: WriteContext,
): ManagedFieldsEntry[] {
  const owners = readOwnership(old);
  const changed = fieldPaths(updated).filter(
    p => !old || !jsonEqual(getAt(old, p), getAt(updated, p)),
  );
  if (changed.length > 0) {
    let own = owners.find(
      o =>
        o.entry.manager === ctx.manager &&
        o.entry.operation === 'Update' &&
        !o.entry.subresource,
    );
    if (!own) {
      own = {
        entry: {
          manager: ctx.manager,
          operation: 'Update',
          apiVersion: ctx.apiVersion,
          time: ctx.time,
          fieldsType: 'FieldsV1',
          fieldsV1: {},
        },
        fields: new Map(),
      };
      owners.push(own);
    }
    own.entry = { ...own.entry, apiVersion: ctx.apiVersion, time: ctx.time };
    for (const p of changed) {
      for (const o of owners) o.fields.delete(keyOf(p));
      own.fields.set(keyOf(p), p);
    }
  }
  return writeOwnership(owners, updated);
}

/**
 * Server-side apply: merges the applied configuration into the live object (or
 * creates it), moving ownership of the applied fields to the manager and
 * removing fields the manager applied before but no longer does. Throws a 409
 * Conflict Status when another manager owns a field the configuration would
 * change, unless `force`.
 */
export function applyConfiguration(
  live: KubeObject | undefined,
  applied: KubeObject,
  ctx: WriteContext & { force: boolean },
): KubeObject {
  const owners = readOwnership(live);
  const appliedPaths = fieldPaths(applied);
  const differs = (p: FieldPath) =>
    live !== undefined && !jsonEqual(getAt(live, p), getAt(applied, p));
  const isOther = (o: Ownership) => o.entry.manager !== ctx.manager;

  const conflicts: { manager: string; field: string }[] = [];
  for (const p of appliedPaths) {
    if (!differs(p)) continue;
    for (const o of owners.filter(isOther)) {
      if (!o.fields.has(keyOf(p))) continue;
      if (ctx.force) {
        o.fields.delete(keyOf(p));
      } else {
        conflicts.push({
          manager: describeManager(o.entry),
          field: pathString(p),
        });
      }
    }
  }
  if (conflicts.length > 0) throw statusErrors.applyConflict(conflicts);

  const result = jsonClone(
    live ?? {
      apiVersion: applied.apiVersion,
      kind: applied.kind,
      metadata: {
        name: applied.metadata.name,
        ...(applied.metadata.namespace
          ? { namespace: applied.metadata.namespace }
          : {}),
      },
    },
  ) as KubeObject;
  for (const p of appliedPaths) setAt(result, p, jsonClone(getAt(applied, p)));
  for (const [k, v] of Object.entries(applied)) {
    // `spec: {}` owns no field but still makes the object have a spec.
    if (!NOT_OWNED_TOP.has(k) && isPlainObject(v) && result[k] === undefined)
      result[k] = {};
  }

  let own = owners.find(
    o => o.entry.manager === ctx.manager && o.entry.operation === 'Apply',
  );
  const previous = own ? [...own.fields.values()] : [];
  const previousOwner = own;
  const appliedKeys = new Set(appliedPaths.map(keyOf));
  for (const p of previous) {
    if (appliedKeys.has(keyOf(p))) continue;
    const ownedElsewhere = owners.some(
      o => o !== previousOwner && o.fields.has(keyOf(p)),
    );
    if (!ownedElsewhere) deleteAt(result, p);
  }

  const setChanged =
    previous.length !== appliedKeys.size ||
    previous.some(p => !appliedKeys.has(keyOf(p)));
  const valuesChanged = appliedPaths.some(differs) || live === undefined;
  if (!own) {
    own = {
      entry: {
        manager: ctx.manager,
        operation: 'Apply',
        apiVersion: ctx.apiVersion,
        time: ctx.time,
        fieldsType: 'FieldsV1',
        fieldsV1: {},
      },
      fields: new Map(),
    };
    owners.unshift(own);
  } else if (setChanged || valuesChanged) {
    own.entry = { ...own.entry, apiVersion: ctx.apiVersion, time: ctx.time };
  }
  own.fields = new Map(appliedPaths.map(p => [keyOf(p), p]));
  result.metadata.managedFields = writeOwnership(owners, result);
  return result;
}
