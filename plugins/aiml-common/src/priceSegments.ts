import type { PriceSegment, PriceSource } from './pricing';

/**
 * A zone's spot price over `[fromMs, toMs)` from its stored history (each record in
 * effect until the next; the last until the window's end): before the first record,
 * and without history, the fallback price. Undefined when a piece has no price.
 *
 * @internal
 */
export function spotSegments(
  records: ReadonlyArray<{ fromMs: number; hourly: number }>,
  fallback: { hourly: number; source: PriceSource } | undefined,
  fromMs: number,
  toMs: number,
): PriceSegment[] | undefined {
  const segments: PriceSegment[] = [];
  const firstMs = records.length ? records[0].fromMs : Infinity;
  if (fromMs < firstMs) {
    if (!fallback) return undefined;
    segments.push({ fromMs, toMs: Math.min(toMs, firstMs), ...fallback });
  }
  records.forEach((r, i) => {
    const start = Math.max(r.fromMs, fromMs);
    const end = Math.min(records[i + 1]?.fromMs ?? Infinity, toMs);
    if (start < end) {
      segments.push({
        fromMs: start,
        toMs: end,
        hourly: r.hourly,
        source: 'spot-history',
      });
    }
  });
  return segments;
}
