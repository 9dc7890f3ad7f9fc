/**
 * Test helper: checks objects against a CRD's structural schema (an
 * apiextensions.k8s.io/v1 `openAPIV3Schema`) with Ajv, as strictly as an API
 * server keeps them: its extensions spelled out, and every field the schema does
 * not know refused, because the server prunes such a field silently (a manifest
 * bug nobody sees). Kubernetes, "Extend the Kubernetes API with
 * CustomResourceDefinitions": structural schemas, pruning, IntOrString,
 * x-kubernetes-list-type, validation rules.
 */
import Ajv, {
  ErrorObject,
  FuncKeywordDefinition,
  SchemaValidateFunction,
} from 'ajv';

type Schema = { [keyword: string]: any };

const INT32 = 2 ** 31;
/** RFC 3339, the date-time format Kubernetes accepts. */
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Extensions read where they stand (by the list-type keyword, or by the conversion below). */
const ANNOTATIONS = [
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
];
/** Every extension this validator understands (the last two are keywords of their own). */
const HANDLED = [
  ...ANNOTATIONS,
  'x-kubernetes-list-type',
  'x-kubernetes-validations',
];

/**
 * The schema with its Kubernetes meaning spelled out for Ajv: an int-or-string
 * is an integer or a string; an object refuses fields it does not declare
 * unless it preserves unknown fields. Refuses extensions it does not know.
 */
export function toAjvSchema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-kubernetes-') && !HANDLED.includes(keyword)) {
      throw new Error(`${keyword} is not handled by this validator`);
    }
    switch (keyword) {
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries<Schema>(value).map(([k, v]) => [k, toAjvSchema(v)]),
        );
        break;
      case 'items':
      case 'not':
        out[keyword] = toAjvSchema(value);
        break;
      case 'additionalProperties':
        out[keyword] = typeof value === 'boolean' ? value : toAjvSchema(value);
        break;
      case 'anyOf':
      case 'allOf':
      case 'oneOf':
        out[keyword] = value.map(toAjvSchema);
        break;
      default:
        out[keyword] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] && !schema.anyOf) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    schema.type === 'object' &&
    schema.additionalProperties === undefined &&
    !schema['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** The key of a list-map entry: its key fields, defaulted as the server would. */
function listMapKey(entry: any, keys: string[], items: Schema): string {
  return JSON.stringify(
    keys.map(k => entry?.[k] ?? items?.properties?.[k]?.default ?? null),
  );
}

/** `x-kubernetes-list-type`: a set holds no value twice; a map no two entries with one key. */
function listTypeKeyword(): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (
    listType: string,
    data: unknown[],
    parent?: Schema,
  ): boolean => {
    const keys: string[] = parent?.['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Map<string, number>();
    const errors: Partial<ErrorObject>[] = [];
    data.forEach((entry, i) => {
      let key: string | undefined;
      if (listType === 'set') key = JSON.stringify(entry);
      if (listType === 'map') key = listMapKey(entry, keys, parent?.items);
      if (key === undefined) return;
      if (seen.has(key)) {
        errors.push({
          keyword: 'x-kubernetes-list-type',
          message: `must not repeat entry [${seen.get(
            key,
          )}] at [${i}] (list-type ${listType}${
            keys.length ? ` keyed by ${keys.join(', ')}` : ''
          })`,
          params: { listType, keys },
        });
      } else {
        seen.set(key, i);
      }
    });
    validate.errors = errors;
    return errors.length === 0;
  };
  return {
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    errors: true,
    validate,
  };
}

/**
 * `x-kubernetes-validations` (CEL): transition rules (on `oldSelf`) never run on
 * create; any other rule on a field the object sets fails, because nothing here
 * evaluates CEL: a new field under such a rule needs a check of its own.
 */
function celRulesKeyword(): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (
    rules: Array<{ rule: string; message?: string }>,
  ) => {
    const unchecked = rules.filter(r => !/\boldSelf\b/.test(r.rule));
    validate.errors = unchecked.map(r => ({
      keyword: 'x-kubernetes-validations',
      message: `is under the CEL rule ${JSON.stringify(
        r.rule,
      )}, which this validator does not evaluate`,
      params: { rule: r.rule },
    }));
    return unchecked.length === 0;
  };
  return {
    keyword: 'x-kubernetes-validations',
    schemaType: 'array',
    errors: true,
    validate,
  };
}

/** An Ajv that knows Kubernetes' formats and extensions, and reports every error. */
export function structuralAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // An int-or-string's pattern stands beside its anyOf of types, as Kubernetes writes it.
    strictTypes: false,
    // Go's regular expressions, not ECMAScript's Unicode mode.
    unicodeRegExp: false,
    formats: {
      int32: {
        type: 'number',
        validate: n => Number.isInteger(n) && n >= -INT32 && n < INT32,
      },
      int64: { type: 'number', validate: n => Number.isSafeInteger(n) },
      'date-time': DATE_TIME,
    },
  });
  ajv.addKeyword({ keyword: ANNOTATIONS });
  ajv.addKeyword(listTypeKeyword());
  ajv.addKeyword(celRulesKeyword());
  return ajv;
}

/** A JSON pointer as a field path: `/spec/items/0/labels/a~1b` → `spec.items[0].labels["a/b"]`. */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => {
      if (/^\d+$/.test(part)) return `${path}[${part}]`;
      if (!/^[A-Za-z_$][\w$]*$/.test(part))
        return `${path}[${JSON.stringify(part)}]`;
      return `${path}${path ? '.' : ''}${part}`;
    }, '');
}

/** One Ajv error as `path: message [rule]`, an unknown field named in its path. */
export function describeError(error: ErrorObject): string {
  const path = fieldPath(error.instancePath) || '(root)';
  if (error.keyword === 'additionalProperties') {
    const field = fieldPath(
      `${error.instancePath}/${String(error.params.additionalProperty)
        .replace(/~/g, '~0')
        .replace(/\//g, '~1')}`,
    );
    return `${field}: unknown field, the API server would prune it [additionalProperties: false]`;
  }
  // The message names a pattern or a required field itself.
  const rule = ['type', 'format', 'enum'].includes(error.keyword)
    ? `${error.keyword}: ${JSON.stringify(
        Object.values(error.params)[0] ?? error.schema,
      )}`
    : error.keyword;
  return `${path}: ${error.message} [${rule}]`;
}
