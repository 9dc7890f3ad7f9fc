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
export * from './labels';
export * from './models';
export * from './permissions';
export * from './pricing';
export * from './quota';
export * from './schemas';
export * from './serving';
