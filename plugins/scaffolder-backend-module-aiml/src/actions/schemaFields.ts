import type { z as zod } from 'zod/v3';

/** The `cluster` input every aiml action takes: a name from config, never a URL. */
export const clusterInput = (z: typeof zod) =>
  z
    .string()
    .min(1)
    .describe('Name of a cluster configured under aiml.clusters');

/** The `team` input every aiml action takes; `what` says what the team is to the action. */
export const teamInput = (what: string) => (z: typeof zod) =>
  z
    .string()
    .min(1)
    .describe(`The team (Group name) ${what}; the user must be a member`);

/** The `objects` output of the actions that apply: what applying did to each object. */
export const appliedObjectsOutput =
  (example: { apiVersion: string; kind: string; namespace: string }) =>
  (z: typeof zod) =>
    z
      .array(
        z.object({
          apiVersion: z.string().describe(`e.g. ${example.apiVersion}`),
          kind: z.string().describe(`e.g. ${example.kind}`),
          name: z.string().describe('The object name'),
          namespace: z.string().optional().describe(example.namespace),
          result: z
            .string()
            .describe(
              'created, configured, unchanged or deleted; would-create, would-apply or would-delete in a dry run',
            ),
        }),
      )
      .describe('Every object applied, in order, with what applying did');
