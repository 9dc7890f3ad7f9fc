/**
 * Turns a request's method and URL into what it asks for, the way the real API
 * server's RequestInfoFactory does: authorization and routing both read it.
 */
import { statusErrors } from './status';

/** A request for a resource (`/api/v1/namespaces/x/pods/y/status`). */
export interface ResourceRequestInfo {
  type: 'resource';
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** Path segments beyond `{resource}/{name}/{subresource}`: no such route. */
  extraParts: boolean;
}

/** A request for a path that is no resource (`/version`, `/api`, `/apis/apps`). */
export interface NonResourceRequestInfo {
  type: 'nonResource';
  verb: string;
  path: string;
}

/** What a request asks for. */
export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

/** Subresources that follow a namespace's name directly (`/namespaces/x/status`). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function decodeSegments(pathname: string): string[] {
  try {
    return pathname
      .split('/')
      .filter(s => s !== '')
      .map(s => decodeURIComponent(s));
  } catch {
    throw statusErrors.badRequest(`invalid URL escape in path "${pathname}"`);
  }
}

/** Parses a request. `watch` is whether the query asks to watch. */
export function parseRequestInfo(
  method: string,
  pathname: string,
  watch: boolean,
): RequestInfo {
  const parts = decodeSegments(pathname);
  const lower = method.toLowerCase();
  const nonResource = (): RequestInfo => ({
    type: 'nonResource',
    verb: lower === 'head' ? 'get' : lower,
    path: `/${parts.join('/')}`,
  });
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length > 2) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length > 3) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return nonResource();
  }

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
      rest = rest.slice(2);
    }
  }
  const [resource, name, subresource] = rest;

  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (name !== undefined) verb = 'get';
      else verb = watch ? 'watch' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name !== undefined ? 'delete' : 'deletecollection';
      break;
    default:
      verb = lower;
  }
  return {
    type: 'resource',
    verb,
    group,
    version,
    resource,
    ...(subresource !== undefined ? { subresource } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    extraParts: rest.length > 3,
  };
}
