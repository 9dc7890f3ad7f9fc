export * from './kueueTypes';
export * from './names';
export * from './objects';
export * from './queueState';
export * from './waitEstimate';
