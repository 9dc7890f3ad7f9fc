import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type {
  AimlClock,
  AimlClusterRegistry,
} from '@eks-aiml/plugin-aiml-node';
import { AwsPriceFetcher } from './awsPriceFetcher';
import { readAwsPricingSettings } from './awsPricingSettings';
import { PriceStore } from './priceStore';

/**
 * With `aiml.pricing.aws.enabled`, the store of AWS prices and a task that fills it:
 * one replica at a time, at start-up and then at `aiml.pricing.aws.frequency`.
 * Undefined when disabled (the built-in table prices everything).
 */
export async function schedulePriceFetches(deps: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  registry: AimlClusterRegistry;
  clock: AimlClock;
  logger: LoggerService;
}): Promise<PriceStore | undefined> {
  const settings = readAwsPricingSettings(deps.config);
  if (!settings.enabled) return undefined;
  const store = await PriceStore.create(deps.database);
  const fetcher = new AwsPriceFetcher({ ...deps, store, settings });
  await deps.scheduler.scheduleTask({
    id: 'aiml-pricing-fetch',
    frequency: settings.frequency,
    timeout: { minutes: 15 },
    initialDelay: { seconds: 1 },
    fn: () => fetcher.fetchAll(),
  });
  return store;
}
