/**
 * Patch documents: JSON merge patch (RFC 7386, also used for strategic merge
 * patches, which the sandbox treats as merge patches) and JSON patch (RFC 6902).
 */
import { isPlainObject, jsonEqual } from './json';

/** A patch that could not be applied; the server answers it as 422 (or 400 when malformed). */
export class PatchError extends Error {
  constructor(
    message: string,
    /** Whether the patch document itself is malformed (400) rather than inapplicable (422). */
    readonly malformed = false,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

/** Applies a JSON merge patch: objects merge key by key, `null` deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target)
    ? { ...target }
    : {};
  for (const [key, value] of Object.entries(patch)) {
    // Strategic-merge directives have no meaning in a merge patch: drop them.
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}

interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string') {
    throw new PatchError('invalid JSON pointer: must be a string', true);
  }
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(`invalid JSON pointer: "${pointer}"`, true);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, length: number, forInsert: boolean): number {
  if (forInsert && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) {
    throw new PatchError(`invalid array index: "${token}"`);
  }
  const i = Number(token);
  if (i > length || (!forInsert && i === length)) {
    throw new PatchError(`array index out of bounds: ${i}`);
  }
  return i;
}

function parentOf(doc: unknown, tokens: string[], pointer: string): unknown {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      cur = cur[arrayIndex(t, cur.length, false)];
    } else if (
      isPlainObject(cur) &&
      Object.prototype.hasOwnProperty.call(cur, t)
    ) {
      cur = cur[t];
    } else {
      throw new PatchError(`doc is missing path: "${pointer}": missing value`);
    }
  }
  return cur;
}

function getAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent))
    return parent[arrayIndex(last, parent.length, false)];
  if (
    isPlainObject(parent) &&
    Object.prototype.hasOwnProperty.call(parent, last)
  ) {
    return parent[last];
  }
  throw new PatchError(`doc is missing path: "${pointer}": missing value`);
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError('cannot remove the root');
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    return parent.splice(i, 1)[0];
  }
  if (
    isPlainObject(parent) &&
    Object.prototype.hasOwnProperty.call(parent, last)
  ) {
    const old = parent[last];
    delete parent[last];
    return old;
  }
  throw new PatchError(
    `unable to remove nonexistent key: ${last}: missing value`,
  );
}

function addAt(
  doc: unknown,
  pointer: string,
  value: unknown,
  replace: boolean,
): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, !replace);
    parent.splice(i, replace ? 1 : 0, value);
  } else if (isPlainObject(parent)) {
    if (replace && !Object.prototype.hasOwnProperty.call(parent, last)) {
      throw new PatchError(
        `replace operation does not apply: doc is missing key: ${pointer}: missing value`,
      );
    }
    parent[last] = value;
  } else {
    throw new PatchError(`doc is missing path: "${pointer}": missing value`);
  }
  return doc;
}

/** Applies a JSON patch (RFC 6902: add, remove, replace, move, copy, test) to a copy of a document. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw new PatchError(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      true,
    );
  }
  let doc = structuredClone(target);
  for (const raw of patch as unknown[]) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string') {
      throw new PatchError('invalid operation: missing op', true);
    }
    const op = raw as unknown as JsonPatchOperation;
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, structuredClone(op.value), false);
        break;
      case 'remove':
        removeAt(doc, op.path);
        break;
      case 'replace':
        doc = addAt(doc, op.path, structuredClone(op.value), true);
        break;
      case 'move': {
        const value = removeAt(doc, String(op.from));
        doc = addAt(doc, op.path, value, false);
        break;
      }
      case 'copy':
        doc = addAt(
          doc,
          op.path,
          structuredClone(getAt(doc, String(op.from))),
          false,
        );
        break;
      case 'test':
        if (!jsonEqual(getAt(doc, op.path), op.value)) {
          throw new PatchError(`testing value ${op.path} failed: test failed`);
        }
        break;
      default:
        throw new PatchError(`Unexpected kind: ${op.op}`, true);
    }
  }
  return doc;
}
