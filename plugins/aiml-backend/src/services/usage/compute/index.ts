export { CostWorkerPool } from './CostWorkerPool';
export { InlineCostComputer } from './InlineCostComputer';
export { costComputerFromConfig } from './costComputerFromConfig';
export type { CostComputer, CostJob } from './costJob';
export { typedArrayBytes } from './typedArrayBuffers';
