/** Small helpers for benchmarks: timing, medians and a printed table. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** Runs `call` from `concurrency` loops for `durationMs`; returns requests/s and latencies. */
export async function throughput(
  call: () => Promise<unknown>,
  options: { concurrency: number; durationMs: number },
): Promise<{
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await call();
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    requests: latencies.length,
  };
}

export type Row = Record<string, string | number>;

/** Prints rows as a Markdown table and returns it. */
export function table(rows: Row[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const fmt = (v: string | number) => {
    if (typeof v === 'string') return v;
    return Number.isInteger(v) ? String(v) : v.toFixed(2);
  };
  const lines = [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map(r => `| ${headers.map(h => fmt(r[h])).join(' | ')} |`),
  ];
  const text = lines.join('\n');
  console.log(text);
  return text;
}
