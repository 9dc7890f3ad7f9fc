/**
 * A short, single-line description of an error for logs, grant rows and error
 * messages. Kubernetes and AWS client errors carry no credentials in their name
 * or message, and the length is bounded so a huge body never lands in a row.
 */
export function describeError(error: any): string {
  return `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`.slice(
    0,
    500,
  );
}
