/**
 * Node.js library for the aiml plugin.
 *
 * @packageDocumentation
 */
export * from './config/readAimlConfig';
export * from './sandbox/sandboxService';
