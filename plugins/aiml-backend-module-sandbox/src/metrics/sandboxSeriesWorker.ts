import {
  MetricsWindow,
  RangeQuery,
  RangeSeries,
  serveWorker,
} from '@eks-aiml/plugin-aiml-node';
import { SandboxMetrics } from '@eks-aiml/sandbox';
import { sandboxRange } from './sandboxSeries';

/**
 * One range query for a worker: the generator is rebuilt there from its seed.
 *
 * @public
 */
export type SandboxSeriesRequest = {
  seed: string;
  cluster: string;
  query: RangeQuery;
  window: MetricsWindow;
  nowMs: number;
};

/** Marks the threads this module serves in, so importing it elsewhere does nothing. */
export const SANDBOX_SERIES_MARK = 'aiml-sandbox-series';

/** This module's own file, the worker's entry (`.ts` in development, `.cjs.js` built). */
export const SANDBOX_SERIES_WORKER_FILE = __filename;

const generators = new Map<string, SandboxMetrics>();

serveWorker(
  SANDBOX_SERIES_MARK,
  ({ seed, cluster, query, window, nowMs }: SandboxSeriesRequest) => {
    let metrics = generators.get(seed);
    if (!metrics) {
      metrics = new SandboxMetrics({ seed });
      generators.set(seed, metrics);
    }
    const result: RangeSeries[] = sandboxRange(
      metrics,
      cluster,
      query,
      window,
      nowMs,
    );
    // The values move back to the main thread; nothing here keeps them.
    return {
      result,
      transfer: result.map(s => s.values.buffer as ArrayBuffer),
    };
  },
);
