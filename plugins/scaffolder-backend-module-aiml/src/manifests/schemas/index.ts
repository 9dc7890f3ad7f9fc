import { z } from 'zod';
import { pyTorchJobSchema } from './pyTorchJob';
import { rayJobSchema } from './rayJob';
import { rayServiceSchema } from './rayService';

export { pyTorchJobSchema } from './pyTorchJob';
export { rayJobSchema } from './rayJob';
export { rayServiceSchema } from './rayService';

/** The product's schemas of the custom kinds it renders, by `apiVersion/kind`. */
export const CUSTOM_KIND_SCHEMAS: Record<string, z.ZodType> = {
  'ray.io/v1/RayJob': rayJobSchema,
  'ray.io/v1/RayService': rayServiceSchema,
  'kubeflow.org/v1/PyTorchJob': pyTorchJobSchema,
};

/**
 * The problems of a rendered custom object against the product's schema
 * (`path: message`); empty when it is valid or not a custom kind the product renders.
 */
export function customKindProblems(obj: {
  apiVersion?: unknown;
  kind?: unknown;
}): string[] {
  const schema = CUSTOM_KIND_SCHEMAS[`${obj.apiVersion}/${obj.kind}`];
  if (!schema) return [];
  const result = schema.safeParse(obj);
  return result.success
    ? []
    : result.error.issues.map(
        i => `${i.path.join('.') || '(object)'}: ${i.message}`,
      );
}
