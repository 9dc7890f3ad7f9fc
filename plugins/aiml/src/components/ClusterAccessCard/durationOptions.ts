import type { AimlCluster } from '../../api';

/** Durations offered, in minutes; the cluster's maximum cuts the list. */
const DURATIONS = [15, 30, 60, 120, 240, 480, 720, 1440];
/** Real clusters refuse tokens shorter than 10 minutes. */
const MIN_MINUTES = 10;
/** Break-glass lasts at most an hour. */
const BREAK_GLASS_MAX_MINUTES = 60;

/** The durations a request may ask for on a cluster. */
export function durationOptions(
  cluster: AimlCluster | undefined,
  breakGlass: boolean,
): number[] {
  if (!cluster) return [];
  let max = Math.floor(cluster.access.maxTtlSeconds / 60);
  if (breakGlass) max = Math.min(max, BREAK_GLASS_MAX_MINUTES);
  if (max < MIN_MINUTES) return [];
  const options = DURATIONS.filter(m => m <= max);
  if (!options.includes(max) && max <= 1440) options.push(max);
  return options;
}
