import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { AimlTeamResource, teamRef } from './teamResource';

/** The team name in a `group:default/<name>` resource ref. */
export function teamOfRef(ref: string): string {
  return ref.replace(/^group:default\//, '');
}

/**
 * Loads teams by name as permission resources, in order: one catalog request for all;
 * undefined where no such Group exists. A catalog outage loads no team, so conditional
 * decisions deny.
 */
export function teamResourceLoader(
  teams: Pick<TeamDirectory, 'getTeams'>,
): (names: string[]) => Promise<Array<AimlTeamResource | undefined>> {
  return async names => {
    const found = await teams.getTeams(names).catch(() => undefined);
    return names.map(name => {
      const team = found?.get(name);
      return (
        team && {
          name,
          ref: teamRef(name),
          leadRefs: team.leads.map(l => `user:default/${l}`),
        }
      );
    });
  };
}
