/**
 * The fields client libraries put on their errors (AWS SDK, Kubernetes client,
 * database drivers), read from a thrown value of unknown type.
 */
export interface ErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  constraint?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** The known fields of a thrown value; empty for anything that is not an object. */
export function errorFields(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null
    ? (error as ErrorFields)
    : {};
}

/**
 * A short, single-line description of an error for logs, grant rows and error
 * messages. Kubernetes and AWS client errors carry no credentials in their name
 * or message, and the length is bounded so a huge body never lands in a row.
 */
export function describeError(error: unknown): string {
  const { name, message } = errorFields(error);
  return `${name ?? 'Error'}: ${message ?? String(error)}`.slice(0, 500);
}
