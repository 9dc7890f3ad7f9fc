import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  CostComparison,
  CostReport,
  compareReports,
  computeCostReport,
  createPriceBook,
  previousPeriod,
  teamQueueCosts,
  AimlClusterSourceStatus,
  ClusterKueueMetrics,
} from '@eks-aiml/plugin-aiml-common';
import { AimlClock } from '@eks-aiml/plugin-aiml-node';
import type { ManagedNamespace } from './metrics';
import { EffectivePriceBook } from './pricing';
import {
  ClusterUsageInput,
  scopeInput,
  scopeKey,
  scopeQueueRows,
  showsFleet,
  UsageScope,
  withoutFleet,
} from './scopes';
import { budgetForecast, monthToDateWindow, TeamBudget } from './budget';
import { DEFAULT_LIMITS } from '../limits/readLimits';
import { CostComputer, typedArrayBytes } from './compute';
import { RecentEntries } from './recentEntries';
import { mapLimited } from './mapLimited';
import { ClusterSource } from './sources';
import { parseUsageWindow, usageWindow, UsageWindow } from './usageWindow';

/** Whether a cluster's usage could be read for a window. */
export type ClusterSourceStatus = AimlClusterSourceStatus;

/** A scope's report over a window and over the period of equal length before it. */
export interface UsageComputation {
  scope: UsageScope;
  window: UsageWindow;
  previousWindow: UsageWindow;
  report: CostReport;
  previous: CostReport;
  comparison: CostComparison;
  /** Per cluster: whether its usage is in the report. */
  sources: ClusterSourceStatus[];
  /** False when a configured source failed or answered in part, in either period. */
  complete: boolean;
  /** Where prices come from. */
  priceSource: string;
}

interface Loaded {
  clusters: ClusterUsageInput[];
  sources: ClusterSourceStatus[];
}

interface LoadedCluster {
  input?: ClusterUsageInput;
  status: ClusterSourceStatus;
}

interface CachedReport {
  report: CostReport;
  sources: ClusterSourceStatus[];
}

/** How long computed reports are kept: past windows change only when ownership does. */
const PAST_TTL_MS = 15 * 60_000;
const CURRENT_TTL_MS = 60_000;
/**
 * How long the loaded series of a window that includes today are shared between
 * requests (later samples change them); a past window's are kept as long as its reports.
 */
const LOAD_TTL_MS = 30_000;
/**
 * Reports kept as objects (RecentEntries): the pages being looked at now. The 200-person
 * soak asks for about 340 reports (169 answers and their previous periods), ~30 MiB of
 * JSON; a fleet of 10,000 accelerators makes ~5 MiB reports (docs/scale.md).
 */
const RECENT_REPORTS = { maxEntries: 1024, maxBytes: 128 * 2 ** 20 };
/**
 * At most this many loaded windows kept, besides their bytes (`aiml.usage.maxLoadedSeriesMiB`):
 * the reports of one window (its teams, projects, clusters, the fleet) share one load.
 * The 200-person soak asks for 26 windows in its first minute; kept 4 at a time for 30 s,
 * as before, it loaded 195.
 */
const MAX_LOADED_WINDOWS = 64;
const RECENT_FROM_CACHE_TTL_MS = 30_000;
const NAMESPACES_TTL_MS = 60_000;

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** The cache key of a scope's report over a window (v4: byTeamQueue). */
const reportKey = (scope: UsageScope, window: UsageWindow) =>
  `usage:v5:${scopeKey(scope)}:${window.startMs}:${window.endMs}:${
    window.stepSeconds
  }`;

const isComplete = (sources: ClusterSourceStatus[]) =>
  sources.every(s => s.status === 'ok' || s.status === 'unconfigured');

/**
 * Throws ServiceUnavailableError, naming every failed source, when sources were
 * configured and none answered: an empty report would read as "no usage".
 */
function requireAnswer(sources: ClusterSourceStatus[]): void {
  const failed = sources.filter(s => s.status === 'error');
  if (
    !failed.length ||
    sources.some(s => s.status === 'ok' || s.status === 'partial')
  ) {
    return;
  }
  throw new ServiceUnavailableError(
    `No usage could be read: ${failed
      .map(s => `cluster ${s.cluster} (${s.source}): ${s.message}`)
      .join('; ')}`,
  );
}

/**
 * Usage and spend of the configured clusters: loads each cluster's series from its
 * metrics source and its managed namespaces, runs the cost model for a scope over the
 * window and the previous period of equal length, and caches reports through the
 * cache service. A cluster whose source fails is reported in `sources` and the answer
 * marked incomplete; when every configured source fails, the answer is a 503 naming them.
 */
export class UsageService {
  private readonly loads: RecentEntries<Promise<Loaded>>;
  private readonly namespaces = new Map<
    string,
    { at: number; promise: Promise<Record<string, ManagedNamespace>> }
  >();
  /** Reports being computed: identical concurrent requests share one. */
  private readonly computing = new Map<string, Promise<CachedReport>>();
  private readonly recent = new RecentEntries<CachedReport>(RECENT_REPORTS);

  constructor(
    private readonly deps: {
      sources: ClusterSource[];
      /** The managed namespaces of a cluster (managed and team-labelled only), by name. */
      readNamespaces(
        cluster: string,
      ): Promise<Record<string, ManagedNamespace>>;
      prices: EffectivePriceBook;
      /** Where the cost model runs: worker threads, or the event loop between I/O. */
      costs: CostComputer;
      clock: AimlClock;
      cache: CacheService;
      logger: LoggerService;
      /** Clusters loaded at once (`aiml.usage.maxConcurrentClusterLoads`). */
      maxConcurrentLoads?: number;
      /** How far back a window may start, in days (`aiml.usage.maxHistoryDays`). */
      maxHistoryDays?: number;
      /** Loaded windows kept, by their samples' size (`aiml.usage.maxLoadedSeriesMiB`). */
      maxLoadedSeriesMiB?: number;
    },
  ) {
    this.loads = new RecentEntries({
      maxEntries: MAX_LOADED_WINDOWS,
      maxBytes:
        (deps.maxLoadedSeriesMiB ?? DEFAULT_LIMITS.maxLoadedSeriesMiB) *
        2 ** 20,
    });
  }

  /** Now by the backend's clock (the sandbox's in sandbox mode), epoch ms. */
  nowMs(): number {
    return this.deps.clock.nowMs();
  }

  /** The window of a request (`from`, `to`), by the backend's clock. */
  parseWindow(query: { from?: unknown; to?: unknown }): UsageWindow {
    return parseUsageWindow(
      query,
      this.deps.clock.nowMs(),
      this.deps.maxHistoryDays,
    );
  }

  /**
   * Whether a scope's report over the window (and its previous period) needs no new
   * computation: cached, or being computed for another request already.
   */
  async isWarm(scope: UsageScope, window: UsageWindow): Promise<boolean> {
    const prior = previousPeriod(window);
    const windows = [window, usageWindow(prior.startMs, prior.endMs)];
    for (const w of windows) {
      const key = await this.keyOf(scope, w);
      if (!this.computing.has(key) && !(await this.stored(key))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The answer for a caller who sees no team: an empty report of the window, with no
   * metrics loaded and no cost computed.
   */
  empty(scope: UsageScope, window: UsageWindow): UsageComputation {
    const prior = previousPeriod(window);
    const previousWindow = usageWindow(prior.startMs, prior.endMs);
    const none = (w: UsageWindow) => {
      const raw = computeCostReport({
        startMs: w.startMs,
        stepSeconds: w.stepSeconds,
        steps: (w.endMs - w.startMs) / (w.stepSeconds * 1000),
        nodes: [],
        pods: [],
        namespaceOwners: {},
        priceBook: this.deps.prices.priceBook,
      });
      return showsFleet(scope) ? raw : withoutFleet(raw);
    };
    const report = none(window);
    const previous = none(previousWindow);
    return {
      scope,
      window,
      previousWindow,
      report,
      previous,
      comparison: compareReports(report, previous),
      sources: [],
      complete: true,
      priceSource: this.deps.prices.source,
    };
  }

  /** The effective price book. */
  get prices(): EffectivePriceBook {
    return this.deps.prices;
  }

  /**
   * The teams owning a namespace on a cluster, or on any configured cluster. A cluster
   * whose Kubernetes API does not answer is skipped (or, when asked for alone, fails).
   */
  async teams(cluster?: string): Promise<string[]> {
    const names = cluster ? [cluster] : this.deps.sources.map(s => s.cluster);
    const teams = new Set<string>();
    await Promise.all(
      names.map(async name => {
        try {
          for (const ns of Object.values(await this.namespacesOf(name))) {
            teams.add(ns.team);
          }
        } catch (error) {
          if (cluster) {
            throw new ServiceUnavailableError(
              `cannot read the namespaces of cluster "${name}": ${message(
                error,
              )}`,
            );
          }
          this.deps.logger.warn(
            `usage: namespaces of cluster ${name} could not be read: ${message(
              error,
            )}`,
          );
        }
      }),
    );
    return [...teams].sort();
  }

  /** A scope's report over the window and the previous period, with the change. */
  async compute(
    scope: UsageScope,
    window: UsageWindow,
  ): Promise<UsageComputation> {
    const prior = previousPeriod(window);
    const previousWindow = usageWindow(prior.startMs, prior.endMs);
    const [current, previous] = await Promise.all([
      this.report(scope, window),
      this.report(scope, previousWindow),
    ]);
    requireAnswer(current.sources);
    return {
      scope,
      window,
      previousWindow,
      report: current.report,
      previous: previous.report,
      comparison: compareReports(current.report, previous.report),
      sources: current.sources.map(s => {
        const before = previous.sources.find(p => p.cluster === s.cluster);
        return s.status === 'ok' && before && !isComplete([before])
          ? { ...before, message: `previous period: ${before.message}` }
          : s;
      }),
      complete: isComplete(current.sources) && isComplete(previous.sources),
      priceSource: this.deps.prices.source,
    };
  }

  /**
   * A scope's report over the window alone, without the previous period (a month's
   * chargeback); a 503 when no configured source answered.
   */
  async computeWindow(
    scope: UsageScope,
    window: UsageWindow,
  ): Promise<
    Pick<
      UsageComputation,
      'scope' | 'window' | 'report' | 'sources' | 'complete' | 'priceSource'
    >
  > {
    const { report, sources } = await this.report(scope, window);
    requireAnswer(sources);
    return {
      scope,
      window,
      report,
      sources,
      complete: isComplete(sources),
      priceSource: this.deps.prices.source,
    };
  }

  /**
   * A team's monthly budget against its spend this month so far (UTC, by the backend's
   * clock) and the linear month-end forecast; a 503 when no configured source answered.
   */
  async budget(team: string, monthly: number): Promise<TeamBudget> {
    const nowMs = this.deps.clock.nowMs();
    const { report, sources } = await this.report(
      { kind: 'teams', teams: [team] },
      monthToDateWindow(nowMs),
    );
    requireAnswer(sources);
    return budgetForecast({
      monthly,
      spendToDate: report.totals.spend,
      nowMs,
      complete: isComplete(sources),
    });
  }

  /** A report's cache key: newer stored AWS prices make earlier reports stale. */
  private async keyOf(scope: UsageScope, window: UsageWindow) {
    const version = await this.deps.prices.version();
    return version
      ? `${reportKey(scope, window)}|${version}`
      : reportKey(scope, window);
  }

  /**
   * A report computed already: by this replica lately, or by any through the cache
   * service (then kept here briefly, so the next request parses nothing).
   */
  private async stored(key: string): Promise<CachedReport | undefined> {
    const recent = this.recent.get(key);
    if (recent) return recent;
    // Stored as JSON text: the cache's own (de)serialization calls back for every value
    // of an object (34 ms for a 1 MiB report, 15 ms as text). Anything else (an older
    // release's object) counts as absent and is computed again.
    const text = await this.deps.cache.get(key);
    if (typeof text !== 'string') return undefined;
    const cached = JSON.parse(text) as CachedReport;
    // Another replica may have computed it: keep it only briefly.
    this.recent.set(key, cached, RECENT_FROM_CACHE_TTL_MS, text.length);
    return cached;
  }

  private async report(
    scope: UsageScope,
    window: UsageWindow,
  ): Promise<CachedReport> {
    const key = await this.keyOf(scope, window);
    const stored = await this.stored(key);
    if (stored) return stored;
    let pending = this.computing.get(key);
    if (!pending) {
      pending = this.computeReport(key, scope, window).finally(() =>
        this.computing.delete(key),
      );
      this.computing.set(key, pending);
    }
    return pending;
  }

  private async computeReport(
    key: string,
    scope: UsageScope,
    window: UsageWindow,
  ): Promise<CachedReport> {
    const loaded = await this.load(window);
    const input = scopeInput(loaded.clusters, scope);
    const steps = (window.endMs - window.startMs) / (window.stepSeconds * 1000);
    const prices = await this.deps.prices.optionsFor(
      window.startMs,
      window.endMs,
    );
    const raw = await this.deps.costs.compute({
      startMs: window.startMs,
      stepSeconds: window.stepSeconds,
      steps,
      ...input,
      prices,
    });
    const kueue = loaded.clusters.flatMap(c => (c.kueue ? [c.kueue] : []));
    const report = {
      ...(showsFleet(scope) ? raw : withoutFleet(raw)),
      ...(kueue.length
        ? {
            byTeamQueue: scopeQueueRows(
              teamQueueCosts({
                window: {
                  startMs: window.startMs,
                  stepSeconds: window.stepSeconds,
                  steps,
                },
                clusters: kueue,
                priceBook: createPriceBook(prices),
              }),
              scope,
            ),
          }
        : {}),
    };
    const sources =
      scope.kind === 'cluster'
        ? loaded.sources.filter(s => s.cluster === scope.cluster)
        : loaded.sources;
    const result = { report, sources };
    if (isComplete(sources)) {
      const ttl =
        window.endMs <= this.deps.clock.nowMs() ? PAST_TTL_MS : CURRENT_TTL_MS;
      const text = JSON.stringify(result);
      this.recent.set(key, result, ttl, text.length);
      await this.deps.cache.set(key, text, { ttl });
    }
    return result;
  }

  /**
   * Every cluster's series over a window; concurrent requests share one load, and later
   * ones while it is kept, unless a source failed: the next request asks it again.
   */
  private load(window: UsageWindow): Promise<Loaded> {
    const key = `${window.startMs}:${window.endMs}:${window.stepSeconds}`;
    const kept = this.loads.get(key);
    if (kept) return kept;
    const promise = this.loadClusters(window);
    const ttl =
      window.endMs <= this.deps.clock.nowMs() ? PAST_TTL_MS : LOAD_TTL_MS;
    // Counted once its size is known; until then it weighs nothing.
    this.loads.set(key, promise, ttl, 0);
    promise.then(
      loaded =>
        isComplete(loaded.sources)
          ? this.loads.resize(key, promise, typedArrayBytes(loaded.clusters))
          : this.loads.delete(key, promise),
      () => this.loads.delete(key, promise),
    );
    return promise;
  }

  private async loadClusters(window: UsageWindow): Promise<Loaded> {
    const results = await mapLimited(
      this.deps.sources,
      this.deps.maxConcurrentLoads ?? DEFAULT_LIMITS.maxConcurrentClusterLoads,
      s => this.loadCluster(s, window),
    );
    return {
      clusters: results.flatMap(r => (r.input ? [r.input] : [])),
      sources: results.map(r => r.status),
    };
  }

  private async loadCluster(
    s: ClusterSource,
    window: UsageWindow,
  ): Promise<LoadedCluster> {
    const status = { cluster: s.cluster, source: s.type };
    if (!('source' in s)) {
      return {
        status: {
          ...status,
          status: s.type === 'none' ? 'unconfigured' : 'error',
          message: s.problem,
        },
      };
    }
    try {
      const [namespaces, { warnings = [], ...series }, kueue] =
        await Promise.all([
          this.namespacesOf(s.cluster),
          s.source.load(s.cluster, window),
          this.kueueOf(s, window),
        ]);
      const input = {
        cluster: s.cluster,
        namespaces,
        ...series,
        ...(kueue.metrics ? { kueue: kueue.metrics } : {}),
      };
      warnings.push(...kueue.warnings);
      if (!warnings.length)
        return { input, status: { ...status, status: 'ok' } };
      const partial = `answered in part: ${warnings.join('; ')}`;
      this.deps.logger.warn(`usage of cluster ${s.cluster}: ${partial}`);
      return {
        input,
        status: { ...status, status: 'partial', message: partial },
      };
    } catch (error) {
      this.deps.logger.warn(
        `usage of cluster ${s.cluster} could not be read: ${message(error)}`,
      );
      return {
        status: { ...status, status: 'error', message: message(error) },
      };
    }
  }

  /**
   * Kueue's metrics of a Kueue cluster; when they cannot be read, the cluster's costs
   * stand and its answer is partial.
   */
  private async kueueOf(
    s: Extract<ClusterSource, { source: unknown }>,
    window: UsageWindow,
  ): Promise<{ metrics?: ClusterKueueMetrics; warnings: string[] }> {
    if (!s.kueue) return { warnings: [] };
    try {
      return await s.kueue.load(window);
    } catch (error) {
      return { warnings: [`Kueue's metrics: ${message(error)}`] };
    }
  }

  private namespacesOf(
    cluster: string,
  ): Promise<Record<string, ManagedNamespace>> {
    const now = Date.now();
    const hit = this.namespaces.get(cluster);
    if (hit && now - hit.at < NAMESPACES_TTL_MS) return hit.promise;
    const promise = this.deps.readNamespaces(cluster);
    promise.catch(() => this.namespaces.delete(cluster));
    this.namespaces.set(cluster, { at: now, promise });
    return promise;
  }
}
