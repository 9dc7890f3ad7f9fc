import {
  CacheService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  AimlClock,
  AimlClusterRegistry,
  AimlMetricsSourceFactory,
} from '@eks-aiml/plugin-aiml-node';
import { readAimlLimits } from '../limits/readLimits';
import { CostComputer } from './compute';
import { readManagedNamespaces } from './metrics';
import type { PriceStore } from '../pricing/priceStore';
import { readPriceBook } from './pricing';
import { metricsSources } from './sources';
import { UsageService } from './UsageService';

export { UsageService } from './UsageService';
export type { ClusterSourceStatus, UsageComputation } from './UsageService';

/**
 * The usage service of the plugin: sources per cluster from `aiml.clusters[].metrics`
 * (Prometheus built in, others added by modules), managed namespaces (owners, cost
 * centers, workload types) from each cluster's Kubernetes API, prices from `aiml.pricing`, the aiml clock (the sandbox's in sandbox
 * mode).
 */
export function createUsageService(options: {
  config: RootConfigService;
  cache: CacheService;
  logger: LoggerService;
  registry: AimlClusterRegistry;
  clock: AimlClock;
  metricsSources: ReadonlyMap<string, AimlMetricsSourceFactory>;
  costs: CostComputer;
  /** Where AWS prices are stored, when `aiml.pricing.aws.enabled`. */
  priceStore?: PriceStore;
}): UsageService {
  const { registry } = options;
  const limits = readAimlLimits(options.config);
  return new UsageService({
    sources: metricsSources(registry, options.metricsSources, (...args) =>
      options.costs.assemble(...args),
    ),
    readNamespaces: cluster => readManagedNamespaces(registry, cluster),
    prices: readPriceBook(
      options.config,
      registry.listClusters(),
      options.priceStore,
    ),
    costs: options.costs,
    clock: options.clock,
    cache: options.cache,
    logger: options.logger,
    maxConcurrentLoads: limits.maxConcurrentClusterLoads,
    maxLoadedSeriesMiB: limits.maxLoadedSeriesMiB,
    maxHistoryDays: limits.maxHistoryDays,
  });
}
