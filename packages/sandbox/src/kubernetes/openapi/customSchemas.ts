/**
 * Schemas of the custom kinds, as their CRDs would publish them: the product's
 * own schema (zod, converted to a structural OpenAPI schema) for the kinds it
 * renders, and an open `spec` and `status` for the others.
 */
import { customKindJsonSchema } from '@eks-aiml/plugin-aiml-common';
import { officialCrdSchema } from '../crds/officialCrds';
import { apiVersionOf, ResourceDef } from '../resources';
import { isPlainObject } from '../json';
import {
  componentRef,
  OPEN_OBJECT,
  OpenApiSchema,
  SchemaComponents,
} from './schema';

/** What JavaScript's safe integers bound: zod adds them to every `.int()`, CRDs do not. */
const SAFE_LIMIT = Number.MAX_SAFE_INTEGER;

const KEPT = [
  'description',
  'format',
  'pattern',
  'default',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
] as const;

/** A JSON Schema of zod's as the structural schema a CRD would carry. */
function structural(json: unknown): OpenApiSchema {
  if (!isPlainObject(json)) return { ...OPEN_OBJECT };
  const s = json as Record<string, unknown>;
  if (s.$ref || s.oneOf || s.allOf) return { ...OPEN_OBJECT };
  if (Array.isArray(s.anyOf)) {
    const branches = s.anyOf.filter(
      b => !(isPlainObject(b) && b.type === 'null'),
    );
    return branches.length === 1 ? structural(branches[0]) : { ...OPEN_OBJECT };
  }
  const out: OpenApiSchema = {};
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('string') && types.some(t => t !== 'string')) {
    out['x-kubernetes-int-or-string'] = true;
  } else if (typeof types[0] === 'string') {
    out.type = types[0];
  }
  for (const key of KEPT) {
    if (s[key] !== undefined) (out as Record<string, unknown>)[key] = s[key];
  }
  for (const key of ['minimum', 'maximum'] as const) {
    const n = s[key];
    if (typeof n === 'number' && Math.abs(n) < SAFE_LIMIT) out[key] = n;
  }
  if (s.const !== undefined) out.enum = [s.const];
  if (Array.isArray(s.enum)) out.enum = s.enum;
  if (Array.isArray(s.required) && s.required.length) {
    out.required = s.required as string[];
  }
  if (isPlainObject(s.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, structural(v)]),
    );
  }
  if (s.items !== undefined) out.items = structural(s.items);
  const extra = s.additionalProperties;
  if (isPlainObject(extra) && Object.keys(extra).length > 0) {
    out.additionalProperties = structural(extra);
  } else if (
    isPlainObject(extra) ||
    (extra === undefined && out.type === 'object' && !out.properties)
  ) {
    // A loose object (or one zod left open): kept as sent, as CRDs mark it.
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
}

/**
 * The name a real API server gives a CRD's schema: the group reversed, then version
 * and kind (`io.ray.v1.RayJob`).
 */
export function customSchemaName(def: ResourceDef): string {
  return [...def.group.split('.').reverse(), def.version, def.kind].join('.');
}

/** The schema of a custom kind (its `metadata` refers to the shared ObjectMeta). */
export function customComponents(
  def: ResourceDef,
  objectMeta: string,
): SchemaComponents {
  const official = officialCrdSchema(def);
  if (official) {
    return {
      [customSchemaName(def)]: {
        ...(official as OpenApiSchema),
        properties: {
          ...(official.properties as Record<string, OpenApiSchema>),
          metadata: componentRef(objectMeta),
        },
      },
    };
  }
  const json = customKindJsonSchema(apiVersionOf(def), def.kind);
  const schema: OpenApiSchema = json
    ? structural(json)
    : {
        type: 'object',
        properties: {
          spec: { ...OPEN_OBJECT },
          status: { ...OPEN_OBJECT },
        },
      };
  const properties = {
    ...schema.properties,
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: componentRef(objectMeta),
    // The server owns the status; the product's schemas describe what is written.
    status: schema.properties?.status ?? { ...OPEN_OBJECT },
  };
  return {
    [customSchemaName(def)]: {
      ...schema,
      type: 'object',
      description: json
        ? `${def.kind}: the product's schema of the kind (the fields it renders), as the sandbox enforces it`
        : `${def.kind}: the sandbox keeps spec and status as sent (no schema of the kind)`,
      properties,
      required: schema.required?.filter(r => r !== 'metadata'),
      'x-kubernetes-preserve-unknown-fields': undefined,
    },
  };
}
