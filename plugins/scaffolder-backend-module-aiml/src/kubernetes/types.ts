/**
 * A Kubernetes object as the actions render, read and apply it: plain JSON,
 * never a client model class (those drop fields they do not know).
 */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** The field manager of every server-side apply the product makes. */
export const FIELD_MANAGER = 'eks-aiml';

/**
 * What applying one object did: `created`, `configured` (changed) or
 * `unchanged`, or `deleted` (provisioning removing what an earlier version of
 * it made); a dry run says what it would do instead.
 */
export type ApplyResult =
  | 'created'
  | 'configured'
  | 'unchanged'
  | 'would-create'
  | 'would-apply'
  | 'deleted'
  | 'would-delete';

/** One object an action applied (or would apply, in a dry run). */
export type AppliedObject = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  result: ApplyResult;
};

/** `Deployment apps/v1 team-ns/name`: how messages name an object. */
export function describeObject(obj: {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}): string {
  const ns = obj.metadata?.namespace
    ? `${String(obj.metadata.namespace)}/`
    : '';
  return `${String(obj.kind ?? '(no kind)')} ${ns}${String(
    obj.metadata?.name ?? '(no name)',
  )}`;
}
