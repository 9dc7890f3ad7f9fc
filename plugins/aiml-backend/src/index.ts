/**
 * The aiml backend plugin.
 *
 * @packageDocumentation
 */
export { aimlPlugin as default } from './plugin';
export * from './permissions';
