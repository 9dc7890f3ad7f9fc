import type { MetricsWindow } from './types';

/**
 * Steps of a window; throws a RangeError unless it holds a whole number of steps. A
 * {@link RangeReader} answers with this many values per series.
 *
 * @public
 */
export function windowSteps(window: MetricsWindow): number {
  const stepMs = window.stepSeconds * 1000;
  const steps = (window.endMs - window.startMs) / stepMs;
  if (!(stepMs > 0) || !Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `the window [${window.startMs}, ${window.endMs}) is not a whole number of ${window.stepSeconds}-second steps`,
    );
  }
  return steps;
}
