/**
 * Validation and defaulting of ValidatingAdmissionPolicy and
 * ValidatingAdmissionPolicyBinding objects, as the real API server's
 * `pkg/apis/admissionregistration/validation` does: every CEL expression must
 * compile when the policy is written, so a broken policy is refused at once
 * (422) rather than failing every request later.
 */
import { KubeObject } from '../../types';
import { isPlainObject } from '../json';
import { ResourceDef } from '../resources';
import { FieldError } from '../status';
import { compileCelExpression } from './cel';
import { ADMISSION_GROUP } from './validatingPolicies';

const OPERATIONS = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
const ACTIONS = ['Deny', 'Warn', 'Audit'];

function isPolicyKind(def: ResourceDef, kind: string): boolean {
  return def.group === ADMISSION_GROUP && def.kind === kind;
}

/** Defaults of `SetDefaults_ValidatingAdmissionPolicySpec` and `SetDefaults_MatchResources`. */
function defaultMatchResources(match: Record<string, unknown>): void {
  match.matchPolicy ??= 'Equivalent';
  match.namespaceSelector ??= {};
  match.objectSelector ??= {};
  for (const key of ['resourceRules', 'excludeResourceRules']) {
    const rules = match[key];
    if (!Array.isArray(rules)) continue;
    for (const r of rules) if (isPlainObject(r)) r.scope ??= '*';
  }
}

/** Applies the API server's defaults to a policy or binding being written. */
export function defaultPolicyObject(def: ResourceDef, obj: KubeObject): void {
  if (!isPlainObject(obj.spec)) return;
  const spec = obj.spec;
  if (isPolicyKind(def, 'ValidatingAdmissionPolicy')) {
    spec.failurePolicy ??= 'Fail';
    if (isPlainObject(spec.matchConstraints)) {
      defaultMatchResources(spec.matchConstraints);
    }
  } else if (isPolicyKind(def, 'ValidatingAdmissionPolicyBinding')) {
    if (isPlainObject(spec.matchResources)) {
      defaultMatchResources(spec.matchResources);
    }
  }
}

function compileField(
  errs: FieldError[],
  field: string,
  expr: unknown,
  required: boolean,
): void {
  if (expr === undefined || expr === '') {
    if (required) errs.push({ type: 'Required', field });
    return;
  }
  if (typeof expr !== 'string') return;
  const result = compileCelExpression(expr);
  if (!result.ok) {
    // Upstream: field.Invalid(fldPath, expression, "compilation failed: " + issues).
    errs.push({
      type: 'Invalid',
      field,
      value: expr,
      detail: `compilation failed: ${result.error}`,
    });
  }
}

function validateRules(errs: FieldError[], field: string, rules: unknown[]) {
  rules.forEach((r, i) => {
    const rule = isPlainObject(r) ? r : {};
    const at = `${field}[${i}]`;
    for (const key of ['apiGroups', 'apiVersions', 'resources', 'operations']) {
      if (!Array.isArray(rule[key]) || (rule[key] as unknown[]).length === 0) {
        errs.push({ type: 'Required', field: `${at}.${key}` });
      }
    }
    const ops = Array.isArray(rule.operations) ? rule.operations : [];
    ops.forEach((op, j) => {
      if (!OPERATIONS.includes(String(op))) {
        errs.push({
          type: 'NotSupported',
          field: `${at}.operations[${j}]`,
          value: op,
          detail: `supported values: ${OPERATIONS.map(o => `"${o}"`).join(
            ', ',
          )}`,
        });
      }
    });
  });
}

function validatePolicy(spec: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.paramKind !== undefined && spec.paramKind !== null) {
    // The sandbox has no params: refused rather than silently evaluated with `params == null`.
    errs.push({
      type: 'Forbidden',
      field: 'spec.paramKind',
      detail:
        "the sandbox's Kubernetes API server does not support paramKind (policies with params)",
    });
  }
  if (!['Fail', 'Ignore'].includes(String(spec.failurePolicy))) {
    errs.push({
      type: 'NotSupported',
      field: 'spec.failurePolicy',
      value: spec.failurePolicy,
      detail: 'supported values: "Fail", "Ignore"',
    });
  }
  const match = spec.matchConstraints;
  if (!isPlainObject(match)) {
    errs.push({ type: 'Required', field: 'spec.matchConstraints' });
  } else {
    const rules = Array.isArray(match.resourceRules) ? match.resourceRules : [];
    if (rules.length === 0) {
      errs.push({
        type: 'Required',
        field: 'spec.matchConstraints.resourceRules',
      });
    }
    validateRules(errs, 'spec.matchConstraints.resourceRules', rules);
  }
  const validations = Array.isArray(spec.validations) ? spec.validations : [];
  const audits = Array.isArray(spec.auditAnnotations)
    ? spec.auditAnnotations
    : [];
  if (validations.length === 0 && audits.length === 0) {
    errs.push({
      type: 'Required',
      field: 'spec.validations',
      detail: 'validations or auditAnnotations must contain at least one item',
    });
  }
  const variables = Array.isArray(spec.variables) ? spec.variables : [];
  variables.forEach((v, i) => {
    const variable = isPlainObject(v) ? v : {};
    if (!variable.name) {
      errs.push({ type: 'Required', field: `spec.variables[${i}].name` });
    }
    compileField(
      errs,
      `spec.variables[${i}].expression`,
      variable.expression,
      true,
    );
  });
  const conditions = Array.isArray(spec.matchConditions)
    ? spec.matchConditions
    : [];
  conditions.forEach((c, i) => {
    const condition = isPlainObject(c) ? c : {};
    if (!condition.name) {
      errs.push({ type: 'Required', field: `spec.matchConditions[${i}].name` });
    }
    compileField(
      errs,
      `spec.matchConditions[${i}].expression`,
      condition.expression,
      true,
    );
  });
  validations.forEach((v, i) => {
    const validation = isPlainObject(v) ? v : {};
    compileField(
      errs,
      `spec.validations[${i}].expression`,
      validation.expression,
      true,
    );
    compileField(
      errs,
      `spec.validations[${i}].messageExpression`,
      validation.messageExpression,
      false,
    );
    const reason = validation.reason;
    const reasons = [
      'Unauthorized',
      'Forbidden',
      'Invalid',
      'RequestEntityTooLarge',
    ];
    if (reason !== undefined && !reasons.includes(String(reason))) {
      errs.push({
        type: 'NotSupported',
        field: `spec.validations[${i}].reason`,
        value: reason,
        detail: `supported values: ${reasons.map(r => `"${r}"`).join(', ')}`,
      });
    }
  });
  return errs;
}

function validateBinding(spec: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.policyName) {
    errs.push({ type: 'Required', field: 'spec.policyName' });
  }
  if (spec.paramRef !== undefined && spec.paramRef !== null) {
    errs.push({
      type: 'Forbidden',
      field: 'spec.paramRef',
      detail:
        "the sandbox's Kubernetes API server does not support paramRef (policies with params)",
    });
  }
  const actions = Array.isArray(spec.validationActions)
    ? spec.validationActions
    : [];
  if (actions.length === 0) {
    errs.push({
      type: 'Required',
      field: 'spec.validationActions',
      detail: 'at least one validation action is required',
    });
  }
  actions.forEach((a, i) => {
    if (!ACTIONS.includes(String(a))) {
      errs.push({
        type: 'NotSupported',
        field: `spec.validationActions[${i}]`,
        value: a,
        detail: 'supported values: "Audit", "Deny", "Warn"',
      });
    }
  });
  if (actions.includes('Deny') && actions.includes('Warn')) {
    errs.push({
      type: 'Invalid',
      field: 'spec.validationActions',
      value: actions,
      detail:
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    });
  }
  if (isPlainObject(spec.matchResources)) {
    const rules = spec.matchResources.resourceRules;
    if (Array.isArray(rules)) {
      validateRules(errs, 'spec.matchResources.resourceRules', rules);
    }
  }
  return errs;
}

/** Field errors of a policy or binding (none for other kinds). */
export function policyObjectErrors(
  def: ResourceDef,
  obj: KubeObject,
): FieldError[] {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (isPolicyKind(def, 'ValidatingAdmissionPolicy')) {
    return spec ? validatePolicy(spec) : [{ type: 'Required', field: 'spec' }];
  }
  if (isPolicyKind(def, 'ValidatingAdmissionPolicyBinding')) {
    return spec
      ? validateBinding(spec)
      : [{ type: 'Required', field: 'spec.policyName' }];
  }
  return [];
}
