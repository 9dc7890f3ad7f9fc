import { BundleObject } from './bundle';

/**
 * The fields of a bundle object that decide what it allows; everything else
 * (metadata the API server adds, status) is not compared.
 */
const DECIDING_FIELDS: Record<string, string[]> = {
  ClusterRole: ['rules', 'aggregationRule'],
  Role: ['rules', 'aggregationRule'],
  ClusterRoleBinding: ['roleRef', 'subjects'],
  RoleBinding: ['roleRef', 'subjects'],
  ValidatingAdmissionPolicy: ['spec'],
  ValidatingAdmissionPolicyBinding: ['spec'],
  Namespace: [],
  ServiceAccount: [],
};

/** Values the API server fills in when they are left out: equal to leaving them out. */
const DEFAULTS: Array<[RegExp, unknown]> = [
  [/^spec\.matchConstraints\.matchPolicy$/, 'Equivalent'],
  [/^spec\.matchResources\.matchPolicy$/, 'Equivalent'],
  [/^spec\.matchConstraints\.objectSelector$/, {}],
  [/^spec\.matchResources\.objectSelector$/, {}],
  // A policy for every namespace leaves the selector out; the server stores `{}`.
  [/^spec\.matchConstraints\.namespaceSelector$/, {}],
  [/^spec\.matchResources\.namespaceSelector$/, {}],
  [/^spec\.matchConstraints\.resourceRules\[\d+\]\.scope$/, '*'],
  [/^spec\.failurePolicy$/, 'Fail'],
  [/^spec\.validations\[\d+\]\.reason$/, 'Invalid'],
  [/\.resourceNames$/, []],
  [/\.nonResourceURLs$/, []],
  [/^subjects\[\d+\]\.namespace$/, ''],
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Drops fields whose value is the API server's default, recursively. */
function normalise(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => normalise(v, `${path}[${i}]`));
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const here = path ? `${path}.${key}` : key;
    const v = value[key];
    if (v === undefined || v === null) continue;
    if (DEFAULTS.some(([p, d]) => p.test(here) && same(v, d))) continue;
    out[key] = normalise(v, here);
  }
  return out;
}

/**
 * How a live object differs from the bundle's copy, in words; empty when it is
 * the same. A missing object, an added rule or field (an extra matchCondition
 * would exempt someone), or an aggregation rule are all differences.
 *
 * @public
 */
export function bundleObjectDifferences(
  expected: BundleObject,
  live: Record<string, unknown> | undefined,
): string[] {
  const what = `${expected.kind} ${
    expected.metadata.namespace ? `${expected.metadata.namespace}/` : ''
  }${expected.metadata.name}`;
  if (!live) return [`${what} is missing`];
  const differences: string[] = [];
  for (const field of DECIDING_FIELDS[expected.kind] ?? []) {
    const want = normalise((expected as Record<string, unknown>)[field], field);
    const have = normalise(live[field], field);
    if (!same(want, have)) {
      differences.push(`${what}: ${field} differs from the bundle`);
    }
  }
  return differences;
}

/**
 * The API path of a bundle object, to read it from a cluster.
 *
 * @public
 */
export function bundleObjectPath(object: BundleObject): string {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const plural = object.kind.toLowerCase().replace(/y$/, 'ie').concat('s');
  const ns = object.metadata.namespace
    ? `/namespaces/${object.metadata.namespace}`
    : '';
  return `${base}${ns}/${plural}/${object.metadata.name}`;
}
