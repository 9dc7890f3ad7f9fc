/**
 * Label and field selectors: the `labelSelector`/`fieldSelector` query strings of
 * list requests, and `LabelSelector` objects (workload selectors, ClusterRole
 * aggregation rules).
 */
import { KubeObject } from '../types';
import { isPlainObject } from './json';
import { ResourceDef } from './resources';
import { statusErrors } from './status';
import { labelValueErrors, qualifiedNameErrors } from './names';

/** One parsed requirement of a label selector. */
export interface LabelRequirement {
  key: string;
  operator: 'exists' | '!' | '=' | '!=' | 'in' | 'notin' | '>' | '<';
  values: string[];
}

type Token =
  | { type: 'ident'; value: string }
  | { type: 'op'; value: string }
  | { type: 'eof' };

const SPECIAL = new Set([
  ' ',
  '\t',
  '\n',
  '\r',
  ',',
  '(',
  ')',
  '=',
  '!',
  '<',
  '>',
]);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ type: 'op', value: '==' });
      i += 2;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ type: 'op', value: '!=' });
      i += 2;
    } else if (SPECIAL.has(c)) {
      tokens.push({ type: 'op', value: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j])) j++;
      tokens.push({ type: 'ident', value: input.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ type: 'eof' });
  return tokens;
}

function parseError(detail: string): never {
  throw statusErrors.badRequest(`unable to parse requirement: ${detail}`);
}

function describe(t: Token): string {
  return t.type === 'eof' ? 'EOF' : t.value;
}

/**
 * Parses a label selector string (`a=b,c!=d,e in (x,y),f notin (z),g,!h`).
 * Throws a 400 Bad Request Status when it does not parse or names invalid keys or values.
 */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const ident = (expected: string): string => {
    const t = next();
    if (t.type !== 'ident') {
      parseError(`found '${describe(t)}', expected: ${expected}`);
    }
    return t.value;
  };
  const reqs: LabelRequirement[] = [];
  if (peek().type === 'eof') return reqs;
  for (;;) {
    let req: LabelRequirement;
    const first = peek();
    if (first.type === 'op' && first.value === '!') {
      next();
      req = { key: ident('identifier'), operator: '!', values: [] };
    } else {
      const key = ident('identifier');
      const op = peek();
      if (op.type === 'eof' || (op.type === 'op' && op.value === ',')) {
        req = { key, operator: 'exists', values: [] };
      } else if (
        op.type === 'ident' &&
        (op.value === 'in' || op.value === 'notin')
      ) {
        next();
        const open = next();
        if (open.type !== 'op' || open.value !== '(') {
          parseError(`found '${describe(open)}', expected: '('`);
        }
        const values: string[] = [];
        for (;;) {
          const t = next();
          if (t.type === 'ident') {
            values.push(t.value);
            const sep = next();
            if (sep.type === 'op' && sep.value === ')') break;
            if (sep.type !== 'op' || sep.value !== ',') {
              parseError(`found '${describe(sep)}', expected: ',' or ')'`);
            }
          } else if (
            t.type === 'op' &&
            t.value === ')' &&
            values.length === 0
          ) {
            break;
          } else {
            parseError(`found '${describe(t)}', expected: identifier`);
          }
        }
        if (values.length === 0) {
          parseError(`for 'in', 'notin' operators, values set can't be empty`);
        }
        req = { key, operator: op.value as 'in' | 'notin', values };
      } else if (
        op.type === 'op' &&
        ['=', '==', '!=', '>', '<'].includes(op.value)
      ) {
        next();
        const v = peek();
        let value = '';
        if (v.type === 'ident') {
          next();
          value = v.value;
        }
        const operator = (
          op.value === '==' ? '=' : op.value
        ) as LabelRequirement['operator'];
        if ((operator === '>' || operator === '<') && !/^-?\d+$/.test(value)) {
          parseError(
            `for 'Gt', 'Lt' operators, the value must be an integer, got '${value}'`,
          );
        }
        req = { key, operator, values: [value] };
      } else {
        parseError(
          `found '${describe(op)}', expected: in, notin, =, ==, !=, gt, lt`,
        );
      }
    }
    for (const e of qualifiedNameErrors(req.key)) {
      parseError(`key: Invalid value: "${req.key}": ${e}`);
    }
    if (req.operator !== '>' && req.operator !== '<') {
      req.values.forEach((v, i) => {
        for (const e of labelValueErrors(v)) {
          parseError(`values[${i}][${req.key}]: Invalid value: "${v}": ${e}`);
        }
      });
    }
    reqs.push(req);
    const sep = next();
    if (sep.type === 'eof') return reqs;
    if (sep.type !== 'op' || sep.value !== ',') {
      parseError(`found '${describe(sep)}', expected: ',' or 'end of string'`);
    }
  }
}

/** Whether labels satisfy every requirement. */
export function matchesRequirements(
  reqs: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return reqs.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case '=':
        return has && v === r.values[0];
      case '!=':
        return !has || v !== r.values[0];
      case 'in':
        return has && r.values.includes(v);
      case 'notin':
        return !has || !r.values.includes(v);
      case '>':
      case '<': {
        if (!has || !/^-?\d+$/.test(v)) return false;
        const n = Number(v);
        const bound = Number(r.values[0]);
        return r.operator === '>' ? n > bound : n < bound;
      }
      default:
        return false;
    }
  });
}

/**
 * Whether labels match a `LabelSelector` object (matchLabels and matchExpressions).
 * An empty selector matches everything; a malformed one matches nothing.
 */
export function matchesLabelSelector(
  selector: unknown,
  labels: Record<string, string> | undefined,
): boolean {
  if (!isPlainObject(selector)) return false;
  const l = labels ?? {};
  const matchLabels = isPlainObject(selector.matchLabels)
    ? selector.matchLabels
    : {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (l[k] !== v) return false;
  }
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  for (const e of expressions) {
    if (!isPlainObject(e) || typeof e.key !== 'string') return false;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** One term of a field selector. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** The extra fields built-in kinds accept in field selectors (keyed `group/Kind`). */
const KIND_FIELDS: Record<string, string[]> = {
  '/Pod': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  '/Event': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  '/Secret': ['type'],
  '/Node': ['spec.unschedulable'],
  '/Namespace': ['status.phase'],
  'batch/Job': ['status.successful'],
  'apps/ReplicaSet': ['status.replicas'],
};

/** Fields whose absent value reads as a default, as the real field label converters do. */
const FIELD_DEFAULTS: Record<string, string> = {
  'spec.hostNetwork': 'false',
  'spec.unschedulable': 'false',
};

function splitUnescaped(input: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) {
      cur += c + input[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/**
 * Parses a field selector (`metadata.name=x,status.phase!=Running`) for a kind;
 * fields the kind does not support are a 400 Bad Request, as on a real cluster.
 */
export function parseFieldSelector(
  input: string,
  def: ResourceDef,
): FieldRequirement[] {
  const supported = [
    ...COMMON_FIELDS,
    ...(KIND_FIELDS[`${def.group}/${def.kind}`] ?? []),
  ];
  const reqs: FieldRequirement[] = [];
  for (const term of splitUnescaped(input, ',')) {
    if (term.trim() === '') continue;
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/s.exec(term.trim());
    if (!m) {
      throw statusErrors.badRequest(
        `invalid selector: '${term}'; can't understand '${term}'`,
      );
    }
    const [, field, op, raw] = m;
    if (!supported.includes(field)) {
      throw statusErrors.badRequest(
        def.custom
          ? `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
          : `field label not supported: ${field}`,
      );
    }
    reqs.push({
      field,
      operator: op === '!=' ? '!=' : '=',
      value: unescape(raw),
    });
  }
  return reqs;
}

function fieldValue(obj: KubeObject, field: string): string {
  const path = field === 'source' ? ['source', 'component'] : field.split('.');
  let cur: unknown = obj;
  for (const p of path) {
    cur = isPlainObject(cur) ? cur[p] : undefined;
  }
  if (cur === undefined || cur === null) return FIELD_DEFAULTS[field] ?? '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Whether an object satisfies every field requirement. */
export function matchesFields(
  reqs: FieldRequirement[],
  obj: KubeObject,
): boolean {
  return reqs.every(r => {
    const v = fieldValue(obj, r.field);
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}
