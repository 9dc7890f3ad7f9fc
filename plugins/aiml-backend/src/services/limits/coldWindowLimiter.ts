import { TooManyRequestsError } from './TooManyRequestsError';

/**
 * At most `max` distinct cold usage windows in flight per caller: a request whose window
 * is not computed yet (nothing cached) holds its window until it is answered; a further
 * request with another cold window is refused while the caller holds `max`. Requests for
 * a window the caller already waits for, or for one already computed, always pass.
 */
export class ColdWindowLimiter {
  /** caller → window key → requests in flight. */
  private readonly inFlight = new Map<string, Map<string, number>>();

  constructor(
    private readonly options: { max: number; retryAfterSeconds?: number },
  ) {}

  /** Holds the window for the caller; call the returned function once answered. */
  enter(caller: string, windowKey: string): () => void {
    const mine = this.inFlight.get(caller) ?? new Map<string, number>();
    if (!mine.has(windowKey) && mine.size >= this.options.max) {
      throw new TooManyRequestsError(
        `You already have ${mine.size} usage reports of other date ranges being computed (aiml.usage.maxColdWindowsPerUser is ${this.options.max}): wait for them to finish, then ask again; a range already computed answers at once`,
        this.options.retryAfterSeconds ?? 5,
      );
    }
    mine.set(windowKey, (mine.get(windowKey) ?? 0) + 1);
    this.inFlight.set(caller, mine);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (mine.get(windowKey) ?? 1) - 1;
      if (left > 0) mine.set(windowKey, left);
      else mine.delete(windowKey);
      if (!mine.size && this.inFlight.get(caller) === mine) {
        this.inFlight.delete(caller);
      }
    };
  }

  /** Windows the caller has in flight (for tests and logs). */
  heldBy(caller: string): number {
    return this.inFlight.get(caller)?.size ?? 0;
  }
}
