/**
 * The sandbox's clock. Everything time-dependent in the sandbox (token expiry,
 * timestamps, and in sandbox mode the portal backend) reads it, so tests can move
 * time forward instead of waiting.
 */
export class SandboxClock {
  private offsetMs: number;

  constructor(offsetMs = 0) {
    this.offsetMs = offsetMs;
  }

  /** Milliseconds since the epoch, as Date.now() would be with the offset applied. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Moves the clock forward (never backward: expiry must stay monotonic). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`the clock only moves forward, got ${ms} ms`);
    }
    this.offsetMs += ms;
  }

  /** How far the clock runs ahead of real time; persisted with --state. */
  offset(): number {
    return this.offsetMs;
  }
}
