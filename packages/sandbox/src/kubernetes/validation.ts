/**
 * Validation with the real API server's messages: object names per kind, label
 * and annotation keys and values, custom kinds' schemas (the product's own for
 * the kinds it renders, minimal ones for the rest) and the few built-in rules
 * portals trip over (pods need containers, workloads a selector, bindings a
 * valid roleRef).
 */
import { KubeObject } from '../types';
import { isPlainObject } from './json';
import { labelValueErrors, nameErrors, qualifiedNameErrors } from './names';
import { policyObjectErrors } from './admission/policyValidation';
import {
  dropField,
  FieldValidationContext,
  reportStrictErrors,
} from './fieldValidation';
import { officialCrdErrors } from './crds/crdValidation';
import { officialCrdSchema } from './crds/officialCrds';
import { kindSchema } from './openapi/kindSchemas';
import { unknownFields } from './openapi/unknownFields';
import { productSchemaErrors } from './productSchemas';
import { tokenSecretErrors } from './tokenController';
import { ResourceDef } from './resources';
import { matchesLabelSelector } from './selectors';
import { FieldError, statusErrors } from './status';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/**
 * The checks decoding a body does before validation: metadata must be an
 * object and names, labels and annotations strings. Failures are 400 Bad
 * Request, as JSON decoding failures are on a real cluster.
 */
export function checkDecodable(def: ResourceDef, obj: unknown): void {
  const fail = (why: string) => {
    throw statusErrors.badRequest(
      `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${why}`,
    );
  };
  if (!isPlainObject(obj)) {
    throw statusErrors.badRequest(
      `the object provided is unrecognized (must be of type ${
        def.kind
      }): couldn't get version/kind; json parse error: expected an object, got ${typeName(
        obj,
      )}`,
    );
  }
  const meta = obj.metadata;
  if (meta === undefined || meta === null) return;
  if (!isPlainObject(meta)) {
    fail(
      `json: cannot unmarshal ${typeName(meta)} into Go struct field ${
        def.kind
      }.metadata of type v1.ObjectMeta`,
    );
    return;
  }
  for (const field of [
    'name',
    'namespace',
    'generateName',
    'resourceVersion',
  ]) {
    const v = meta[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      fail(
        `json: cannot unmarshal ${typeName(
          v,
        )} into Go struct field ObjectMeta.metadata.${field} of type string`,
      );
    }
  }
  for (const field of ['labels', 'annotations']) {
    const map = meta[field];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) {
      fail(
        `json: cannot unmarshal ${typeName(
          map,
        )} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`,
      );
      continue;
    }
    for (const v of Object.values(map)) {
      if (typeof v !== 'string') {
        fail(
          `json: cannot unmarshal ${typeName(
            v,
          )} into Go struct field ObjectMeta.metadata.${field} of type string`,
        );
      }
    }
  }
}

function validateMetadata(def: ResourceDef, obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const { name, labels, annotations } = obj.metadata;
  if (!name) {
    errs.push({
      type: 'Required',
      field: 'metadata.name',
      detail: 'name or generateName is required',
    });
  } else {
    for (const detail of nameErrors(def.nameRule, name)) {
      errs.push({
        type: 'Invalid',
        field: 'metadata.name',
        value: name,
        detail,
      });
    }
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const detail of qualifiedNameErrors(key)) {
      errs.push({
        type: 'Invalid',
        field: 'metadata.labels',
        value: key,
        detail,
      });
    }
    for (const detail of labelValueErrors(value)) {
      errs.push({
        type: 'Invalid',
        field: 'metadata.labels',
        value,
        detail,
      });
    }
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    for (const detail of qualifiedNameErrors(key.toLowerCase())) {
      errs.push({
        type: 'Invalid',
        field: 'metadata.annotations',
        value: key,
        detail,
      });
    }
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({
      type: 'TooLong',
      field: 'metadata.annotations',
      detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`,
    });
  }
  return errs;
}

function validateCustomSchema(def: ResourceDef, obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of def.schema?.required ?? []) {
    if (obj[field] === undefined || obj[field] === null) {
      errs.push({ type: 'Required', field });
    }
  }
  for (const field of def.schema?.objects ?? []) {
    const v = obj[field];
    if (v !== undefined && v !== null && !isPlainObject(v)) {
      errs.push({
        type: 'Invalid',
        field,
        value: typeName(v),
        detail: `${field} in body must be of type object: "${typeName(v)}"`,
      });
    }
  }
  return errs;
}

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
]);

function validateBuiltin(
  def: ResourceDef,
  obj: KubeObject,
  old: KubeObject | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (def.group === '' && def.kind === 'Pod') {
    const containers = spec?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      errs.push({ type: 'Required', field: 'spec.containers' });
    }
  }
  if (def.group === 'apps' && WORKLOAD_KINDS.has(def.kind)) {
    const selector = spec?.selector;
    if (!isPlainObject(selector)) {
      errs.push({ type: 'Required', field: 'spec.selector' });
    } else {
      const template = isPlainObject(spec?.template) ? spec!.template : {};
      const templateMeta = isPlainObject(
        (template as Record<string, unknown>).metadata,
      )
        ? ((template as Record<string, unknown>).metadata as Record<
            string,
            unknown
          >)
        : {};
      const labels = isPlainObject(templateMeta.labels)
        ? (templateMeta.labels as Record<string, string>)
        : {};
      if (!matchesLabelSelector(selector, labels)) {
        errs.push({
          type: 'Invalid',
          field: 'spec.template.metadata.labels',
          value: labels,
          detail: '`selector` does not match template `labels`',
        });
      }
    }
  }
  if (
    def.group === 'rbac.authorization.k8s.io' &&
    def.kind.endsWith('Binding')
  ) {
    errs.push(...validateBinding(def, obj, old));
  }
  errs.push(...policyObjectErrors(def, obj));
  if (def.group === '' && def.kind === 'Secret') {
    errs.push(...tokenSecretErrors(obj));
  }
  return errs;
}

function validateBinding(
  def: ResourceDef,
  obj: KubeObject,
  old: KubeObject | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const roleRef = isPlainObject(obj.roleRef) ? obj.roleRef : {};
  const allowedKinds =
    def.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!roleRef.kind) {
    errs.push({ type: 'Required', field: 'roleRef.kind' });
  } else if (!allowedKinds.includes(String(roleRef.kind))) {
    errs.push({
      type: 'NotSupported',
      field: 'roleRef.kind',
      value: roleRef.kind,
      detail: `supported values: ${allowedKinds.map(k => `"${k}"`).join(', ')}`,
    });
  }
  if (roleRef.apiGroup !== 'rbac.authorization.k8s.io') {
    errs.push({
      type: 'NotSupported',
      field: 'roleRef.apiGroup',
      value: roleRef.apiGroup ?? '',
      detail: 'supported values: "rbac.authorization.k8s.io"',
    });
  }
  if (!roleRef.name) {
    errs.push({ type: 'Required', field: 'roleRef.name' });
  }
  if (old && JSON.stringify(old.roleRef) !== JSON.stringify(obj.roleRef)) {
    errs.push({
      type: 'Invalid',
      field: 'roleRef',
      value: obj.roleRef,
      detail: 'cannot change roleRef',
    });
  }
  const subjects = Array.isArray(obj.subjects) ? obj.subjects : [];
  subjects.forEach((s: unknown, i: number) => {
    const subject = isPlainObject(s) ? s : {};
    const field = `subjects[${i}]`;
    if (!['ServiceAccount', 'User', 'Group'].includes(String(subject.kind))) {
      errs.push({
        type: 'NotSupported',
        field: `${field}.kind`,
        value: subject.kind ?? '',
        detail: 'supported values: "ServiceAccount", "User", "Group"',
      });
    }
    if (!subject.name) {
      errs.push({ type: 'Required', field: `${field}.name` });
    }
  });
  return errs;
}

/**
 * The unknown fields of a built-in kind or of a kind served from its official
 * CRD (against the schema the server publishes), or of a custom kind without a
 * product schema (none: its CRD keeps them), answered as the request's field
 * validation says and dropped.
 */
function decodeFields(
  def: ResourceDef,
  obj: KubeObject,
  fields: FieldValidationContext,
): void {
  const unknown =
    def.custom && !officialCrdSchema(def)
      ? []
      : unknownFields(kindSchema(def), obj);
  reportStrictErrors(
    fields,
    def,
    obj,
    unknown.map(u => u.field),
  );
  for (const u of unknown) dropField(obj, u.path);
}

/**
 * Validates an object about to be stored; `old` is the stored version on updates.
 * Unknown and duplicate fields are answered as `fields` (the request's
 * `fieldValidation`) says: a 400 under `Strict`, warnings under `Warn`, and
 * dropped. Throws a 422 Invalid Status listing every other error, as the real
 * API server does.
 */
export function validateObject(
  def: ResourceDef,
  obj: KubeObject,
  options: { old?: KubeObject; fields: FieldValidationContext },
): void {
  const product =
    def.custom && !officialCrdSchema(def)
      ? productSchemaErrors(def, obj, options.fields)
      : undefined;
  if (!product) decodeFields(def, obj, options.fields);
  const official = def.custom
    ? officialCrdErrors(def, obj, options.old)
    : undefined;
  const errs = [
    ...validateMetadata(def, obj),
    ...(def.custom
      ? official ?? product ?? validateCustomSchema(def, obj)
      : validateBuiltin(def, obj, options.old)),
  ];
  if (errs.length > 0) {
    throw statusErrors.invalid(def, obj.metadata.name ?? '', errs);
  }
}
