import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** The Status message of a failed Kubernetes request, without anything else of the response. */
function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
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
        `${what}: ${reason}. Another field manager owns these fields: change them where they are managed, or remove that manager's fields before re-running`,
      );
    default:
      return new ServiceUnavailableError(
        `${what}${
          typeof code === 'number' ? ` (HTTP ${code})` : ''
        }: ${reason}`,
      );
  }
}
