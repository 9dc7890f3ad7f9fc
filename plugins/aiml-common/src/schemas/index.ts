/**
 * The product's own schemas of the custom kinds it renders and applies (KubeRay,
 * the Kubeflow training operator, the AWS Controllers for Kubernetes, the
 * Prometheus Operator's PodMonitor and KEDA's ScaledObject): the
 * renderers check what they write against them, and the sandbox's Kubernetes
 * API server enforces them as a real cluster enforces a CRD's schema.
 */
import { z } from 'zod';
import { ecrRepositorySchema } from './ecrRepository';
import { podIdentityAssociationSchema } from './podIdentityAssociation';
import { podMonitorSchema } from './podMonitor';
import { pyTorchJobSchema } from './pyTorchJob';
import { rayClusterSchema } from './rayCluster';
import { rayJobSchema } from './rayJob';
import { rayServiceSchema } from './rayService';
import { s3BucketSchema } from './s3Bucket';
import { scaledObjectSchema } from './scaledObject';

const SCHEMAS: Record<string, z.ZodType> = {
  'ray.io/v1/RayJob': rayJobSchema,
  'ray.io/v1/RayCluster': rayClusterSchema,
  'ray.io/v1/RayService': rayServiceSchema,
  'kubeflow.org/v1/PyTorchJob': pyTorchJobSchema,
  's3.services.k8s.aws/v1alpha1/Bucket': s3BucketSchema,
  'ecr.services.k8s.aws/v1alpha1/Repository': ecrRepositorySchema,
  'eks.services.k8s.aws/v1alpha1/PodIdentityAssociation':
    podIdentityAssociationSchema,
  'monitoring.coreos.com/v1/PodMonitor': podMonitorSchema,
  'keda.sh/v1alpha1/ScaledObject': scaledObjectSchema,
};

/**
 * The custom kinds the product owns a schema for.
 *
 * @public
 */
export const PRODUCT_CUSTOM_KINDS: ReadonlyArray<{
  apiVersion: string;
  kind: string;
}> = Object.keys(SCHEMAS).map(key => {
  const at = key.lastIndexOf('/');
  return { apiVersion: key.slice(0, at), kind: key.slice(at + 1) };
});

/**
 * One way an object breaks the product's schema of its kind, typed as the
 * Kubernetes API server types field errors.
 *
 * @public
 */
export interface CustomKindIssue {
  /** The field, as Kubernetes writes paths: `spec.workerGroupSpecs[0].maxReplicas`. */
  field: string;
  /** The same path as keys and indexes, e.g. to prune an unknown field. */
  path: Array<string | number>;
  /**
   * `Required` (missing), `NotSupported` (not one of `supported`), `Unknown`
   * (a field the schema does not declare) or `Invalid` (any other rule).
   */
  type: 'Required' | 'NotSupported' | 'Unknown' | 'Invalid';
  /** What is wrong, in words. */
  message: string;
  /** The offending value (NotSupported and Invalid). */
  value?: unknown;
  /** The values allowed (NotSupported). */
  supported?: string[];
}

/** `spec.groups[0].name` from a path of keys and indexes. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`,
    )
    .join('');
}

function toIssues(issue: z.core.$ZodIssue): CustomKindIssue[] {
  const path = issue.path.map(p => (typeof p === 'number' ? p : String(p)));
  const at = { field: fieldPath(path) || '(object)', path };
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map(key => ({
        field: fieldPath([...path, key]),
        path: [...path, key],
        type: 'Unknown',
        message: 'field not declared in schema',
      }));
    case 'invalid_type':
      return [
        issue.input === undefined
          ? { ...at, type: 'Required', message: 'Required value' }
          : {
              ...at,
              type: 'Invalid',
              message: issue.message,
              value: issue.input,
            },
      ];
    case 'invalid_value':
      return [
        {
          ...at,
          type: 'NotSupported',
          message: issue.message,
          value: issue.input,
          supported: issue.values.map(String),
        },
      ];
    default:
      return [
        { ...at, type: 'Invalid', message: issue.message, value: issue.input },
      ];
  }
}

/**
 * The issues of an object against the product's schema of its kind (by
 * `apiVersion` and `kind`): empty when it is valid, undefined when the product
 * owns no schema for the kind.
 *
 * @public
 */
export function customKindIssues(obj: {
  apiVersion?: unknown;
  kind?: unknown;
}): CustomKindIssue[] | undefined {
  const schema = SCHEMAS[`${obj.apiVersion}/${obj.kind}`];
  if (!schema) return undefined;
  const result = schema.safeParse(obj, { reportInput: true });
  return result.success ? [] : result.error.issues.flatMap(toIssues);
}

/**
 * The problems of an object against the product's schema of its kind, one line
 * each (`field: message`); empty when it is valid or not a kind the product owns.
 *
 * @public
 */
export function customKindProblems(obj: {
  apiVersion?: unknown;
  kind?: unknown;
}): string[] {
  return (customKindIssues(obj) ?? []).map(i => `${i.field}: ${i.message}`);
}

/**
 * The product's schema of a custom kind as JSON Schema (draft 2020-12, from zod), for
 * servers that publish it (the sandbox's OpenAPI); undefined when the product owns no
 * schema for the kind.
 *
 * @public
 */
export function customKindJsonSchema(
  apiVersion: string,
  kind: string,
): Record<string, unknown> | undefined {
  const schema = SCHEMAS[`${apiVersion}/${kind}`];
  return schema
    ? (z.toJSONSchema(schema, {
        unrepresentable: 'any',
        io: 'input',
      }) as Record<string, unknown>)
    : undefined;
}
