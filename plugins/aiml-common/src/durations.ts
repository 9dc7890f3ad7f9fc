const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a duration written as ISO-8601 (`PT8H`, `PT30M`, `P1D`, `PT1H30M`) or as
 * shorthand (`8h`, `30m`, `1d`, `90s`) into milliseconds. Returns undefined when the
 * text is neither, or is zero.
 *
 * @public
 */
export function parseDuration(text: string): number | undefined {
  const shorthand = /^(\d+)([smhd])$/.exec(text.trim());
  if (shorthand) {
    const ms = Number(shorthand[1]) * UNIT_MS[shorthand[2]];
    return ms > 0 ? ms : undefined;
  }
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    text.trim(),
  );
  if (!iso || text.trim() === 'P' || text.trim().endsWith('T'))
    return undefined;
  const [, d, h, m, s] = iso.map(v => Number(v ?? 0));
  const ms = d * UNIT_MS.d + h * UNIT_MS.h + m * UNIT_MS.m + s * UNIT_MS.s;
  return ms > 0 ? ms : undefined;
}
