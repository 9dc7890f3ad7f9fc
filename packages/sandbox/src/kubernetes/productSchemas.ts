/**
 * The product's schemas of its custom kinds (from `@eks-aiml/plugin-aiml-common`,
 * the same ones the renderers check against), enforced as a real API server
 * enforces a CRD's structural schema: unknown fields are refused under
 * `fieldValidation=Strict` and pruned otherwise; every other violation is a
 * field error of a 422 Invalid.
 */
import {
  CustomKindIssue,
  customKindIssues,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../types';
import { isPlainObject } from './json';
import { ResourceDef } from './resources';
import { FieldError, statusErrors } from './status';

/** What of the metadata a CRD's schema sees. */
const CLIENT_METADATA = ['name', 'namespace', 'labels', 'annotations'];

/** How the API server renders a value in an Invalid error: scalars as they are, else their type. */
function shownValue(value: unknown): unknown {
  if (Array.isArray(value)) return 'array';
  return isPlainObject(value) ? 'object' : value;
}

function fieldError(issue: CustomKindIssue): FieldError {
  switch (issue.type) {
    case 'Required':
      return { type: 'Required', field: issue.field };
    case 'NotSupported':
      return {
        type: 'NotSupported',
        field: issue.field,
        value: issue.value,
        detail: `supported values: ${(issue.supported ?? [])
          .map(v => JSON.stringify(v))
          .join(', ')}`,
      };
    default:
      return {
        type: 'Invalid',
        field: issue.field,
        value: shownValue(issue.value),
        detail: issue.message,
      };
  }
}

/** Deletes the member at `path` of an object, as pruning does. */
function prune(obj: Record<string, unknown>, path: Array<string | number>) {
  let at: unknown = obj;
  for (const key of path.slice(0, -1)) {
    at = (at as Record<string | number, unknown> | undefined)?.[key];
  }
  if (isPlainObject(at)) delete at[String(path[path.length - 1])];
}

/**
 * The field errors of an object of a custom kind against the product's schema,
 * or undefined when the product owns no schema for the kind. Unknown fields are
 * a 400 strict decoding error when `strictFields`, and are pruned from `obj`
 * otherwise.
 */
export function productSchemaErrors(
  def: ResourceDef,
  obj: KubeObject,
  strictFields: boolean,
): FieldError[] | undefined {
  // What the client controls: the status and server-set metadata are the server's.
  const { status: _status, metadata, ...rest } = obj;
  const written = {
    ...rest,
    metadata: Object.fromEntries(
      CLIENT_METADATA.filter(k => metadata[k] !== undefined).map(k => [
        k,
        metadata[k],
      ]),
    ),
  };
  const issues = customKindIssues(written);
  if (!issues) return undefined;
  const unknown = issues.filter(i => i.type === 'Unknown');
  if (unknown.length > 0 && strictFields) {
    throw statusErrors.badRequest(
      `${def.kind} in version "${def.version}" cannot be handled as a ${
        def.kind
      }: strict decoding error: ${unknown
        .map(i => `unknown field "${i.field}"`)
        .join(', ')}`,
    );
  }
  for (const issue of unknown) prune(obj, issue.path);
  return issues.filter(i => i.type !== 'Unknown').map(fieldError);
}
