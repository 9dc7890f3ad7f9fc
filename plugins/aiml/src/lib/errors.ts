import { ResponseError } from '@backstage/errors';

/** What went wrong, in the backend's words when the backend answered. */
export interface ExplainedError {
  /** A short title by error type. */
  title: string;
  /** The backend's message (or the local error's). */
  message: string;
  /** The HTTP status, when there was a response. */
  status?: number;
}

const TITLES: Record<string, string> = {
  NotAllowedError: 'Not allowed',
  AuthenticationError: 'Not signed in',
  InputError: 'Check the request',
  ConflictError: 'Not possible right now',
  NotFoundError: 'Not found',
  ServiceUnavailableError: 'The cluster or a service did not answer',
};

/** Explains an error thrown by the aiml client. */
export function explainError(error: unknown): ExplainedError {
  if (ResponseError.is(error)) {
    const name = error.cause?.name ?? '';
    return {
      title: TITLES[name] ?? `Request failed (${error.statusCode})`,
      message: error.cause?.message || error.message,
      status: error.statusCode,
    };
  }
  const e = error as { name?: string; message?: string } | undefined;
  return {
    title: (e?.name && TITLES[e.name]) || 'Something went wrong',
    message: e?.message ?? String(error),
  };
}
