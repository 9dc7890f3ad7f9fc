/**
 * The aiml backend plugin.
 *
 * @packageDocumentation
 */
export { aimlPlugin as default } from './plugin';
export * from './permissions';
/*
 * The metrics pipeline the usage service runs, offered for tests and benchmarks that
 * read a Prometheus or a range reader as the backend does (adopters add sources through
 * `aimlMetricsSourceExtensionPoint` of @eks-aiml/plugin-aiml-node instead).
 */
export {
  loadAcceleratorSeries,
  PrometheusClient,
  PrometheusMetricsSource,
  rangeReaderMetricsSource,
} from './services/usage/metrics';
export type {
  LoadAcceleratorSeriesOptions,
  NodeLabelReader,
  PrometheusAuth,
  PrometheusClientOptions,
  PrometheusMatrix,
  PrometheusMatrixSeries,
  PrometheusMetricsSourceOptions,
  PrometheusRequest,
  RangeQueryParams,
  RawAcceleratorMetrics,
  SeriesAssembler,
} from './services/usage/metrics';
