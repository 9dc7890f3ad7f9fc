import type { PriceSourceShare } from '@eks-aiml/plugin-aiml-common';

/** How each price source reads on the pages. */
const NAMES: Record<PriceSourceShare['source'], string> = {
  list: 'AWS list',
  'spot-history': 'spot history',
  override: 'override',
  commitment: 'commitment',
  fallback: 'built-in table',
};

/**
 * Which prices figures used, for people: the one source, or each with its share of the
 * spend (`spot history 62% · built-in table 38%`); a dash when nothing was priced.
 */
export function priceSourcesLabel(sources: PriceSourceShare[]): string {
  if (sources.length === 0) return '—';
  if (sources.length === 1) return NAMES[sources[0].source];
  const spend = sources.reduce((s, p) => s + p.spend, 0);
  const hours = sources.reduce((s, p) => s + p.allocatedHours, 0);
  return sources
    .map(p => {
      // By spend; by hours where the spend is nothing (a zero price).
      const share = spend > 0 ? p.spend / spend : p.allocatedHours / hours;
      return `${NAMES[p.source]} ${Math.round(share * 100)}%`;
    })
    .join(' · ');
}
