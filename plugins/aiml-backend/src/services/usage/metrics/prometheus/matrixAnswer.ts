/**
 * The evaluation times of a range query: `startMs + k·stepMs`, k from 0 to
 * `points - 1`.
 *
 * @public
 */
export interface EvaluationGrid {
  startMs: number;
  stepMs: number;
  points: number;
}

/**
 * One series of a range query's answer: its labels and one value per evaluation time
 * of the grid, NaN where Prometheus returned no point.
 *
 * @public
 */
export interface PrometheusMatrixSeries {
  /** The series' labels (`avg_over_time` drops the metric name). */
  metric: Record<string, string>;
  values: Float64Array;
}

/**
 * A Prometheus answer: its envelope, and the series when it is a matrix.
 *
 * @public
 */
export interface MatrixAnswer {
  envelope: {
    status?: string;
    data?: { resultType?: string };
    errorType?: string;
    error?: string;
    warnings?: unknown[];
  };
  series?: PrometheusMatrixSeries[];
}

/** Prometheus writes infinities as `+Inf`/`-Inf`, which Number() does not read. */
function sampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function gridIndexMs(grid: EvaluationGrid, ms: number): number {
  const i = Math.round((ms - grid.startMs) / grid.stepMs);
  return i >= 0 && i < grid.points ? i : -1;
}

const gridIndex = (grid: EvaluationGrid, seconds: number) =>
  gridIndexMs(grid, seconds * 1000);

/** 10^k, exact in a double for k up to 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** The largest integer up to which every integer is exact in a double. */
const MAX_EXACT = 2 ** 53;
/** Digits of a time in seconds read in place (the integer stays exact). */
const MAX_TIME_DIGITS = 15;

const isDigit = (c: number) => c >= 48 && c <= 57;
const [OPEN, CLOSE, COMMA] = ['[', ']', ','].map(ch => ch.charCodeAt(0));

class Malformed extends Error {}

/**
 * Reads a matrix without building a JSON array per point: a month of 5-minute steps is
 * millions of `[t, "v"]` pairs, which JSON.parse would allocate one by one. Throws
 * Malformed on anything unexpected (the caller then parses the answer as plain JSON).
 */
class MatrixScanner {
  constructor(private readonly text: string, public pos: number) {}

  private ws() {
    let c = this.text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) {
      c = this.text.charCodeAt(++this.pos);
    }
  }

  private peek(): string {
    this.ws();
    return this.text[this.pos];
  }

  private expect(ch: string) {
    if (this.peek() !== ch) throw new Malformed();
    this.pos++;
  }

  /** The next character's code, after white space. */
  private peekCode(): number {
    this.ws();
    return this.text.charCodeAt(this.pos);
  }

  /** expect() by character code, for the per-point loop. */
  private expectCode(code: number) {
    if (this.peekCode() !== code) throw new Malformed();
    this.pos++;
  }

  /** A JSON string; only one with escapes goes through JSON.parse. */
  private string(): string {
    this.expect('"');
    const start = this.pos;
    let escaped = false;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) throw new Malformed();
      if (c === 92) {
        escaped = true;
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (c === 34) break;
    }
    const raw = this.text.slice(start - 1, this.pos);
    return escaped ? JSON.parse(raw) : raw.slice(1, -1);
  }

  /** Skips any JSON value (keys the reader does not need). */
  private skip() {
    const c = this.peek();
    if (c === '"') {
      this.string();
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      this.pos++;
      if (this.peek() === close) {
        this.pos++;
        return;
      }
      for (;;) {
        if (c === '{') {
          this.string();
          this.expect(':');
        }
        this.skip();
        if (this.peek() === ',') this.pos++;
        else break;
      }
      this.expect(close);
    } else {
      const m = /^[-+0-9.eEa-z]+/.exec(
        this.text.slice(this.pos, this.pos + 40),
      );
      if (!m) throw new Malformed();
      this.pos += m[0].length;
    }
  }

  private labels(): Record<string, string> {
    const out: Record<string, string> = {};
    this.expect('{');
    if (this.peek() === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      const name = this.string();
      this.expect(':');
      out[name] = this.string();
      if (this.peek() === ',') this.pos++;
      else break;
    }
    this.expect('}');
    return out;
  }

  /**
   * An evaluation time, `1717200000` or `1717200000.5` seconds, in ms: digits read in
   * place; any other form (an exponent, a sign) through Number().
   */
  private timestampMs(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let ms = 0;
    let digits = 0;
    let c = text.charCodeAt(pos);
    for (; isDigit(c); c = text.charCodeAt(++pos), digits++) {
      ms = ms * 10 + (c - 48);
    }
    ms *= 1000;
    if (c === 46) {
      // Prometheus writes at most 3 decimals; more only shift the grid index's rounding.
      let scale = 100;
      for (c = text.charCodeAt(++pos); isDigit(c); c = text.charCodeAt(++pos)) {
        ms += (c - 48) * scale;
        scale /= 10;
      }
    }
    this.pos = pos;
    if (digits && digits <= MAX_TIME_DIGITS && this.peekCode() === COMMA)
      return ms;
    const comma = text.indexOf(',', start);
    if (comma < 0) throw new Malformed();
    this.pos = comma;
    const seconds = Number(text.slice(start, comma));
    if (Number.isNaN(seconds)) throw new Malformed();
    return seconds * 1000;
  }

  /**
   * A sample, `"0.25"`: its decimal digits read in place while their integer stays
   * exact in a double (below 2^53, as Go's shortest form of most averages is), then
   * divided once by an exact power of ten: correctly rounded, the very double Number()
   * reads. More digits through Number() on the digits; other forms (NaN, ±Inf, an
   * exponent) through string() and Number().
   */
  private sample(): number {
    this.ws();
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    let c = text.charCodeAt(pos);
    const negative = c === 45;
    if (negative) c = text.charCodeAt(++pos);
    let mantissa = 0;
    let digits = 0;
    let decimals = -1;
    for (; ; c = text.charCodeAt(++pos)) {
      if (isDigit(c)) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (decimals >= 0) decimals++;
      } else if (c === 46 && decimals < 0) {
        decimals = 0;
      } else {
        break;
      }
    }
    if (text.charCodeAt(start) !== 34 || c !== 34 || digits === 0) {
      return sampleValue(this.string());
    }
    this.pos = pos + 1;
    if (mantissa >= MAX_EXACT || decimals >= POW10.length) {
      return Number(text.slice(start + 1, pos));
    }
    const value = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
    return negative ? -value : value;
  }

  /** `[[t, "v"], ...]` onto the grid, allocating nothing per point. */
  private values(grid: EvaluationGrid): Float64Array {
    const out = new Float64Array(grid.points).fill(NaN);
    this.expect('[');
    if (this.peek() === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.expectCode(OPEN);
      this.ws();
      const i = gridIndexMs(grid, this.timestampMs());
      this.expectCode(COMMA);
      const value = this.sample();
      if (i >= 0) out[i] = value;
      this.expectCode(CLOSE);
      if (this.peekCode() === COMMA) this.pos++;
      else break;
    }
    this.expect(']');
    return out;
  }

  /**
   * The array of series starting at the current position, into `out`; pauses (yields)
   * after each series, so that a caller may let other work run between them.
   */
  *series(
    grid: EvaluationGrid,
    out: PrometheusMatrixSeries[],
  ): Generator<void, void> {
    this.expect('[');
    if (this.peek() === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.expect('{');
      let metric: Record<string, string> = {};
      let values: Float64Array | undefined;
      for (;;) {
        const key = this.string();
        this.expect(':');
        if (key === 'metric') metric = this.labels();
        else if (key === 'values') values = this.values(grid);
        else this.skip();
        if (this.peek() === ',') this.pos++;
        else break;
      }
      this.expect('}');
      out.push({
        metric,
        values: values ?? new Float64Array(grid.points).fill(NaN),
      });
      yield;
      if (this.peek() === ',') this.pos++;
      else break;
    }
    this.expect(']');
  }
}

/** One series of a matrix answer as Prometheus documents it. */
type PlainSeries = {
  metric?: Record<string, string>;
  values?: Array<[number, string]>;
};

/** The plain way: JSON.parse, then values onto the grid. */
function parsePlain(text: string, grid: EvaluationGrid): MatrixAnswer {
  const envelope = JSON.parse(text);
  const result = envelope?.data?.result;
  if (envelope?.data?.resultType !== 'matrix' || !Array.isArray(result)) {
    return { envelope };
  }
  const series = result.map((s: PlainSeries) => {
    const values = new Float64Array(grid.points).fill(NaN);
    for (const [t, v] of s.values ?? []) {
      const i = gridIndex(grid, Number(t));
      if (i >= 0) values[i] = sampleValue(String(v));
    }
    return { metric: s.metric ?? {}, values };
  });
  return { envelope, series };
}

/**
 * Scans an answer's matrix, pausing after each series; gives undefined when the
 * scanner does not expect the answer (it is then parsed as plain JSON).
 */
function* scanAnswer(
  text: string,
  grid: EvaluationGrid,
): Generator<void, MatrixAnswer | undefined> {
  // A string inside JSON cannot hold `"result":[` unescaped: this is data.result.
  const key = text.indexOf('"result":[');
  if (key < 0) return undefined;
  try {
    const scanner = new MatrixScanner(text, key + '"result":'.length);
    const start = scanner.pos;
    const series: PrometheusMatrixSeries[] = [];
    yield* scanner.series(grid, series);
    const envelope = JSON.parse(
      `${text.slice(0, start)}[]${text.slice(scanner.pos)}`,
    );
    return envelope?.data?.resultType === 'matrix'
      ? { envelope, series }
      : undefined;
  } catch (error) {
    if (!(error instanceof Malformed || error instanceof SyntaxError)) {
      throw error;
    }
    return undefined;
  }
}

/**
 * Reads a Prometheus answer (`/api/v1/query_range`) onto the query's evaluation grid:
 * the matrix is scanned without allocating its points, the rest (status, result type,
 * warnings, errors) parsed as JSON. Answers the scanner does not expect are parsed as
 * plain JSON; text that is not JSON throws a SyntaxError.
 *
 * @public
 */
export function readMatrixAnswer(
  text: string,
  grid: EvaluationGrid,
): MatrixAnswer {
  const scan = scanAnswer(text, grid);
  let step = scan.next();
  while (!step.done) step = scan.next();
  return step.value ?? parsePlain(text, grid);
}

/**
 * {@link readMatrixAnswer} in slices of about `sliceMs` of CPU, letting the event loop
 * run between them: a month of one query's points takes it tens of milliseconds, which
 * every other request (health checks, sign-in, token checks) would otherwise wait.
 */
export async function readMatrixAnswerInSlices(
  text: string,
  grid: EvaluationGrid,
  sliceMs = 5,
): Promise<MatrixAnswer> {
  const scan = scanAnswer(text, grid);
  let sliceStart = performance.now();
  let step = scan.next();
  while (!step.done) {
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise(resolve => setImmediate(resolve));
      sliceStart = performance.now();
    }
    step = scan.next();
  }
  return step.value ?? parsePlain(text, grid);
}
