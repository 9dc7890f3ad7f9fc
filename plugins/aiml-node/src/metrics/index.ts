export * from './types';
export * from './extensionPoint';
export { aggregateSeries } from './aggregate';
export { windowSteps } from './window';
