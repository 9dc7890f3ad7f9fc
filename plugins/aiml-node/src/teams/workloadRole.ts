import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The default of `aiml.teams.workloadRoleName`. */
const DEFAULT_PATTERN = 'eks-aiml-{team}';
/** IAM role path segments and name: letters, digits and `+=,.@_-`. */
const ROLE_PATH = /^[A-Za-z0-9+=,.@_-]+(\/[A-Za-z0-9+=,.@_-]+)*$/;
const MAX_ROLE_NAME = 64;

/**
 * The IAM role (path and name) of a team's workloads, in each cluster's account.
 *
 * @public
 */
export type WorkloadRoleName = (team: string) => string;

/**
 * Reads `aiml.teams.workloadRoleName`, a pattern with `{team}` (default
 * `eks-aiml-{team}`, optionally with a path: `ml/eks-aiml-{team}`). Exactly one `{team}`
 * and only in the role's name, so every team gets its own role and no pattern can
 * make two teams share one. Invalid patterns fail at start-up.
 *
 * @public
 */
export function readWorkloadRoleName(config: Config): WorkloadRoleName {
  const key = 'aiml.teams.workloadRoleName';
  const pattern = config.getOptionalString(key) ?? DEFAULT_PATTERN;
  const name = pattern.slice(pattern.lastIndexOf('/') + 1);
  const problem =
    (pattern.split('{team}').length !== 2 &&
      'it must contain {team} exactly once') ||
    (!name.includes('{team}') &&
      'the {team} must be in the role name, after the last /') ||
    (!ROLE_PATH.test(pattern.replace('{team}', 'team')) &&
      'IAM role paths and names take letters, digits and +=,.@_- between single slashes');
  if (problem) {
    throw new Error(`Invalid ${key} "${pattern}": ${problem}`);
  }
  return team => {
    const roleName = name.replace('{team}', team);
    if (roleName.length > MAX_ROLE_NAME) {
      throw new InputError(
        `The workload role of team "${team}" would be "${roleName}", longer than IAM's ${MAX_ROLE_NAME} characters: a platform engineer must shorten ${key}`,
      );
    }
    return pattern.replace('{team}', team);
  };
}
