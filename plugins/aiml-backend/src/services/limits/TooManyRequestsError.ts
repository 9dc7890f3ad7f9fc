import { CustomErrorBase } from '@backstage/errors';

/**
 * 429 Too Many Requests. `@backstage/errors` has no error for it; Backstage's error
 * handler answers an error's `statusCode` as the status, with the usual error body.
 * The router sets `Retry-After` from {@link TooManyRequestsError.retryAfterSeconds}.
 *
 * @public
 */
export class TooManyRequestsError extends CustomErrorBase {
  readonly name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;

  constructor(
    message: string,
    /** Whole seconds after which the same request may succeed (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
