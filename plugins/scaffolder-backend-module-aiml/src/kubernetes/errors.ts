import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** The Status of a failed Kubernetes request, if its body is one. */
function statusOf(
  body: unknown,
): { message?: unknown; details?: { causes?: unknown } } | undefined {
  if (typeof body !== 'string') {
    return typeof body === 'object' && body !== null ? body : undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The Status message of a failed Kubernetes request, without anything else of the response. */
function statusMessage(body: unknown): string | undefined {
  const message = statusOf(body)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Whether a 409 is server-side apply's field-manager conflict, not a concurrent write. */
function isFieldManagerConflict(body: unknown): boolean {
  const causes = statusOf(body)?.details?.causes;
  return (
    Array.isArray(causes) &&
    causes.some(c => c?.reason === 'FieldManagerConflict')
  );
}

/**
 * Turns a failed Kubernetes API call into a typed error that says what went
 * wrong and what to do. Only the Status message of the answer is kept: never
 * headers, request options or credentials.
 */
export function kubernetesError(
  error: unknown,
  options: { cluster: string; doing: string },
): Error {
  const code = (error as { code?: unknown })?.code;
  const reason =
    statusMessage((error as { body?: unknown })?.body) ??
    (error as Error)?.message ??
    String(error);
  const what = `${options.doing} on cluster "${options.cluster}" failed`;
  switch (code) {
    case 400:
    case 422:
      return new InputError(
        `${what}: the cluster refused the object: ${reason}`,
      );
    case 401:
    case 403:
      return new NotAllowedError(
        `${what}: the portal's identity on the cluster may not do this (${reason}); a platform engineer must grant the permissions listed in the README of @eks-aiml/plugin-scaffolder-backend-module-aiml`,
      );
    case 404:
      return new NotFoundError(`${what}: ${reason}`);
    case 409:
      return new ConflictError(
        isFieldManagerConflict((error as { body?: unknown })?.body)
          ? `${what}: ${reason}. Another field manager owns these fields: change them where they are managed, or remove that manager's fields before re-running`
          : `${what}: ${reason}. The object changed while it was being applied (another writer at the same time); the step is safe to re-run`,
      );
    default:
      return new ServiceUnavailableError(
        `${what}${
          typeof code === 'number' ? ` (HTTP ${code})` : ''
        }: ${reason}`,
      );
  }
}
