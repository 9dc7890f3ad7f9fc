/**
 * The ValidatingAdmissionPolicy admission plugin: every binding whose policy
 * matches a write evaluates the policy's CEL validations against it, and the
 * first denial refuses the write with the Status the real API server sends.
 */
import { KubeObject } from '../../types';
import { isPlainObject } from '../json';
import { UserInfo } from '../rbac';
import { qualifiedResource, ResourceRegistry } from '../resources';
import { KubeStatusError, StatusDetails } from '../status';
import { ObjectStore } from '../store';
import { celErrorText, compileCelExpression, CompiledCel, toCel } from './cel';
import { matchResourcesSelect, MatchRequest } from './matching';

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';

/** A write as the policies see it. */
export interface PolicyRequest extends MatchRequest {
  kind: string;
  user: UserInfo;
  dryRun: boolean;
}

/** Compiled expressions, shared by every evaluation (expressions are pure strings). */
const compiled = new Map<string, ReturnType<typeof compileCelExpression>>();

function compile(expr: string) {
  let result = compiled.get(expr);
  if (!result) {
    result = compileCelExpression(expr);
    if (compiled.size > 2000) compiled.clear();
    compiled.set(expr, result);
  }
  return result;
}

/** Evaluates an expression; a compile error (a policy stored without validation) is an evaluation error. */
function run(expr: string, activation: Record<string, unknown>): unknown {
  const c = compile(expr);
  if (!c.ok) throw new Error(`compilation failed: ${c.error}`);
  return (c.evaluate as CompiledCel)(activation);
}

interface Decision {
  message: string;
  reason: string;
}

/** The `request` variable: the AdmissionRequest the real API server builds. */
function requestVariable(req: PolicyRequest): Record<string, unknown> {
  const kind = { group: req.group, version: req.version, kind: req.kind };
  const resource = {
    group: req.group,
    version: req.version,
    resource: req.resource,
  };
  return {
    kind,
    resource,
    subResource: req.subresource ?? '',
    requestKind: kind,
    requestResource: resource,
    requestSubResource: req.subresource ?? '',
    name: req.name,
    namespace: req.namespace ?? '',
    operation: req.operation,
    userInfo: {
      username: req.user.username,
      uid: req.user.uid ?? '',
      groups: req.user.groups,
      extra: req.user.extra ?? {},
    },
    dryRun: req.dryRun,
  };
}

/**
 * `variables`: each is computed when first used and may use the earlier ones,
 * as upstream's lazy composition does; an error surfaces only where used.
 */
function variablesOf(
  spec: Record<string, unknown>,
  activation: Record<string, unknown>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  const list = Array.isArray(spec.variables) ? spec.variables : [];
  for (const v of list) {
    if (!isPlainObject(v) || typeof v.name !== 'string') continue;
    const expr = String(v.expression ?? '');
    let cache: { value?: unknown; error?: unknown } | undefined;
    Object.defineProperty(variables, v.name, {
      enumerable: true,
      get() {
        if (!cache) {
          try {
            cache = { value: toCel(run(expr, activation)) };
          } catch (error) {
            cache = { error };
          }
        }
        if (cache.error) throw cache.error;
        return cache.value;
      },
    });
  }
  return variables;
}

/** The message of a failed validation: messageExpression, else message, else `failed expression: <expr>`. */
function failureMessage(
  validation: Record<string, unknown>,
  activation: Record<string, unknown>,
): string {
  const fallback =
    typeof validation.message === 'string' && validation.message !== ''
      ? validation.message
      : `failed expression: ${String(validation.expression).trim()}`;
  if (typeof validation.messageExpression !== 'string') return fallback;
  try {
    const m = run(validation.messageExpression, activation);
    // Upstream ignores a messageExpression result that is empty or spans lines.
    if (typeof m === 'string' && m.trim() !== '' && !/[\r\n]/.test(m)) {
      return m.trim();
    }
  } catch {
    // An erroring messageExpression falls back to the static message.
  }
  return fallback;
}

/**
 * Evaluates one policy (its match conditions, then its validations) for a
 * request. Undefined when it admits (or does not apply, or errors under `Ignore`).
 */
function evaluatePolicy(
  policy: KubeObject,
  req: PolicyRequest,
): Decision | undefined {
  const spec = isPlainObject(policy.spec) ? policy.spec : {};
  const failClosed = spec.failurePolicy !== 'Ignore';
  const activation: Record<string, unknown> = {
    object: req.object ? toCel(req.object) : null,
    oldObject: req.oldObject ? toCel(req.oldObject) : null,
    request: toCel(requestVariable(req)),
    namespaceObject: req.namespaceObject ? toCel(req.namespaceObject) : null,
    params: null,
  };
  activation.variables = variablesOf(spec, activation);
  const onError = (message: string): Decision | undefined =>
    failClosed ? { message, reason: 'Invalid' } : undefined;

  const conditions = Array.isArray(spec.matchConditions)
    ? spec.matchConditions
    : [];
  for (const c of conditions) {
    if (!isPlainObject(c)) continue;
    try {
      if (run(String(c.expression ?? ''), activation) !== true)
        return undefined;
    } catch (e) {
      // Wording of a match condition error is the sandbox's own.
      return onError(
        `failed to evaluate matchCondition '${String(c.name)}': ${celErrorText(
          e,
        )}`,
      );
    }
  }

  const validations = Array.isArray(spec.validations) ? spec.validations : [];
  for (const v of validations) {
    if (!isPlainObject(v)) continue;
    const expr = String(v.expression ?? '');
    let result: unknown;
    try {
      result = run(expr, activation);
    } catch (e) {
      // Upstream (validator.go): "expression '%v' resulted in error: %v".
      const d = onError(
        `expression '${expr}' resulted in error: ${celErrorText(e)}`,
      );
      if (d) return d;
      continue;
    }
    if (typeof result !== 'boolean') {
      const d = onError(
        `expression '${expr}' resulted in error: validation expression must evaluate to a bool, got ${typeof result}`,
      );
      if (d) return d;
      continue;
    }
    if (!result) {
      return {
        message: failureMessage(v, activation),
        reason: typeof v.reason === 'string' && v.reason ? v.reason : 'Invalid',
      };
    }
  }
  return undefined;
}

/** upstream `reasonToCode` (policy/validating/policy_decision.go). */
function reasonToCode(reason: string): number {
  switch (reason) {
    case 'Forbidden':
      return 403;
    case 'Unauthorized':
      return 401;
    case 'RequestEntityTooLarge':
      return 413;
    default:
      return 422;
  }
}

/**
 * The denial, worded as `dispatcher.go` of
 * staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating does:
 * `admission.NewForbidden(a, "ValidatingAdmissionPolicy '%s' with binding '%s'
 * denied request: %s")` with the validation's reason (Invalid → 422 by default)
 * and the message repeated as the one cause.
 */
function denial(
  req: PolicyRequest,
  policy: string,
  binding: string,
  decision: Decision,
): KubeStatusError {
  const message = `ValidatingAdmissionPolicy '${policy}' with binding '${binding}' denied request: ${decision.message}`;
  const resource = qualifiedResource({
    group: req.group,
    plural: req.resource,
  });
  const details = {
    name: req.name,
    ...(req.group ? { group: req.group } : {}),
    kind: req.resource,
    causes: [{ message }],
  } as unknown as StatusDetails;
  return new KubeStatusError(
    reasonToCode(decision.reason),
    decision.reason,
    `${resource} "${req.name}" is forbidden: ${message}`,
    details,
  );
}

/** Kinds no policy applies to, so a bad policy cannot lock the cluster out of fixing it. */
function exempt(req: MatchRequest): boolean {
  return (
    req.group === ADMISSION_GROUP &&
    [
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
      'mutatingadmissionpolicies',
      'mutatingadmissionpolicybindings',
      'validatingwebhookconfigurations',
      'mutatingwebhookconfigurations',
    ].includes(req.resource)
  );
}

/**
 * Runs every ValidatingAdmissionPolicy binding against a write; throws the
 * first denial. Bindings whose policy does not exist do nothing; only the
 * `Deny` action refuses (`Warn` and `Audit` are accepted and not acted on).
 */
export function validateWithPolicies(
  store: ObjectStore,
  registry: ResourceRegistry,
  req: PolicyRequest,
): void {
  if (exempt(req)) return;
  const policiesDef = registry.byResource(
    ADMISSION_GROUP,
    'v1',
    'validatingadmissionpolicies',
  );
  const bindingsDef = registry.byResource(
    ADMISSION_GROUP,
    'v1',
    'validatingadmissionpolicybindings',
  );
  if (!policiesDef || !bindingsDef) return;
  const policies = new Map(
    store.list(policiesDef).map(p => [p.metadata.name, p]),
  );
  const bindings = store
    .list(bindingsDef)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const binding of bindings) {
    const bspec = isPlainObject(binding.spec) ? binding.spec : {};
    const policy = policies.get(String(bspec.policyName ?? ''));
    if (!policy) continue;
    const actions = Array.isArray(bspec.validationActions)
      ? bspec.validationActions
      : [];
    if (!actions.includes('Deny')) continue;
    const pspec = isPlainObject(policy.spec) ? policy.spec : {};
    if (!matchResourcesSelect(pspec.matchConstraints, req, true)) continue;
    if (!matchResourcesSelect(bspec.matchResources, req, false)) continue;
    const decision = evaluatePolicy(policy, req);
    if (decision) {
      throw denial(req, policy.metadata.name, binding.metadata.name, decision);
    }
  }
}
