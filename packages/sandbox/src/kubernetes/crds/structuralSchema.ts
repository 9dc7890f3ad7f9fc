/**
 * A CRD's structural schema enforced as kube-apiserver enforces it on a write
 * (apiextensions-apiserver): defaults filled in, then the value checked against
 * types, enums, patterns, lengths, sizes, required fields, list-map keys and the
 * CEL rules of `x-kubernetes-validations` (`self`, and `oldSelf` on updates where
 * the old value can be correlated). Unknown fields are found by the server's
 * decoding (openapi/unknownFields.ts) before this runs.
 */
import { Environment } from '@marcbachmann/cel-js';
import { celErrorText, toCel } from '../admission/cel';
import { isPlainObject, jsonClone, jsonEqual } from '../json';
import { OpenApiSchema } from '../openapi/schema';
import { FieldError } from '../status';

/** One rule of `x-kubernetes-validations`. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
}

/** A node of a CRD's `openAPIV3Schema`, with the extensions the apiserver enforces. */
export interface CrdSchema
  extends Omit<
    OpenApiSchema,
    'properties' | 'items' | 'additionalProperties' | 'anyOf'
  > {
  properties?: Record<string, CrdSchema>;
  items?: CrdSchema;
  additionalProperties?: CrdSchema | boolean;
  anyOf?: CrdSchema[];
  maxProperties?: number;
  nullable?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function fieldOf(path: string): string {
  return path || '<root>';
}

/** The schema's declared members of an object value: its properties, else its additionalProperties. */
function memberSchema(schema: CrdSchema, key: string): CrdSchema | undefined {
  if (schema.properties?.[key]) return schema.properties[key];
  return typeof schema.additionalProperties === 'object'
    ? schema.additionalProperties
    : undefined;
}

/**
 * Fills in the `default` of every absent property, recursively (into defaults
 * too), as the apiserver defaults a CRD's objects when it decodes them.
 */
export function applySchemaDefaults(schema: CrdSchema, value: unknown): void {
  if (Array.isArray(value)) {
    if (schema.items) value.forEach(v => applySchemaDefaults(schema.items!, v));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (value[key] === undefined && prop.default !== undefined) {
      value[key] = jsonClone(prop.default);
    }
  }
  for (const [key, v] of Object.entries(value)) {
    const s = memberSchema(schema, key);
    if (s) applySchemaDefaults(s, v);
  }
}

const celEnvironment = (() => {
  const env = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
  });
  env.registerVariable('self', 'dyn');
  env.registerVariable('oldSelf', 'dyn');
  return env;
})();

type CompiledRule =
  | { ok: true; evaluate: (a: Record<string, unknown>) => unknown }
  | { ok: false; error: string };
const compiled = new Map<string, CompiledRule>();

/** Compiles a CRD rule once (rules are shared by every object of the kind). */
export function compileRule(rule: string): CompiledRule {
  let c = compiled.get(rule);
  if (!c) {
    try {
      const parsed = celEnvironment.parse(rule);
      const checked = parsed.check();
      c = checked.valid
        ? { ok: true, evaluate: a => parsed(a) }
        : { ok: false, error: celErrorText(checked.error) };
    } catch (e) {
      c = { ok: false, error: celErrorText(e) };
    }
    compiled.set(rule, c);
  }
  return c;
}

function ruleErrors(
  schema: CrdSchema,
  value: unknown,
  old: unknown,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const r of schema['x-kubernetes-validations'] ?? []) {
    const transition = /\boldSelf\b/.test(r.rule);
    // Transition rules run only on updates, where the old value correlates.
    if (transition && old === undefined) continue;
    const c = compileRule(r.rule);
    const field = fieldOf(
      r.fieldPath ? `${path}${r.fieldPath.replace(/^\./, '.')}` : path,
    );
    if (!c.ok) {
      errs.push({
        type: 'Invalid',
        field,
        value: typeOf(value),
        detail: `compilation failed: ${c.error}`,
      });
      continue;
    }
    let result: unknown;
    try {
      result = c.evaluate({ self: toCel(value), oldSelf: toCel(old) });
    } catch (e) {
      errs.push({
        type: 'Invalid',
        field,
        value: typeOf(value),
        detail: `${r.rule}: ${celErrorText(e)}`,
      });
      continue;
    }
    if (result !== true) {
      errs.push({
        type: 'Invalid',
        field,
        value: typeOf(value),
        detail: r.message ?? `failed rule: ${r.rule}`,
      });
    }
  }
  return errs;
}

function isIntOrString(schema: CrdSchema): boolean {
  return (
    schema['x-kubernetes-int-or-string'] === true ||
    (schema.anyOf?.some(a => a.type === 'integer') === true &&
      schema.anyOf.some(a => a.type === 'string'))
  );
}

function typeErrors(
  schema: CrdSchema,
  value: unknown,
  path: string,
): FieldError[] {
  const actual = typeOf(value);
  if (value === null && schema.nullable) return [];
  let expected: string[] = schema.type ? [schema.type] : [];
  if (isIntOrString(schema)) expected = ['integer', 'string'];
  const ok =
    expected.length === 0 ||
    expected.includes(actual) ||
    (actual === 'integer' && expected.includes('number'));
  if (ok) return [];
  return [
    {
      type: 'Invalid',
      field: fieldOf(path),
      value: actual,
      detail: `${fieldOf(path)} in body must be of type ${expected.join(
        ' or ',
      )}: "${actual}"`,
    },
  ];
}

function scalarErrors(
  schema: CrdSchema,
  value: unknown,
  path: string,
): FieldError[] {
  const field = fieldOf(path);
  const errs: FieldError[] = [];
  if (schema.enum && !schema.enum.some(e => jsonEqual(e, value))) {
    errs.push({
      type: 'NotSupported',
      field,
      value,
      detail: `supported values: ${schema.enum
        .map(e => JSON.stringify(e))
        .join(', ')}`,
    });
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      errs.push({
        type: 'TooLong',
        field,
        detail: `may not be more than ${schema.maxLength} bytes`,
      });
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errs.push({
        type: 'Invalid',
        field,
        value,
        detail: `${field} in body should be at least ${schema.minLength} chars long`,
      });
    }
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
      errs.push({
        type: 'Invalid',
        field,
        value,
        detail: `${field} in body should match '${schema.pattern}'`,
      });
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      errs.push({
        type: 'Invalid',
        field,
        value,
        detail: `${field} in body should be greater than or equal to ${schema.minimum}`,
      });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errs.push({
        type: 'Invalid',
        field,
        value,
        detail: `${field} in body should be less than or equal to ${schema.maximum}`,
      });
    }
  }
  return errs;
}

function listErrors(
  schema: CrdSchema,
  value: unknown[],
  path: string,
): FieldError[] {
  const field = fieldOf(path);
  const errs: FieldError[] = [];
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    errs.push({
      type: 'Invalid',
      field,
      value: value.length,
      detail: `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
    });
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    errs.push({
      type: 'Invalid',
      field,
      value: value.length,
      detail: `${field} in body should have at least ${schema.minItems} items`,
    });
  }
  const listType = schema['x-kubernetes-list-type'];
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (listType === 'set' || listType === 'map') {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key =
        listType === 'map' && isPlainObject(item)
          ? JSON.stringify(keys.map(k => item[k]))
          : JSON.stringify(item);
      if (seen.has(key)) {
        errs.push({
          type: 'Invalid',
          field: `${field}[${i}]`,
          value: item,
          detail: 'Duplicate value',
        });
      }
      seen.add(key);
    });
  }
  return errs;
}

/** The old item a new list item correlates with: by key in a list-type map, none otherwise. */
function oldItem(
  schema: CrdSchema,
  item: unknown,
  old: unknown,
): unknown | undefined {
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old)) {
    return undefined;
  }
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (!isPlainObject(item)) return undefined;
  return old.find(
    o => isPlainObject(o) && keys.every(k => jsonEqual(o[k], item[k])),
  );
}

/**
 * Every violation of `schema` in `value` (`old`: the stored value at the same
 * place on updates), with the apiserver's field paths (`spec.podSets[0].count`).
 */
export function schemaErrors(
  schema: CrdSchema,
  value: unknown,
  old: unknown,
  path = '',
): FieldError[] {
  const typed = typeErrors(schema, value, path);
  if (typed.length > 0 || value === null) return typed;
  const errs = scalarErrors(schema, value, path);
  if (Array.isArray(value)) {
    errs.push(...listErrors(schema, value, path));
    if (schema.items) {
      value.forEach((item, i) =>
        errs.push(
          ...schemaErrors(
            schema.items!,
            item,
            oldItem(schema, item, old),
            `${path}[${i}]`,
          ),
        ),
      );
    }
  } else if (isPlainObject(value)) {
    const oldObj = isPlainObject(old) ? old : undefined;
    for (const req of schema.required ?? []) {
      if (value[req] === undefined) {
        errs.push({ type: 'Required', field: path ? `${path}.${req}` : req });
      }
    }
    if (
      schema.maxProperties !== undefined &&
      Object.keys(value).length > schema.maxProperties
    ) {
      errs.push({
        type: 'Invalid',
        field: fieldOf(path),
        value: Object.keys(value).length,
        detail: `Too many: must have at most ${schema.maxProperties} items`,
      });
    }
    for (const [key, v] of Object.entries(value)) {
      const s = memberSchema(schema, key);
      if (!s || v === undefined) continue;
      errs.push(
        ...schemaErrors(s, v, oldObj?.[key], path ? `${path}.${key}` : key),
      );
    }
  }
  errs.push(...ruleErrors(schema, value, old, path));
  return errs;
}
