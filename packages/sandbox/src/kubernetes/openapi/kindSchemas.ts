/**
 * The published schema of each kind the server serves: built-in kinds from the
 * Kubernetes API models, custom kinds from their (product) schemas. Computed once
 * per kind.
 */
import { ResourceDef } from '../resources';
import {
  builtinComponents,
  builtinModelName,
  definitionName,
} from './builtinSchemas';
import { customComponents } from './customSchemas';
import { SchemaComponents } from './schema';

/** A kind's schema: the name of its root in `components` and everything it refers to. */
export interface KindSchema {
  name: string;
  components: SchemaComponents;
}

const OBJECT_META = 'V1ObjectMeta';
const cache = new WeakMap<ResourceDef, KindSchema>();

function build(def: ResourceDef): KindSchema {
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  if (!def.custom) {
    const model = builtinModelName(def);
    if (model) {
      const name = definitionName(model);
      const components = builtinComponents(model);
      components[name] = {
        ...components[name],
        'x-kubernetes-group-version-kind': [gvk],
      };
      return { name, components };
    }
  }
  const components = {
    ...customComponents(def, definitionName(OBJECT_META)),
    ...builtinComponents(OBJECT_META),
  };
  const name = Object.keys(components)[0];
  components[name]['x-kubernetes-group-version-kind'] = [gvk];
  return { name, components };
}

/** The schema of a kind the server serves. */
export function kindSchema(def: ResourceDef): KindSchema {
  let schema = cache.get(def);
  if (!schema) {
    schema = build(def);
    cache.set(def, schema);
  }
  return schema;
}
