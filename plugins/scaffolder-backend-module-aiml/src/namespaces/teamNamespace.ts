import { InputError } from '@backstage/errors';

/**
 * The workload types a team gets a namespace for.
 *
 * @public
 */
export type WorkloadType = 'training' | 'inference';

/** The workload types, for schemas. */
export const WORKLOAD_TYPES: [WorkloadType, WorkloadType] = [
  'training',
  'inference',
];

/** The namespace of a team and workload type: `<team>-<workload-type>` (DESIGN.md). */
export function teamNamespace(
  team: string,
  workloadType: WorkloadType,
): string {
  const name = `${team}-${workloadType}`;
  if (name.length > 63) {
    throw new InputError(
      `the namespace "${name}" would be longer than 63 characters; the team name "${team}" is too long for a namespace`,
    );
  }
  return name;
}
