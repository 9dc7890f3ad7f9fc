/**
 * Utilization shapes of the metrics generator. Every value is a pure function of a
 * 32-bit series seed and the minute index (epoch minutes), so any window can be
 * sampled without state.
 *
 * Exactness: the noise comes in antithetic pairs (minute 2k gets +e, minute 2k+1
 * gets −e) and the daily cycle sums to zero over every UTC day. A diurnal shape also
 * sits `lift` above its `busy` on weekdays and 2.5 × `lift` below it at weekends (UTC),
 * which sums to zero over any 7 whole days. So the mean over a whole UTC day of
 * 60-second samples is `busy` (steady), or `busy + lift` on a weekday and
 * `busy − 2.5 × lift` on a weekend day (diurnal), and over whole weeks `busy`: what makes
 * the planted scenarios' answers computable by hand.
 */

/** Minutes per day and per week. */
const DAY_MIN = 1440;
const WEEK_MIN = 10080;

const DAILY = Float64Array.from({ length: DAY_MIN }, (_, k) =>
  Math.sin((2 * Math.PI * k) / DAY_MIN),
);
/** Weekend drop of a diurnal shape, in multiples of its weekday lift. */
export const WEEKEND_DROP = 2.5;
// Minute 0 of the epoch is a Thursday 00:00 UTC: day k of the table is weekday (k+3) mod 7.
const WEEKLY = Float64Array.from({ length: WEEK_MIN }, (_, k) =>
  (Math.floor(k / DAY_MIN) + 3) % 7 < 5 ? 1 : -WEEKEND_DROP,
);

function prefixSums(table: Float64Array): Float64Array {
  const out = new Float64Array(table.length + 1);
  for (let i = 0; i < table.length; i++) out[i + 1] = out[i] + table[i];
  return out;
}
const DAILY_SUMS = prefixSums(DAILY);
const WEEKLY_SUMS = prefixSums(WEEKLY);

/** Sum of a periodic table over `n` consecutive entries starting at index `start`. */
function cyclicSum(sums: Float64Array, start: number, n: number): number {
  const period = sums.length - 1;
  const i = ((start % period) + period) % period;
  const k = n % period;
  const whole = ((n - k) / period) * sums[period];
  return i + k <= period
    ? whole + sums[i + k] - sums[i]
    : whole + sums[period] - sums[i] + sums[i + k - period];
}

/** FNV-1a, 32 bits: a stable seed from a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finalizer: a well-mixed 32-bit value of (seed, n). */
function mix(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Antithetic noise in [−1, 1): minutes 2k and 2k+1 get opposite values. */
export function pairedNoise(seed: number, minute: number): number {
  const u = (mix(seed, minute >>> 1) / 4294967296) * 2 - 1;
  return minute & 1 ? -u : u;
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/**
 * Sum of the paired noise over minutes `[a, b)`: whole pairs cancel, so only a
 * minute whose partner lies outside the range contributes.
 */
function pairedNoiseSum(seed: number, a: number, b: number): number {
  let sum = 0;
  let from = a;
  if (from & 1) {
    sum += pairedNoise(seed, from);
    from++;
  }
  if (from < b && b & 1) sum += pairedNoise(seed, b - 1);
  return sum;
}

/**
 * A value per minute, with the sum over a range of minutes in O(1) (what step
 * averages over long windows use).
 */
export interface MinuteFunction {
  (minute: number): number;
  /** Sum over minutes `[from, to)`. */
  sum(from: number, to: number): number;
}

/** The shape of a workload's utilization. */
export interface UtilizationShape {
  /** Mean utilization, 0–1. */
  busy: number;
  /** `steady` (training, idle allocations) or `diurnal` (inference). */
  pattern: 'steady' | 'diurnal';
}

/**
 * Amplitudes that keep every sample inside [0, 1] without clamping: the daily swing,
 * the weekday lift (`weekly`; the weekend drop is {@link WEEKEND_DROP} times it) and
 * the noise.
 */
export function amplitudes(shape: UtilizationShape) {
  const room = Math.min(shape.busy, 1 - shape.busy);
  const noise = Math.min(0.04, 0.2 * room);
  if (shape.pattern === 'steady') {
    return { daily: 0, weekly: 0, noise: Math.min(0.04, 0.5 * room) };
  }
  const daily = Math.min(0.2, 0.5 * room);
  return { daily, weekly: Math.min(0.04, 0.1 * room), noise };
}

/**
 * Utilization (0–1) of one device at each minute. Diurnal shapes peak at about
 * 15:00 UTC and drop at weekends.
 */
export function utilizationAt(
  shape: UtilizationShape,
  seed: number,
): MinuteFunction {
  const { busy } = shape;
  const a = amplitudes(shape);
  if (shape.pattern === 'steady') {
    return Object.assign((m: number) => busy + a.noise * pairedNoise(seed, m), {
      sum: (from: number, to: number) =>
        busy * (to - from) + a.noise * pairedNoiseSum(seed, from, to),
    });
  }
  // Peak of the daily sine at 15:00 UTC (give or take the seed's minutes).
  const dayPhase = 900 + (seed % 60);
  return Object.assign(
    (m: number) =>
      busy +
      a.daily * DAILY[mod(m + dayPhase, DAY_MIN)] +
      a.weekly * WEEKLY[mod(m, WEEK_MIN)] +
      a.noise * pairedNoise(seed, m),
    {
      sum: (from: number, to: number) =>
        busy * (to - from) +
        a.daily * cyclicSum(DAILY_SUMS, from + dayPhase, to - from) +
        a.weekly * cyclicSum(WEEKLY_SUMS, from, to - from) +
        a.noise * pairedNoiseSum(seed, from, to),
    },
  );
}

/**
 * `DCGM_FI_DEV_GPU_UTIL` (integer percent of time a kernel ran) for an engine-active
 * ratio: always at least the engine-active share.
 */
export function gpuUtilPercent(engineActive: number): number {
  return Math.min(100, Math.round(100 * (engineActive * 1.08 + 0.02)));
}

/** Share of device memory a workload of the shape keeps in use. */
export function memoryShare(shape: UtilizationShape): number {
  if (shape.busy < 0.1) return 0.06;
  return shape.pattern === 'diurnal' ? 0.72 : 0.9;
}
