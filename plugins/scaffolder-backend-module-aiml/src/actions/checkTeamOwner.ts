import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** A team is a Group whose name is a DNS-1123 label (DESIGN.md). */
const TEAM_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Checks that a project's owner is exactly `group:default/<team>` of the team
 * the step acts for. The owner is written into the project's catalog-info.yaml
 * and the team is derived from it in templates, so a ref that parses to the
 * right team name while carrying anything else (a line break and a second YAML
 * document in the namespace part, another kind, another catalog namespace) must
 * stop the task at its first step, before any file is written. Throws
 * InputError saying what to fix.
 */
export function checkTeamOwner(owner: string, team: string): void {
  // A template derives the team from the owner: a bad owner can make it anything.
  const wanted = `group:default/${TEAM_NAME.test(team) ? team : '<team>'}`;
  const shown = JSON.stringify(owner);
  if (/[\s\p{Cc}]/u.test(owner)) {
    throw new InputError(
      `owner ${shown} contains a line break, a space or a control character; an owner is one entity ref of a team, exactly ${wanted}`,
    );
  }
  let ref: { kind: string; namespace: string; name: string };
  try {
    ref = parseEntityRef(owner);
  } catch (e) {
    throw new InputError(
      `owner ${shown} is not an entity ref (${
        (e as Error).message
      }); use ${wanted}`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(
      `owner ${shown} is a ${ref.kind}, not a Group: a project is owned by its team; use ${wanted}`,
    );
  }
  if (ref.namespace !== 'default') {
    throw new InputError(
      `owner ${shown} is in catalog namespace "${ref.namespace}"; teams are Groups of namespace "default": use ${wanted}`,
    );
  }
  if (ref.name !== team) {
    throw new InputError(
      `owner ${shown} is team "${
        ref.name
      }", but this step acts for team ${JSON.stringify(team)}; use ${wanted}`,
    );
  }
  if (owner !== wanted) {
    throw new InputError(
      `owner ${shown} must be written exactly ${wanted} (lowercase kind, namespace and name)`,
    );
  }
}
