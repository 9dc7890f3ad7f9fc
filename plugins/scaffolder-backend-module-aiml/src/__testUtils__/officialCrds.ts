/**
 * Test helper: the official CRDs of the custom kinds the golden paths render
 * (copied byte-for-byte into ./crds, provenance in its README), and the check of
 * an object against the served version of its kind's CRD. The files are read at
 * test time, not imported: they are megabytes of YAML.
 */
import { ValidateFunction } from 'ajv';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { describeError, structuralAjv, toAjvSchema } from './structuralSchema';

/** Where the copied CRDs are. */
export const OFFICIAL_CRD_DIR = path.join(__dirname, 'crds');

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';
const QUALIFIED_NAME =
  '^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const ANY = {};

/**
 * An object's own metadata, which a CRD leaves to the API server (`type: object`):
 * checked loosely here (the fields of ObjectMeta, names, namespace, labels and
 * annotations as strings of their syntax).
 */
const OBJECT_META = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 253, pattern: DNS_SUBDOMAIN },
    namespace: { type: 'string', maxLength: 63, pattern: DNS_LABEL },
    labels: {
      type: 'object',
      propertyNames: { maxLength: 317, pattern: QUALIFIED_NAME },
      additionalProperties: {
        type: 'string',
        maxLength: 63,
        pattern: LABEL_VALUE,
      },
    },
    annotations: {
      type: 'object',
      propertyNames: { maxLength: 317, pattern: QUALIFIED_NAME },
      additionalProperties: { type: 'string' },
    },
    generateName: { type: 'string' },
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: { type: 'array' },
    uid: ANY,
    resourceVersion: ANY,
    generation: ANY,
    creationTimestamp: ANY,
    deletionTimestamp: ANY,
    deletionGracePeriodSeconds: ANY,
    managedFields: ANY,
  },
};

/** A served version of a CRD. */
export type OfficialCrdVersion = {
  file: string;
  apiVersion: string;
  kind: string;
  openAPIV3Schema: Record<string, any>;
};

function loadCrds(): OfficialCrdVersion[] {
  return fs
    .readdirSync(OFFICIAL_CRD_DIR)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(file => {
      const crd = parse(
        fs.readFileSync(path.join(OFFICIAL_CRD_DIR, file), 'utf8'),
      );
      return crd.spec.versions
        .filter((v: any) => v.served)
        .map((v: any) => ({
          file,
          apiVersion: `${crd.spec.group}/${v.name}`,
          kind: crd.spec.names.kind,
          openAPIV3Schema: v.schema.openAPIV3Schema,
        }));
    });
}

let crds: OfficialCrdVersion[] | undefined;
const validators = new Map<OfficialCrdVersion, ValidateFunction>();
const ajv = structuralAjv();

/** Every served version of the copied CRDs. */
export function officialCrds(): OfficialCrdVersion[] {
  crds ??= loadCrds();
  return crds;
}

/** The copied CRD version of an object's apiVersion and kind, if there is one. */
export function officialCrdOf(obj: {
  apiVersion: string;
  kind: string;
}): OfficialCrdVersion | undefined {
  return officialCrds().find(
    c => c.apiVersion === obj.apiVersion && c.kind === obj.kind,
  );
}

function validatorOf(crd: OfficialCrdVersion): ValidateFunction {
  let validate = validators.get(crd);
  if (!validate) {
    const schema = toAjvSchema(crd.openAPIV3Schema);
    validate = ajv.compile({
      ...schema,
      properties: { ...schema.properties, metadata: OBJECT_META },
    });
    validators.set(crd, validate);
  }
  return validate;
}

/**
 * What the official CRD refuses in an object, each as
 * `<kind> <namespace>/<name>: <field path>: <problem> [<rule>]`; empty when valid.
 * Throws for an object without a copied CRD.
 */
export function officialCrdProblems(obj: any): string[] {
  const crd = officialCrdOf(obj);
  const name = `${obj.kind} ${obj.metadata?.namespace}/${obj.metadata?.name}`;
  if (!crd) {
    throw new Error(
      `${name}: no official CRD of ${obj.apiVersion} ${obj.kind} in ${OFFICIAL_CRD_DIR}`,
    );
  }
  const validate = validatorOf(crd);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(
    e => `${name}: ${describeError(e)} (${crd.file}, ${crd.apiVersion})`,
  );
}
