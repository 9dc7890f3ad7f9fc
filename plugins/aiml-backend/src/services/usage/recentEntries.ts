/**
 * The values this replica used last, by key: the reports it computed or read (reading a
 * report back from the cache service parses its JSON on the event loop every time, which
 * a profile of the 200-person soak showed as a tenth of the event loop's time) and the
 * windows of series it loaded. Least recently used first out, bounded by entries and by
 * bytes (a report's JSON text, a window's samples); each entry lives at most its own time.
 */
export class RecentEntries<T> {
  private readonly entries = new Map<
    string,
    { value: T; expiresAt: number; bytes: number }
  >();
  private bytes = 0;

  constructor(
    private readonly bounds: { maxEntries: number; maxBytes: number },
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(key);
      return undefined;
    }
    // Most recently used last, so the first entry is the one to drop.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` for `ttlMs`, counted as `bytes` towards the bound. */
  set(key: string, value: T, ttlMs: number, bytes: number): void {
    this.remove(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs, bytes });
    this.bytes += bytes;
    this.bound();
  }

  /**
   * Counts `bytes` for the entry of `key` if it still holds `value` (a value whose size
   * is known only once it settled), dropping older entries beyond the bound.
   */
  resize(key: string, value: T, bytes: number): void {
    const entry = this.entries.get(key);
    if (!entry || entry.value !== value) return;
    this.bytes += bytes - entry.bytes;
    entry.bytes = bytes;
    this.bound();
  }

  /** Forgets the entry of `key` if it still holds `value`. */
  delete(key: string, value: T): void {
    if (this.entries.get(key)?.value === value) this.remove(key);
  }

  private bound() {
    // The newest entry always stays, whatever its size.
    while (
      this.entries.size > this.bounds.maxEntries ||
      (this.bytes > this.bounds.maxBytes && this.entries.size > 1)
    ) {
      this.remove(this.entries.keys().next().value!);
    }
  }

  private remove(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
