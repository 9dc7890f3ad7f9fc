import { AccessPolicyAssociation } from '../types';
import {
  ACCESS_POLICY_ARN_PREFIX,
  ACCESS_POLICY_NAMES,
  StoredAccessEntry,
} from './eksAccessEntries';
import {
  clusterShape,
  EksNodegroupSpec,
  epochSeconds,
  nodegroupShape,
} from './eksClusters';
import { EksApiError, invalidParameter, notFound } from './eksErrors';
import { EksState } from './eksState';
import { AwsResponse, jsonError, jsonResponse } from './responses';
import { parseQueryString } from './sigv4';

/**
 * The EKS API over restJson1, as the real service routes it: the operation is
 * the method and path, labels are percent-encoded path segments, list
 * parameters are in the query and inputs are a JSON body. Unknown JSON members
 * are ignored, as EKS (and Smithy servers generally) do for forward
 * compatibility.
 */

/** An authenticated EKS request, as received. */
export interface EksRequest {
  method: string;
  /** The raw path (percent-encoded segments). */
  path: string;
  /** The raw query string. */
  query: string;
  body: Buffer;
}

/** What an EKS request is answered from. */
export interface EksRequestContext {
  eks: EksState;
  /** The region of the request's signature: EKS answers for that region only. */
  region: string;
}

type Json = Record<string, unknown>;

function serializationError(message: string): EksApiError {
  return new EksApiError(400, 'SerializationException', message);
}

/** The JSON body of a POST; malformed JSON is a SerializationException, as with EKS. */
function jsonBody(body: Buffer): Json {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw serializationError(
      `Unable to parse the request body as JSON: ${(e as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serializationError('The request body must be a JSON object');
  }
  return value as Json;
}

function optionalString(body: Json, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw serializationError(`${name} must be a string`);
  }
  return value;
}

function requiredString(body: Json, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined || value === '') {
    throw invalidParameter(`${name} is required`);
  }
  return value;
}

function optionalStringList(body: Json, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
    throw serializationError(`${name} must be a list of strings`);
  }
  return value;
}

function optionalStringMap(
  body: Json,
  name: string,
): Record<string, string> | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.values(value).every(v => typeof v === 'string')
  ) {
    throw serializationError(`${name} must be a map of strings`);
  }
  return value as Record<string, string>;
}

function optionalScope(
  body: Json,
): { type?: string; namespaces?: string[] } | undefined {
  const value = body.accessScope;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw serializationError('accessScope must be an object');
  }
  return {
    type: optionalString(value as Json, 'type'),
    namespaces: optionalStringList(value as Json, 'namespaces'),
  };
}

/**
 * Pagination as EKS does it: maxResults 1..100 (default 100) and an opaque
 * nextToken that resumes after the last item returned. The token is bound to
 * the listing it came from, so it can't be replayed on another one.
 */
function paginate<T>(
  items: T[],
  keyOf: (item: T) => string,
  query: Map<string, string>,
  listing: string,
): { page: T[]; nextToken?: string } {
  const max = query.get('maxResults');
  let maxResults = 100;
  if (max !== undefined) {
    maxResults = Number(max);
    if (!/^\d+$/.test(max) || maxResults < 1 || maxResults > 100) {
      throw invalidParameter('maxResults must be between 1 and 100');
    }
  }
  let start = 0;
  const token = query.get('nextToken');
  if (token !== undefined) {
    let after: unknown;
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
      after = decoded.listing === listing ? decoded.after : undefined;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') {
      throw invalidParameter('The nextToken provided is not valid.');
    }
    start = items.findIndex(item => keyOf(item) > after!);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + maxResults);
  const more = start + maxResults < items.length;
  return {
    page,
    nextToken: more
      ? Buffer.from(
          JSON.stringify({ listing, after: keyOf(page[page.length - 1]) }),
        ).toString('base64url')
      : undefined,
  };
}

function entryShape(e: StoredAccessEntry): Json {
  return {
    clusterName: e.clusterName,
    principalArn: e.principalArn,
    kubernetesGroups: e.kubernetesGroups,
    accessEntryArn: e.accessEntryArn,
    createdAt: epochSeconds(e.createdAtMs),
    modifiedAt: epochSeconds(e.modifiedAtMs),
    tags: e.tags,
    username: e.username,
    type: e.type,
  };
}

function associationShape(a: AccessPolicyAssociation): Json {
  return {
    policyArn: a.policyArn,
    accessScope: {
      type: a.accessScope.type,
      namespaces: a.accessScope.namespaces ?? [],
    },
    associatedAt: epochSeconds(a.associatedAtMs),
    modifiedAt: epochSeconds(a.modifiedAtMs),
  };
}

type Route = (
  labels: string[],
  query: Map<string, string>,
  body: Buffer,
  ctx: EksRequestContext,
) => AwsResponse;

function ok(body: unknown): AwsResponse {
  return jsonResponse(200, body);
}

const listClusters: Route = (_l, query, _b, { eks, region }) => {
  const { page, nextToken } = paginate(
    eks.clusters(region),
    c => c.name,
    query,
    `clusters/${region}`,
  );
  return ok({ clusters: page.map(c => c.name), nextToken });
};

const describeCluster: Route = ([name], _q, _b, { eks, region }) =>
  ok({ cluster: clusterShape(eks.requireCluster(name, region)) });

const listNodegroups: Route = ([name], query, _b, { eks, region }) => {
  const cluster = eks.requireCluster(name, region);
  const { page, nextToken } = paginate(
    [...cluster.nodegroups].sort((a, b) => (a.name < b.name ? -1 : 1)),
    ng => ng.name,
    query,
    `nodegroups/${cluster.arn}`,
  );
  return ok({ nodegroups: page.map(ng => ng.name), nextToken });
};

const describeNodegroup: Route = ([name, ngName], _q, _b, { eks, region }) => {
  const cluster = eks.requireCluster(name, region);
  const ng = cluster.nodegroups.find(n => n.name === ngName);
  if (!ng) throw notFound(`No node group found for name: ${ngName}.`);
  return ok({ nodegroup: nodegroupShape(cluster, ng) });
};

function optionalCount(body: Json, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalidParameter(`${name} must be a whole number, 0 or more`);
  }
  return value;
}

const TAINT_EFFECTS = ['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'];

function optionalTaints(body: Json): EksNodegroupSpec['taints'] {
  const value = body.taints;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serializationError('taints must be a list');
  return value.map(t => {
    const taint = (t ?? {}) as Json;
    const effect = requiredString(taint, 'effect');
    if (!TAINT_EFFECTS.includes(effect)) {
      throw invalidParameter(
        `taint effect must be one of ${TAINT_EFFECTS.join(', ')}`,
      );
    }
    return {
      key: requiredString(taint, 'key'),
      value: optionalString(taint, 'value'),
      effect: effect as 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE',
    };
  });
}

/**
 * CreateNodegroup: the group is stored ACTIVE at once (the sandbox launches no
 * instances). One instance type is kept, as the sandbox's node groups have one.
 */
const createNodegroup: Route = ([name], _q, raw, { eks, region }) => {
  const body = jsonBody(raw);
  requiredString(body, 'nodeRole');
  if (!optionalStringList(body, 'subnets')?.length) {
    throw invalidParameter('subnets is required');
  }
  const scaling = (body.scalingConfig ?? {}) as Json;
  if (typeof scaling !== 'object' || Array.isArray(scaling)) {
    throw serializationError('scalingConfig must be an object');
  }
  const maxSize = optionalCount(scaling, 'maxSize') ?? 2;
  const minSize = optionalCount(scaling, 'minSize') ?? 1;
  const desiredSize = optionalCount(scaling, 'desiredSize') ?? minSize;
  if (maxSize < 1 || minSize > desiredSize || desiredSize > maxSize) {
    throw invalidParameter(
      `scalingConfig must have 0 <= minSize <= desiredSize <= maxSize and maxSize >= 1 (minSize ${minSize}, desiredSize ${desiredSize}, maxSize ${maxSize})`,
    );
  }
  const capacityType = optionalString(body, 'capacityType') ?? 'ON_DEMAND';
  if (capacityType !== 'ON_DEMAND' && capacityType !== 'SPOT') {
    throw invalidParameter('capacityType must be ON_DEMAND or SPOT');
  }
  const ng = eks.addNodegroup(name, region, {
    name: requiredString(body, 'nodegroupName'),
    instanceType: optionalStringList(body, 'instanceTypes')?.[0] ?? 't3.medium',
    capacityType,
    size: desiredSize,
    minSize,
    maxSize,
    labels: optionalStringMap(body, 'labels'),
    taints: optionalTaints(body),
    amiType: optionalString(body, 'amiType'),
  });
  return ok({
    nodegroup: nodegroupShape(eks.requireCluster(name, region), ng),
  });
};

const createAccessEntry: Route = ([name], _q, raw, { eks, region }) => {
  const cluster = eks.requireCluster(name, region);
  const body = jsonBody(raw);
  const entry = eks.accessEntries.create(cluster, {
    principalArn: requiredString(body, 'principalArn'),
    kubernetesGroups: optionalStringList(body, 'kubernetesGroups'),
    tags: optionalStringMap(body, 'tags'),
    clientRequestToken: optionalString(body, 'clientRequestToken'),
    username: optionalString(body, 'username'),
    type: optionalString(body, 'type'),
  });
  return ok({ accessEntry: entryShape(entry) });
};

const listAccessEntries: Route = ([name], query, _b, { eks, region }) => {
  const cluster = eks.requireCluster(name, region);
  const policyArn = query.get('associatedPolicyArn');
  const { page, nextToken } = paginate(
    eks.accessEntries.list(cluster.name, policyArn),
    e => e.principalArn,
    query,
    `access-entries/${cluster.arn}/${policyArn ?? ''}`,
  );
  return ok({ accessEntries: page.map(e => e.principalArn), nextToken });
};

const describeAccessEntry: Route = ([name, arn], _q, _b, { eks, region }) => {
  const cluster = eks.requireCluster(name, region);
  const entry = eks.accessEntries.describe(cluster.name, arn);
  return ok({ accessEntry: entryShape(entry) });
};

const updateAccessEntry: Route = ([name, arn], _q, raw, { eks, region }) => {
  const cluster = eks.requireCluster(name, region);
  const body = jsonBody(raw);
  const entry = eks.accessEntries.update(cluster.name, arn, {
    kubernetesGroups: optionalStringList(body, 'kubernetesGroups'),
    username: optionalString(body, 'username'),
  });
  return ok({ accessEntry: entryShape(entry) });
};

const deleteAccessEntry: Route = ([name, arn], _q, _b, { eks, region }) => {
  const cluster = eks.requireCluster(name, region);
  eks.accessEntries.delete(cluster.name, arn);
  return ok({});
};

const associateAccessPolicy: Route = ([name, arn], _q, raw, ctx) => {
  const cluster = ctx.eks.requireCluster(name, ctx.region);
  const body = jsonBody(raw);
  const association = ctx.eks.accessEntries.associate(
    cluster.name,
    arn,
    requiredString(body, 'policyArn'),
    optionalScope(body),
  );
  return ok({
    clusterName: cluster.name,
    principalArn: arn,
    associatedAccessPolicy: associationShape(association),
  });
};

const listAssociatedAccessPolicies: Route = ([name, arn], query, _b, ctx) => {
  const cluster = ctx.eks.requireCluster(name, ctx.region);
  const { page, nextToken } = paginate(
    ctx.eks.accessEntries.policies(cluster.name, arn),
    p => p.policyArn,
    query,
    `access-policies/${cluster.arn}/${arn}`,
  );
  return ok({
    clusterName: cluster.name,
    principalArn: arn,
    nextToken,
    associatedAccessPolicies: page.map(associationShape),
  });
};

const disassociateAccessPolicy: Route = (
  [name, arn, policyArn],
  _q,
  _b,
  ctx,
) => {
  const cluster = ctx.eks.requireCluster(name, ctx.region);
  ctx.eks.accessEntries.disassociate(cluster.name, arn, policyArn);
  return ok({});
};

const listAccessPolicies: Route = (_l, query) => {
  const policies = ACCESS_POLICY_NAMES.map(n => ({
    name: n,
    arn: `${ACCESS_POLICY_ARN_PREFIX}${n}`,
  })).sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const { page, nextToken } = paginate(
    policies,
    p => p.arn,
    query,
    'access-policies',
  );
  return ok({ accessPolicies: page, nextToken });
};

/**
 * The routes, by method and path pattern (`*` is one label), with the name of
 * the EKS operation. Operations the sandbox does not emulate fall through to
 * UnknownOperationException.
 */
const ROUTES: Array<[string, string[], Route, string]> = [
  ['GET', ['clusters'], listClusters, 'ListClusters'],
  ['GET', ['clusters', '*'], describeCluster, 'DescribeCluster'],
  ['GET', ['clusters', '*', 'node-groups'], listNodegroups, 'ListNodegroups'],
  [
    'POST',
    ['clusters', '*', 'node-groups'],
    createNodegroup,
    'CreateNodegroup',
  ],
  [
    'GET',
    ['clusters', '*', 'node-groups', '*'],
    describeNodegroup,
    'DescribeNodegroup',
  ],
  [
    'POST',
    ['clusters', '*', 'access-entries'],
    createAccessEntry,
    'CreateAccessEntry',
  ],
  [
    'GET',
    ['clusters', '*', 'access-entries'],
    listAccessEntries,
    'ListAccessEntries',
  ],
  [
    'GET',
    ['clusters', '*', 'access-entries', '*'],
    describeAccessEntry,
    'DescribeAccessEntry',
  ],
  [
    'POST',
    ['clusters', '*', 'access-entries', '*'],
    updateAccessEntry,
    'UpdateAccessEntry',
  ],
  [
    'DELETE',
    ['clusters', '*', 'access-entries', '*'],
    deleteAccessEntry,
    'DeleteAccessEntry',
  ],
  [
    'POST',
    ['clusters', '*', 'access-entries', '*', 'access-policies'],
    associateAccessPolicy,
    'AssociateAccessPolicy',
  ],
  [
    'GET',
    ['clusters', '*', 'access-entries', '*', 'access-policies'],
    listAssociatedAccessPolicies,
    'ListAssociatedAccessPolicies',
  ],
  [
    'DELETE',
    ['clusters', '*', 'access-entries', '*', 'access-policies', '*'],
    disassociateAccessPolicy,
    'DisassociateAccessPolicy',
  ],
  ['GET', ['access-policies'], listAccessPolicies, 'ListAccessPolicies'],
];

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function match(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const labels: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const segment = decodeSegment(segments[i]);
    if (segment === undefined || segment === '') return undefined;
    if (pattern[i] === '*') labels.push(segment);
    else if (pattern[i] !== segment) return undefined;
  }
  return labels;
}

/** The EKS operation a request names (e.g. `CreateAccessEntry`), if the sandbox emulates it. */
export function eksOperationOf(
  method: string,
  path: string,
): string | undefined {
  const segments = path.split('/').slice(1);
  return ROUTES.find(
    ([m, pattern]) => m === method && match(pattern, segments) !== undefined,
  )?.[3];
}

/** Answers an authenticated EKS request. Never throws for client errors. */
export function handleEksRequest(
  req: EksRequest,
  ctx: EksRequestContext,
): AwsResponse {
  const segments = req.path.split('/').slice(1);
  for (const [method, pattern, route] of ROUTES) {
    const labels = match(pattern, segments);
    if (!labels || method !== req.method) continue;
    try {
      return route(labels, new Map(parseQueryString(req.query)), req.body, ctx);
    } catch (e) {
      if (e instanceof EksApiError)
        return jsonError(e.status, e.type, e.message);
      throw e;
    }
  }
  return jsonError(
    404,
    'UnknownOperationException',
    `The sandbox does not emulate ${req.method} ${req.path}`,
  );
}
