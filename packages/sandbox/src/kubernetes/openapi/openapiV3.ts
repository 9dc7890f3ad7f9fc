/**
 * The OpenAPI v3 documents of the API server, as kubectl reads them: the root
 * (`/openapi/v3`) lists one document per group-version with its
 * `serverRelativeURL` and a content hash; each document
 * (`/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>`) has the paths of
 * its resources, whose operations carry `x-kubernetes-group-version-kind` and the
 * `fieldValidation` parameter (kubectl's test for server-side field validation),
 * and the schemas of its kinds.
 */
import { createHash } from 'node:crypto';
import { ResourceDef, ResourceRegistry } from '../resources';
import { kindSchema } from './kindSchemas';
import { componentRef, SchemaComponents } from './schema';

type Json = Record<string, unknown>;

/** `api/v1` or `apis/apps/v1`: the key of a group-version in the root document. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const QUERY = (name: string, description: string) => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', uniqueItems: true },
});

const PARAMETERS = {
  dryRun: QUERY(
    'dryRun',
    'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: QUERY(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  fieldValidation: QUERY(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: unknown fields are dropped silently. - Warn: a warning for each unknown field that is dropped and each duplicate field (the default). - Strict: the request fails with a BadRequest error on any unknown or duplicate field.',
  ),
  force: {
    name: 'force',
    in: 'query',
    description:
      'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.',
    schema: { type: 'boolean', uniqueItems: true },
  },
  labelSelector: QUERY(
    'labelSelector',
    'A selector to restrict the list of returned objects by their labels.',
  ),
  fieldSelector: QUERY(
    'fieldSelector',
    'A selector to restrict the list of returned objects by their fields.',
  ),
};

const PATH = (name: string) => ({
  name,
  in: 'path',
  required: true,
  description: `${name} of the ${name === 'namespace' ? 'object' : 'resource'}`,
  schema: { type: 'string', uniqueItems: true },
});

function body(schema: object, types: string[]) {
  return {
    content: Object.fromEntries(types.map(t => [t, { schema }])),
    required: true,
  };
}

function answer(schema: object, ...codes: string[]) {
  return {
    responses: Object.fromEntries(
      codes.map(code => [
        code,
        {
          description: code === '201' ? 'Created' : 'OK',
          content: { 'application/json': { schema } },
        },
      ]),
    ),
  };
}

/** The paths of one resource: its collection, its objects and its status. */
function resourcePaths(def: ResourceDef): Record<string, Json> {
  const { name } = kindSchema(def);
  const ref = componentRef(name);
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const base = `/${groupVersionPath(def.group, def.version)}`;
  const scope = def.namespaced ? `${base}/namespaces/{namespace}` : base;
  const can = (verb: string) => def.verbs.includes(verb);
  const op = (action: string, id: string, extra: Json) => ({
    operationId: `${id}${def.kind}`,
    description: `${action} ${def.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    ...extra,
  });
  const write = [
    PARAMETERS.dryRun,
    PARAMETERS.fieldManager,
    PARAMETERS.fieldValidation,
  ];
  // CRDs take no strategic merge patch; built-in kinds do.
  const patchTypes = [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    ...(def.custom ? [] : ['application/strategic-merge-patch+json']),
  ];
  const pathParams = def.namespaced ? [PATH('namespace')] : [];
  const collection: Json = { parameters: pathParams };
  if (can('list')) {
    collection.get = op('list', 'list', {
      parameters: [PARAMETERS.labelSelector, PARAMETERS.fieldSelector],
      ...answer({ type: 'object' }, '200'),
    });
  }
  if (can('create')) {
    collection.post = op('post', 'create', {
      parameters: write,
      requestBody: body(ref, ['*/*']),
      ...answer(ref, '200', '201'),
    });
  }
  const paths: Record<string, Json> = {
    [`${scope}/${def.plural}`]: collection,
  };
  if (def.virtual) return paths;
  const item: Json = { parameters: [PATH('name'), ...pathParams] };
  if (can('get')) item.get = op('get', 'read', answer(ref, '200'));
  if (can('update')) {
    item.put = op('put', 'replace', {
      parameters: write,
      requestBody: body(ref, ['*/*']),
      ...answer(ref, '200', '201'),
    });
  }
  if (can('patch')) {
    item.patch = op('patch', 'patch', {
      parameters: [...write, PARAMETERS.force],
      requestBody: body({ type: 'object' }, patchTypes),
      ...answer(ref, '200', '201'),
    });
  }
  if (can('delete')) item.delete = op('delete', 'delete', answer(ref, '200'));
  paths[`${scope}/${def.plural}/{name}`] = item;
  if (def.statusSubresource) {
    paths[`${scope}/${def.plural}/{name}/status`] = {
      parameters: item.parameters,
      get: op('get', 'read', answer(ref, '200')),
      put: op('put', 'replace', {
        parameters: write,
        requestBody: body(ref, ['*/*']),
        ...answer(ref, '200', '201'),
      }),
      patch: op('patch', 'patch', {
        parameters: [...write, PARAMETERS.force],
        requestBody: body({ type: 'object' }, patchTypes),
        ...answer(ref, '200', '201'),
      }),
    };
  }
  return paths;
}

/** Built documents, by group-version; rebuilt when a kind is registered. */
const built = new Map<string, { kinds: number; doc: Json }>();

/** The OpenAPI v3 document of one group-version, or undefined when none is served. */
export function groupVersionDocument(
  registry: ResourceRegistry,
  group: string,
  version: string,
  kubernetesVersion: string,
): Json | undefined {
  const key = `${group}/${version}/${kubernetesVersion}`;
  const kinds = registry.all().length;
  const cached = built.get(key);
  if (cached?.kinds === kinds) return cached.doc;
  const doc = buildDocument(registry, group, version, kubernetesVersion);
  if (doc) built.set(key, { kinds, doc });
  return doc;
}

function buildDocument(
  registry: ResourceRegistry,
  group: string,
  version: string,
  kubernetesVersion: string,
): Json | undefined {
  const defs = registry.resourcesIn(group, version);
  if (!defs.length) return undefined;
  const schemas: SchemaComponents = {};
  let paths: Record<string, Json> = {};
  for (const def of defs) {
    Object.assign(schemas, kindSchema(def).components);
    paths = { ...paths, ...resourcePaths(def) };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `v${kubernetesVersion}` },
    paths,
    components: { schemas },
  };
}

const hashes = new WeakMap<Json, string>();

/** The hash a document is addressed with (upper-case hex SHA-512, as the API server writes it). */
export function documentHash(doc: Json): string {
  let hash = hashes.get(doc);
  if (!hash) {
    hash = createHash('sha512')
      .update(JSON.stringify(doc))
      .digest('hex')
      .toUpperCase();
    hashes.set(doc, hash);
  }
  return hash;
}

/** `/openapi/v3`: every group-version with the URL of its document. */
export function openApiV3Root(
  registry: ResourceRegistry,
  kubernetesVersion: string,
): Json {
  const paths: Record<string, Json> = {};
  for (const { group, versions } of registry.groupVersions()) {
    for (const version of versions) {
      const key = groupVersionPath(group, version);
      const doc = groupVersionDocument(
        registry,
        group,
        version,
        kubernetesVersion,
      )!;
      paths[key] = {
        serverRelativeURL: `/openapi/v3/${key}?hash=${documentHash(doc)}`,
      };
    }
  }
  return { paths };
}
