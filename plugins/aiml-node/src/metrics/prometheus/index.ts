export {
  MAX_POINTS_PER_SERIES,
  promqlSelector,
  promqlString,
  stepAverageQuery,
} from './promql';
export type { RangeQueryParams } from './promql';
export { PrometheusClient } from './prometheusClient';
export type {
  PrometheusAuth,
  PrometheusClientOptions,
  PrometheusMatrix,
  PrometheusMatrixSeries,
  PrometheusRequest,
} from './prometheusClient';
export { prometheusAuth, sigV4Auth } from './prometheusAuth';
export {
  PrometheusMetricsSource,
  PrometheusRangeReader,
} from './prometheusMetricsSource';
export type { PrometheusMetricsSourceOptions } from './prometheusMetricsSource';
