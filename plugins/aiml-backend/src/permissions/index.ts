export * from './teamResource';
export * from './rules';
export * from './conditionExports';
export { TeamAuthorizer } from './teamAuthorizer';
