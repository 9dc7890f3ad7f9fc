/**
 * Which requests a ValidatingAdmissionPolicy's `matchConstraints` (or a
 * binding's `matchResources`) select: resource rules, namespace and object
 * selectors, as the real API server's `matching` package decides.
 */
import { KubeObject } from '../../types';
import { isPlainObject } from '../json';
import { matchesLabelSelector } from '../selectors';

/** What matching needs to know about a request. */
export interface MatchRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  group: string;
  version: string;
  /** The plural resource, e.g. `pods`. */
  resource: string;
  subresource?: string;
  name: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  object?: KubeObject;
  oldObject?: KubeObject;
  /** The request's namespace, when the object is namespaced and it exists. */
  namespaceObject?: KubeObject;
  /** Whether the object itself is a Namespace. */
  isNamespace: boolean;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const listHas = (list: string[], value: string) =>
  list.includes('*') || list.includes(value);

/**
 * Whether `resources` of a rule covers the request: `*` is every resource but
 * no subresource, `*\/*` everything, `pods/*` every subresource of pods,
 * `*\/status` the status of everything.
 */
function resourceMatches(resources: string[], req: MatchRequest): boolean {
  const sub = req.subresource ?? '';
  return resources.some(r => {
    const [res, subPart] = r.split('/', 2) as [string, string | undefined];
    if (subPart === undefined) {
      return sub === '' && (res === '*' || res === req.resource);
    }
    return (
      (res === '*' || res === req.resource) &&
      (subPart === '*' || subPart === sub)
    );
  });
}

/** Whether one `NamedRuleWithOperations` matches the request. */
export function ruleMatches(rule: unknown, req: MatchRequest): boolean {
  if (!isPlainObject(rule)) return false;
  if (!listHas(strings(rule.operations), req.operation)) return false;
  if (!listHas(strings(rule.apiGroups), req.group)) return false;
  if (!listHas(strings(rule.apiVersions), req.version)) return false;
  if (!resourceMatches(strings(rule.resources), req)) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && req.namespace !== undefined) return false;
  if (scope === 'Namespaced' && req.namespace === undefined) return false;
  const names = strings(rule.resourceNames);
  return names.length === 0 || names.includes(req.name);
}

/**
 * The namespace selector: on a namespaced object, the labels of its
 * namespace; on a Namespace, its own labels; other cluster-scoped objects
 * always match (as upstream documents it).
 */
function namespaceSelected(selector: unknown, req: MatchRequest): boolean {
  if (!isPlainObject(selector)) return true;
  if (req.isNamespace) {
    const labels = (req.object ?? req.oldObject)?.metadata.labels;
    return matchesLabelSelector(selector, labels);
  }
  if (req.namespace === undefined) return true;
  return matchesLabelSelector(selector, req.namespaceObject?.metadata.labels);
}

/** The object selector matches when either the new or the old object's labels match. */
function objectSelected(selector: unknown, req: MatchRequest): boolean {
  if (!isPlainObject(selector)) return true;
  return [req.object, req.oldObject].some(
    o => o !== undefined && matchesLabelSelector(selector, o.metadata.labels),
  );
}

/**
 * Whether a `MatchResources` (a policy's `matchConstraints` or a binding's
 * `matchResources`) selects the request. `requireRules`: a policy's
 * constraints must list resource rules; a binding without any matches every
 * request its policy matches.
 */
export function matchResourcesSelect(
  match: unknown,
  req: MatchRequest,
  requireRules: boolean,
): boolean {
  if (!isPlainObject(match)) return !requireRules;
  if (!namespaceSelected(match.namespaceSelector, req)) return false;
  if (!objectSelected(match.objectSelector, req)) return false;
  const rules = Array.isArray(match.resourceRules) ? match.resourceRules : [];
  if (rules.length > 0 || requireRules) {
    if (!rules.some(r => ruleMatches(r, req))) return false;
  }
  const excluded = Array.isArray(match.excludeResourceRules)
    ? match.excludeResourceRules
    : [];
  return !excluded.some(r => ruleMatches(r, req));
}
