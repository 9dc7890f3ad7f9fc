import type { CostModelInput, CostWarning } from './types';

/**
 * Throws a RangeError when the window cannot be sampled.
 *
 * @internal
 */
export function assertWindow(input: CostModelInput): void {
  const { startMs, stepSeconds, steps } = input;
  if (!Number.isFinite(startMs)) {
    throw new RangeError(`startMs must be a finite number, got ${startMs}`);
  }
  if (!(stepSeconds > 0 && stepSeconds < Infinity)) {
    throw new RangeError(`stepSeconds must be positive, got ${stepSeconds}`);
  }
  if (!(Number.isInteger(steps) && steps >= 0)) {
    throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  }
}

/**
 * Whom a warning concerns.
 *
 * @internal
 */
export type WarningSubject = Pick<
  CostWarning,
  'cluster' | 'node' | 'namespace' | 'pod'
>;

const describe = (s: WarningSubject) =>
  s.pod !== undefined
    ? `pod ${s.cluster}/${s.namespace}/${s.pod}`
    : `node ${s.cluster}/${s.node}`;

/**
 * A `series-length` warning when a series does not have one sample per step.
 *
 * @internal
 */
export function seriesLengthWarning(
  subject: WarningSubject,
  name: string,
  length: number,
  steps: number,
): CostWarning | undefined {
  if (length === steps) return undefined;
  const what =
    length < steps
      ? `missing samples count as 0`
      : `samples beyond the window are ignored`;
  return {
    code: 'series-length',
    message: `${name} of ${describe(
      subject,
    )} has ${length} samples for ${steps} steps; ${what}`,
    ...subject,
  };
}

/**
 * An `invalid-sample` warning when some samples had to be treated as 0 or clamped.
 *
 * @internal
 */
export function invalidSampleWarning(
  subject: WarningSubject,
  name: string,
  count: number,
): CostWarning | undefined {
  if (count === 0) return undefined;
  return {
    code: 'invalid-sample',
    message: `${count} ${name} samples of ${describe(
      subject,
    )} were out of range and were treated as 0 or clamped`,
    ...subject,
    steps: count,
  };
}
