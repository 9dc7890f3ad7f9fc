/**
 * The product's schemas of its custom kinds (from `@eks-aiml/plugin-aiml-common`,
 * the same ones the renderers check against), enforced as a real API server
 * enforces a CRD's structural schema: unknown fields are refused under
 * `fieldValidation=Strict` and pruned otherwise (with a warning under `Warn`);
 * every other violation is a field error of a 422 Invalid.
 */
import {
  CustomKindIssue,
  customKindIssues,
} from '@eks-aiml/plugin-aiml-common';
import { KubeObject } from '../types';
import { isPlainObject } from './json';
import {
  dropField,
  FieldValidationContext,
  reportStrictErrors,
} from './fieldValidation';
import { ResourceDef } from './resources';
import { FieldError } from './status';

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

/**
 * The field errors of an object of a custom kind against the product's schema,
 * or undefined when the product owns no schema for the kind. Unknown fields are
 * answered as the request's field validation says (a 400 strict decoding error
 * under `Strict`, a warning under `Warn`) and pruned from `obj`, as a CRD's
 * structural schema prunes them.
 */
export function productSchemaErrors(
  def: ResourceDef,
  obj: KubeObject,
  fields: FieldValidationContext,
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
  reportStrictErrors(
    fields,
    def,
    obj,
    unknown.map(i => i.field),
  );
  for (const issue of unknown) dropField(obj, issue.path);
  return issues.filter(i => i.type !== 'Unknown').map(fieldError);
}
