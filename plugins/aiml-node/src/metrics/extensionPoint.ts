import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AimlClusterConfig } from '../config/readAimlConfig';
import type { AcceleratorMetricsSource } from './types';

/**
 * What a metrics source factory is given: one configured cluster whose
 * `metrics.type` names the factory.
 *
 * @public
 */
export interface AimlMetricsSourceContext {
  /** The cluster, with its `metrics` configuration. */
  cluster: AimlClusterConfig;
  /** The configuration key of the cluster's `metrics`, for messages. */
  configKey: string;
}

/**
 * Makes the metrics source of a cluster configured with the type it was added for.
 *
 * @public
 */
export type AimlMetricsSourceFactory = (
  context: AimlMetricsSourceContext,
) => AcceleratorMetricsSource;

/**
 * Where the usage service finds a cluster's accelerator metrics: one factory per
 * `aiml.clusters[].metrics.type`. The aiml backend has `prometheus` built in; the
 * sandbox module adds `sandbox`; an adopter's module may add another (CloudWatch,
 * split-cost data).
 *
 * @public
 */
export interface AimlMetricsSourceExtensionPoint {
  /**
   * Adds the source of clusters configured with `metrics.type: <type>`; a type may be
   * added once.
   */
  addMetricsSource(type: string, factory: AimlMetricsSourceFactory): void;
}

/**
 * The extension point of the aiml backend's metrics sources.
 *
 * @public
 */
export const aimlMetricsSourceExtensionPoint =
  createExtensionPoint<AimlMetricsSourceExtensionPoint>({
    id: 'aiml.metrics-source',
  });
