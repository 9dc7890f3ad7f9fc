/**
 * The subset of OpenAPI v3 schema objects the sandbox publishes, with the
 * Kubernetes extensions clients read.
 */
export interface OpenApiSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  required?: string[];
  enum?: unknown[];
  $ref?: string;
  allOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

/** A kind as the `x-kubernetes-group-version-kind` extension names it. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Named schemas, as `components.schemas` holds them. */
export type SchemaComponents = Record<string, OpenApiSchema>;

/** A reference to a named schema of the same document (OpenAPI v3). */
export function componentRef(name: string): OpenApiSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** The name a `$ref` of the same document points to. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A field whose contents the schema leaves open (kept as sent, never unknown). */
export const OPEN_OBJECT: OpenApiSchema = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
};
