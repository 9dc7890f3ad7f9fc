/**
 * Which OpenAPI document a path under `/openapi` asks for: `/openapi/v2` (JSON
 * only), `/openapi/v3` (the root) or `/openapi/v3/api/v1`,
 * `/openapi/v3/apis/<group>/<version>`.
 */
import { ResourceRegistry } from '../resources';
import { KubeStatusError, statusErrors } from '../status';
import { openApiV2Document } from './openapiV2';
import { groupVersionDocument, openApiV3Root } from './openapiV3';

/** Whether an Accept header takes JSON (absent, `application/json`, `*\/*`). */
function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept
    .split(',')
    .map(a => a.split(';')[0].trim())
    .some(a => ['application/json', 'application/*', '*/*'].includes(a));
}

/** The group-version of `api/v1` or `apis/<group>/<version>` (as path segments). */
function groupVersionOf(
  segments: string[],
): { group: string; version: string } | undefined {
  const [api, ...rest] = segments;
  if (api === 'api' && rest.length === 1)
    return { group: '', version: rest[0] };
  if (api === 'apis' && rest.length === 2) {
    return { group: rest[0], version: rest[1] };
  }
  return undefined;
}

/**
 * The document at `/openapi/...` (path segments, `openapi` first). v2 is served as
 * JSON only: a client asking for protobuf alone (client-go's `OpenAPISchema`) gets
 * 406, as from a server that cannot produce it.
 */
export function openApiDocument(
  registry: ResourceRegistry,
  parts: string[],
  accept: string | undefined,
  kubernetesVersion: string,
): unknown {
  const [, version, ...gv] = parts;
  if (version === 'v2' && gv.length === 0) {
    if (!acceptsJson(accept)) {
      throw new KubeStatusError(
        406,
        'NotAcceptable',
        'only the following media types are accepted: application/json (the sandbox does not serve OpenAPI v2 as protobuf)',
        {},
      );
    }
    return openApiV2Document(registry, kubernetesVersion);
  }
  if (version !== 'v3') throw statusErrors.noRoute();
  if (gv.length === 0) return openApiV3Root(registry, kubernetesVersion);
  const gvOf = groupVersionOf(gv);
  const doc =
    gvOf &&
    groupVersionDocument(registry, gvOf.group, gvOf.version, kubernetesVersion);
  if (!doc) throw statusErrors.noRoute();
  return doc;
}
