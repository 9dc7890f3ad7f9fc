/**
 * Schemas of the built-in kinds, from the API models of
 * `@kubernetes/client-node` (generated from Kubernetes' own OpenAPI, v1.34): field
 * names and types, not descriptions or required fields, which the models do not keep.
 */
import * as models from '@kubernetes/client-node';
import { ResourceDef } from '../resources';
import {
  componentRef,
  OPEN_OBJECT,
  OpenApiSchema,
  SchemaComponents,
} from './schema';

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

function attributesOf(name: string): Attribute[] | undefined {
  const model = (models as unknown as Record<string, unknown>)[name] as
    | { attributeTypeMap?: unknown }
    | undefined;
  return Array.isArray(model?.attributeTypeMap)
    ? (model!.attributeTypeMap as Attribute[])
    : undefined;
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The model of a built-in kind: `V1Deployment`, `V2HorizontalPodAutoscaler`, or
 * with the group's prefix where two groups share a kind (`CoreV1Event`).
 */
export function builtinModelName(def: ResourceDef): string | undefined {
  const version = capitalized(def.version);
  const group =
    def.group === '' ? 'Core' : capitalized(def.group.split('.')[0]);
  return [`${version}${def.kind}`, `${group}${version}${def.kind}`].find(
    name => attributesOf(name) !== undefined,
  );
}

/**
 * The name a model's schema is published under: `io.k8s.<version>.<Type>` (with
 * the group's prefix where the models have one, `io.k8s.core.v1.Event`), so that
 * kubectl shows the type as the API server names it (`Container`).
 */
export function definitionName(model: string): string {
  const match = /^([A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z].*)$/.exec(
    model,
  );
  if (!match) return `io.k8s.${model}`;
  const [, group, version, type] = match;
  return ['io.k8s', group?.toLowerCase(), version.toLowerCase(), type]
    .filter(Boolean)
    .join('.');
}

/** The schema of one attribute type of the models, collecting the models it refers to. */
function typeSchema(
  type: string,
  format: string,
  refer: (name: string) => void,
): OpenApiSchema {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { type: 'array', items: typeSchema(array[1], '', refer) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    return {
      type: 'object',
      additionalProperties: typeSchema(map[1], '', refer),
    };
  }
  switch (type) {
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'number':
      return format === 'double' || format === 'float' || !format
        ? { type: 'number', ...(format ? { format } : {}) }
        : { type: 'integer', format };
    case 'boolean':
      return { type: 'boolean' };
    case 'Date':
      return { type: 'string', format: 'date-time' };
    case 'IntOrString':
      return { 'x-kubernetes-int-or-string': true };
    default:
      if (attributesOf(type)) {
        refer(type);
        return componentRef(definitionName(type));
      }
      // `any`, `object`: raw extensions and free-form JSON.
      return { ...OPEN_OBJECT };
  }
}

/**
 * The named schemas a model needs: itself and every model it refers to, under
 * their {@link definitionName}s.
 */
export function builtinComponents(root: string): SchemaComponents {
  const components: SchemaComponents = {};
  const pending = [root];
  while (pending.length) {
    const model = pending.pop()!;
    const name = definitionName(model);
    if (components[name]) continue;
    const properties: Record<string, OpenApiSchema> = {};
    components[name] = { type: 'object', properties };
    for (const a of attributesOf(model) ?? []) {
      properties[a.baseName] = typeSchema(a.type, a.format, n => {
        if (!components[definitionName(n)]) pending.push(n);
      });
    }
  }
  return components;
}
