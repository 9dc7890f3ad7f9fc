/**
 * `/openapi/v2` as JSON (Swagger 2.0), made from the same documents as v3: every
 * group-version's paths and schemas in one document, with references under
 * `#/definitions/`.
 */
import { ResourceRegistry } from '../resources';
import { groupVersionDocument } from './openapiV3';

type Json = Record<string, unknown>;

/** A v3 value with its schema references pointed at v2's `definitions`. */
function v2Refs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(v2Refs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string'
        ? v.replace('#/components/schemas/', '#/definitions/')
        : v2Refs(v),
    ]),
  );
}

/** A v3 parameter (schema inside) as v2 writes it (type beside the name). */
function v2Parameter(p: Json): Json {
  const { schema, ...rest } = p as { schema?: Json } & Json;
  return { ...rest, ...(schema ?? {}) };
}

/** A v3 operation as v2 writes it: the request body as a `body` parameter. */
function v2Operation(op: Json): Json {
  const {
    requestBody,
    responses,
    parameters = [],
    ...rest
  } = op as {
    requestBody?: { content: Record<string, { schema: Json }> };
    responses?: Record<
      string,
      { description: string; content?: Record<string, { schema: Json }> }
    >;
    parameters?: Json[];
  } & Json;
  const content = requestBody ? Object.entries(requestBody.content) : [];
  return {
    ...rest,
    ...(content.length ? { consumes: content.map(([type]) => type) } : {}),
    produces: ['application/json'],
    parameters: [
      ...(parameters as Json[]).map(v2Parameter),
      ...(content.length
        ? [
            {
              name: 'body',
              in: 'body',
              required: true,
              schema: content[0][1].schema,
            },
          ]
        : []),
    ],
    responses: Object.fromEntries(
      Object.entries(responses ?? {}).map(([code, r]) => [
        code,
        {
          description: r.description,
          schema: r.content?.['application/json']?.schema,
        },
      ]),
    ),
  };
}

/** `/openapi/v2`: the whole API in one Swagger 2.0 document. */
export function openApiV2Document(
  registry: ResourceRegistry,
  kubernetesVersion: string,
): Json {
  const paths: Record<string, Json> = {};
  const definitions: Record<string, unknown> = {};
  for (const { group, versions } of registry.groupVersions()) {
    for (const version of versions) {
      const doc = groupVersionDocument(
        registry,
        group,
        version,
        kubernetesVersion,
      ) as { paths: Record<string, Json>; components: { schemas: Json } };
      Object.assign(definitions, doc.components.schemas);
      for (const [path, item] of Object.entries(doc.paths)) {
        paths[path] = Object.fromEntries(
          Object.entries(item).map(([method, value]) => [
            method,
            method === 'parameters'
              ? (value as Json[]).map(v2Parameter)
              : v2Operation(value as Json),
          ]),
        );
      }
    }
  }
  return v2Refs({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: `v${kubernetesVersion}` },
    paths,
    definitions,
  }) as Json;
}
