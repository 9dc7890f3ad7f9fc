import type { z as zod } from 'zod/v3';

/** The `cluster` input every aiml action takes: a name from config, never a URL. */
export const clusterInput = (z: typeof zod) =>
  z
    .string()
    .min(1)
    .describe('Name of a cluster configured under aiml.clusters');
