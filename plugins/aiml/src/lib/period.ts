import type { AimlUsagePeriod } from '../api';

const DAY_MS = 86_400_000;

/** The periods the picker offers: the last 7, 30 or 90 full days, or custom dates. */
export type PeriodChoice =
  | { preset: 7 | 30 | 90 }
  | {
      preset: 'custom';
      /** First day, `YYYY-MM-DD` (UTC). */
      from: string;
      /** Last day, inclusive, `YYYY-MM-DD` (UTC). */
      to: string;
    };

/** `YYYY-MM-DD` of an epoch-ms instant (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of a `YYYY-MM-DD` date at 00:00 UTC, or NaN. */
export function parseIsoDate(date: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? Date.parse(`${date}T00:00:00Z`)
    : NaN;
}

/**
 * The query of a period choice. The 30-day default is left to the backend (the last 30
 * full days by its clock, which in sandbox mode is the sandbox clock); 7 and 90 days count
 * back from `anchorEndMs`, the end of the backend's last window, so they follow the same
 * clock.
 */
export function periodQuery(
  choice: PeriodChoice,
  anchorEndMs?: number,
): AimlUsagePeriod {
  if (choice.preset === 'custom') {
    const to = parseIsoDate(choice.to);
    return {
      from: choice.from,
      to: Number.isNaN(to) ? choice.to : isoDate(to + DAY_MS),
    };
  }
  if (choice.preset === 30) return {};
  const end = anchorEndMs ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
  return {
    from: isoDate(end - choice.preset * DAY_MS),
    to: isoDate(end),
  };
}

/** Whether a custom choice is a valid range; the message says what to fix. */
export function customRangeProblem(
  from: string,
  to: string,
): string | undefined {
  const f = parseIsoDate(from);
  const t = parseIsoDate(to);
  if (Number.isNaN(f) || Number.isNaN(t)) return 'Enter both dates.';
  if (t < f) return 'The last day is before the first.';
  if (t - f >= 180 * DAY_MS) return 'At most 180 days.';
  return undefined;
}

/** The period of equal length just before a window, as a query. */
export function previousQuery(window: {
  startMs: number;
  endMs: number;
}): AimlUsagePeriod {
  const length = window.endMs - window.startMs;
  return {
    from: isoDate(window.startMs - length),
    to: isoDate(window.startMs),
  };
}

/** A window for people: `1 Jul – 30 Jul 2026 (30 days, UTC)`. */
export function describeWindow(window: {
  startMs: number;
  endMs: number;
}): string {
  const fmt = (ms: number, year: boolean) =>
    new Date(ms).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      ...(year ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    });
  const days = Math.round((window.endMs - window.startMs) / DAY_MS);
  return `${fmt(window.startMs, false)} – ${fmt(
    window.endMs - 1,
    true,
  )} (${days} day${days === 1 ? '' : 's'}, UTC)`;
}
