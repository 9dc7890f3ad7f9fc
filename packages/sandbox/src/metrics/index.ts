export { DEFAULT_METRICS_SEED, SandboxMetrics, stepsOf } from './generator';
export type { MetricsRange, SandboxMetricsOptions } from './generator';
export { openMetricsChunks, toOpenMetrics } from './openMetrics';
export { plantedNumber, readPlantedScenarios } from './plantedScenarios';
export type {
  PlantedMonth,
  PlantedRow,
  PlantedScenarios,
} from './plantedScenarios';
export type { OpenMetricsOptions } from './openMetrics';
export { matchesAll, NATIVE_STEP_MS } from './series';
export type {
  GeneratedSeries,
  SampleFunction,
  SeriesMatcher,
  SeriesSegment,
} from './series';
export type {
  ClusterTopology,
  PodLifecycle,
  TopologyNode,
  TopologyPod,
} from './topology';
