import { TooManyRequestsError } from './TooManyRequestsError';

/** Callers tracked at most; the longest idle go first. */
const MAX_CALLERS = 10_000;

/**
 * At most `limit` requests per caller in any `windowMs` (a sliding window of the
 * request times). In memory, per replica: a bound against one person's or script's
 * burst, not an accounting.
 */
export class RequestRateLimiter {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly options: {
      limit: number;
      windowMs: number;
      /** What the caller is told: the limit, and what to do. */
      describe: (retryAfterSeconds: number) => string;
      now?: () => number;
    },
  ) {}

  /** Counts a request of the caller, or throws TooManyRequestsError (counting nothing). */
  take(caller: string): void {
    const now = this.options.now ? this.options.now() : Date.now();
    const since = now - this.options.windowMs;
    const recent = (this.times.get(caller) ?? []).filter(t => t > since);
    if (recent.length >= this.options.limit) {
      const retryAfter = Math.max(
        1,
        Math.ceil((recent[0] + this.options.windowMs - now) / 1000),
      );
      this.times.set(caller, recent);
      throw new TooManyRequestsError(
        this.options.describe(retryAfter),
        retryAfter,
      );
    }
    recent.push(now);
    this.times.delete(caller);
    this.times.set(caller, recent);
    for (const key of this.times.keys()) {
      if (this.times.size <= MAX_CALLERS) break;
      this.times.delete(key);
    }
  }
}

/**
 * The per-person bound of grant requests (`aiml.access.requestsPerMinute`), one instance
 * shared by `POST /access/grants` and the MCP request-access action.
 */
export function grantRequestLimiter(perMinute: number): RequestRateLimiter {
  return new RequestRateLimiter({
    limit: perMinute,
    windowMs: 60_000,
    describe: retryAfter =>
      `Too many access requests: at most ${perMinute} a minute per person (aiml.access.requestsPerMinute). Try again in ${retryAfter} s; an identical request returns the grant it already made`,
  });
}
