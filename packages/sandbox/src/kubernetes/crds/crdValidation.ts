/**
 * Validation of a write of a kind served from its official CRD, as the
 * apiserver does after decoding: defaults first, then the structural schema
 * and its CEL rules (transition rules against the stored object on updates).
 */
import { KubeObject } from '../../types';
import { ResourceDef } from '../resources';
import { FieldError } from '../status';
import { officialCrdSchema } from './officialCrds';
import { applySchemaDefaults, schemaErrors } from './structuralSchema';

/** What of the object the schema checks: everything but metadata, which the server validates itself. */
function withoutMetadata(obj: KubeObject | undefined): unknown {
  if (!obj) return undefined;
  const { metadata: _m, ...rest } = obj;
  return rest;
}

/**
 * Defaults `obj` in place and returns the field errors of its official CRD's
 * schema; undefined for kinds without an official CRD.
 */
export function officialCrdErrors(
  def: ResourceDef,
  obj: KubeObject,
  old: KubeObject | undefined,
): FieldError[] | undefined {
  const schema = officialCrdSchema(def);
  if (!schema) return undefined;
  applySchemaDefaults(schema, obj);
  const { metadata: _metadata, ...properties } = schema.properties ?? {};
  return schemaErrors(
    { ...schema, properties },
    withoutMetadata(obj),
    withoutMetadata(old),
  );
}
