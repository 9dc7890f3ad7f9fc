/**
 * Node.js library for the aiml plugin.
 *
 * @packageDocumentation
 */
export * from './config/readAimlConfig';
export * from './eks/eksToken';
export * from './sandbox/sandboxService';
