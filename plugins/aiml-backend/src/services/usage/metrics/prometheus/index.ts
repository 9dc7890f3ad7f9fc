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
  PrometheusRequest,
} from './prometheusClient';
export { readMatrixAnswer } from './matrixAnswer';
export type {
  EvaluationGrid,
  MatrixAnswer,
  PrometheusMatrixSeries,
} from './matrixAnswer';
export { prometheusAuth, sigV4Auth } from './prometheusAuth';
export {
  PrometheusMetricsSource,
  PrometheusRangeReader,
} from './prometheusMetricsSource';
export type { PrometheusMetricsSourceOptions } from './prometheusMetricsSource';
