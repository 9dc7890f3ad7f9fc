/**
 * The CEL environment of ValidatingAdmissionPolicies: compiling (parse and
 * type-check) and evaluating expressions over Kubernetes objects.
 *
 * The engine is `@marcbachmann/cel-js` (standard macros `all`, `exists`,
 * `exists_one`, `map`, `filter`, `has()`, string functions, optional chaining).
 * Kubernetes adds CEL libraries the engine does not have (`quantity`, `url`,
 * `ip`/`cidr`, `authz`, `regex.find`, `lists` such as `isSorted`/`indexOf`,
 * `format`): an expression using them does not compile here, as it would not
 * on an API server without them. The README lists them.
 */
import { Environment } from '@marcbachmann/cel-js';
import { isPlainObject } from '../json';

/**
 * The variables an admission expression may use. `params` is declared so that
 * expressions naming it compile, as upstream; the sandbox binds it to null (it
 * refuses policies with a paramKind). `authorizer` is not declared: the sandbox
 * has no `authz` library, so expressions using it fail to compile.
 */
export const ADMISSION_VARIABLES = [
  'object',
  'oldObject',
  'request',
  'params',
  'namespaceObject',
  'variables',
] as const;

function createEnvironment(): Environment {
  const env = new Environment({
    // Kubernetes' CEL enables optional types (`object.?spec.orValue(...)`).
    enableOptionalTypes: true,
    // Kubernetes' objects are heterogeneous JSON: list literals like `['a', 1]` are allowed.
    homogeneousAggregateLiterals: false,
  });
  for (const name of ADMISSION_VARIABLES) {
    env.registerVariable(name, 'dyn');
  }
  return env;
}

const environment = createEnvironment();

/** A compiled expression, ready to evaluate against an activation. */
export type CompiledCel = (activation: Record<string, unknown>) => unknown;

/** The outcome of compiling an expression. */
export type CelCompileResult =
  | { ok: true; evaluate: CompiledCel }
  | { ok: false; error: string };

/** 1-based line and column of an offset, as cel-go reports `<input>:L:C`. */
function position(expr: string, offset: number): string {
  const before = expr.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

function compileError(expr: string, e: unknown): string {
  const err = e as {
    summary?: string;
    message?: string;
    range?: { start: number };
  };
  const text = err.summary ?? String(err.message ?? e).split('\n')[0];
  const where = err.range ? position(expr, err.range.start) : '1:1';
  // cel-go words it `ERROR: <input>:1:5: Syntax error: ...`; the detail text here is cel-js's own.
  return `ERROR: <input>:${where}: ${text}`;
}

/**
 * Compiles a CEL expression in the admission environment: a syntax error, an
 * unknown variable or function (e.g. a Kubernetes CEL library the engine
 * lacks) or a type error is a failure, as `CompileCELExpression` of the real
 * API server reports at policy creation. Products use it to check the
 * expressions they ship.
 */
export function compileCelExpression(expr: string): CelCompileResult {
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = environment.parse(expr);
  } catch (e) {
    return { ok: false, error: compileError(expr, e) };
  }
  const checked = parsed.check();
  if (!checked.valid) {
    return { ok: false, error: compileError(expr, checked.error) };
  }
  return { ok: true, evaluate: activation => parsed(activation) };
}

/**
 * Converts JSON into CEL values: integers become CEL `int` (bigint), as the
 * real API server decodes them from the object's schema; other numbers stay doubles.
 */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map(toCel);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toCel(v);
    }
    return out;
  }
  return value;
}

/** A short description of a CEL evaluation error (its first line). */
export function celErrorText(e: unknown): string {
  const err = e as { summary?: string; message?: string };
  return err.summary ?? String(err.message ?? e).split('\n')[0];
}
