/**
 * The reports this replica computed or read last, as objects: reading a report back
 * from the cache service parses its JSON on the event loop every time (a usage page
 * asks for the same report again and again), which a profile of the 200-person soak
 * showed as a tenth of the event loop's time; and an answer made from a report is kept
 * as long as the report object is (see ReportAnswers). Bounded by entries and by the
 * size of the reports' JSON text; each entry lives no longer than the cache would keep it.
 */
export class RecentReports<T> {
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

  /** Keeps `value` for `ttlMs`; `bytes` is the length of its JSON text. */
  set(key: string, value: T, ttlMs: number, bytes: number): void {
    this.remove(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs, bytes });
    this.bytes += bytes;
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
