/**
 * Common functionalities for the aiml plugin.
 *
 * @packageDocumentation
 */
export * from './accelerators';
export * from './api';
export * from './bundle';
export * from './cost';
export * from './durations';
export * from './kueue';
export * from './labels';
export * from './models';
export * from './permissions';
export * from './podRequests';
export * from './pricing';
export * from './quantity';
export * from './quota';
export * from './schemas';
export * from './serving';
export * from './workloadStart';
