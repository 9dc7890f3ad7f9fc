/**
 * The fields of an object its kind's schema does not declare, as the API server's
 * strict decoding finds them: paths such as
 * `spec.template.spec.containers[0].imagePullPolicyy`.
 */
import { isPlainObject } from '../json';
import { KindSchema } from './kindSchemas';
import { OpenApiSchema, refName } from './schema';

/** One undeclared field: its path as Kubernetes writes it, and as keys and indexes. */
export interface UnknownField {
  field: string;
  path: Array<string | number>;
}

function fieldPath(path: Array<string | number>): string {
  return path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`,
    )
    .join('');
}

/** Every field of `obj` its kind's schema does not declare. */
export function unknownFields(
  schema: KindSchema,
  obj: unknown,
): UnknownField[] {
  const found: UnknownField[] = [];
  const resolve = (s: OpenApiSchema | undefined): OpenApiSchema | undefined => {
    let at = s;
    for (let hops = 0; at?.$ref && hops < 8; hops++) {
      at = schema.components[refName(at.$ref)];
    }
    return at?.allOf?.length === 1 ? resolve(at.allOf[0]) : at;
  };
  const walk = (
    value: unknown,
    s: OpenApiSchema | undefined,
    path: Array<string | number>,
  ) => {
    const at = resolve(s);
    if (!at || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, at.items, [...path, i]));
      return;
    }
    if (!isPlainObject(value)) return;
    const open = at['x-kubernetes-preserve-unknown-fields'] === true;
    const extra =
      typeof at.additionalProperties === 'object'
        ? at.additionalProperties
        : undefined;
    if (!at.properties && !extra) return;
    for (const [key, v] of Object.entries(value)) {
      const declared = at.properties?.[key] ?? extra;
      if (declared) walk(v, declared, [...path, key]);
      else if (!open)
        found.push({ field: fieldPath([...path, key]), path: [...path, key] });
    }
  };
  walk(obj, schema.components[schema.name], []);
  return found;
}
