/**
 * Server-side field validation (`?fieldValidation=`): what the API server does
 * with unknown and duplicate fields of a write. `Strict` fails the request with
 * the strict decoding error, `Warn` (the default) drops them and answers a
 * `Warning` header for each, `Ignore` drops them silently.
 */
import { KubeObject } from '../types';
import { isPlainObject } from './json';
import { ResourceDef } from './resources';
import { FieldError, statusErrors } from './status';

/** The `fieldValidation` directives. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The field validation of one write and what it found so far. */
export interface FieldValidationContext {
  directive: FieldValidation;
  /**
   * How a strict failure is answered: a body decoded into the kind (create,
   * update, apply: 400 BadRequest) or a patch applied to the stored object
   * (JSON, merge and strategic merge patches: 422 Invalid on `patch`).
   */
  write: 'decode' | 'patch';
  /** Paths of fields the request body had twice (the last one counts). */
  duplicates: string[];
  /** The `Warning` header values to answer with. */
  warnings: string[];
}

const DIRECTIVES: FieldValidation[] = ['Ignore', 'Strict', 'Warn'];

/**
 * The directive of `?fieldValidation=`; `Warn` when absent, and 422 (as the
 * options are validated) for a value the server does not know.
 */
export function fieldValidationOf(
  query: URLSearchParams,
  optionsKind: string,
): FieldValidation {
  const value = query.get('fieldValidation') ?? '';
  if (value === '') return 'Warn';
  if ((DIRECTIVES as string[]).includes(value)) return value as FieldValidation;
  const err: FieldError = {
    type: 'NotSupported',
    field: 'fieldValidation',
    value,
    detail: `supported values: "", ${DIRECTIVES.map(d => `"${d}"`).join(', ')}`,
  };
  throw statusErrors.invalid({ group: 'meta.k8s.io', kind: optionsKind }, '', [
    err,
  ]);
}

/**
 * Answers the unknown fields of an object being written (and the request's
 * duplicate fields) as the directive says: throws the strict decoding error, or
 * records a warning for each. The caller drops the unknown fields.
 */
export function reportStrictErrors(
  fields: FieldValidationContext,
  def: ResourceDef,
  obj: KubeObject,
  unknown: string[],
): void {
  const errors = [
    ...fields.duplicates.map(f => `duplicate field "${f}"`),
    ...unknown.map(f => `unknown field "${f}"`),
  ];
  if (errors.length === 0 || fields.directive === 'Ignore') return;
  if (fields.directive === 'Warn') {
    fields.warnings.push(...errors);
    return;
  }
  const strict = `strict decoding error: ${errors.join(', ')}`;
  if (fields.write === 'patch') {
    throw statusErrors.invalid({ group: '', kind: '' }, '', [
      {
        type: 'Invalid',
        field: 'patch',
        value: JSON.stringify(obj),
        detail: strict,
      },
    ]);
  }
  throw statusErrors.badRequest(
    `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${strict}`,
  );
}

/** Deletes the member at `path` of an object, as decoding into a typed object drops it. */
export function dropField(
  obj: Record<string, unknown>,
  path: Array<string | number>,
): void {
  let at: unknown = obj;
  for (const key of path.slice(0, -1)) {
    at = (at as Record<string | number, unknown> | undefined)?.[key];
  }
  if (isPlainObject(at)) delete at[String(path[path.length - 1])];
}

/**
 * The paths of object members a JSON text has twice (`spec.replicas`,
 * `spec.containers[0].name`), in the order they appear; empty for text that is
 * not JSON. JSON.parse keeps the last of them, as the API server does.
 */
export function duplicateFields(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        const key = string();
        const at = path ? `${path}.${key}` : key;
        if (seen.has(key)) found.push(at);
        seen.add(key);
        space();
        i++; // the colon
        value(at);
        space();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        space();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !',}] \t\n\r'.includes(text[i])) i++;
    }
  };
  try {
    JSON.parse(text);
  } catch {
    return [];
  }
  value('');
  return found;
}

/**
 * The `Warning` header values of warnings (RFC 7234's warn-code 299, agent `-`,
 * the text quoted), as the API server writes them and kubectl prints them.
 */
export function warningHeaders(warnings: string[]): string[] {
  return warnings.map(
    w => `299 - "${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
  );
}
