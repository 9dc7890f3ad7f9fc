import { ProjectCostRow } from '@eks-aiml/plugin-aiml-common';
import { UsageService } from '../usage';
import { usageWindow } from '../usage/usageWindow';

/** The project rows of every team owning a namespace, over `[startMs, endMs)`. */
export function teamProjects(
  usage: Pick<UsageService, 'teams' | 'computeWindow'>,
): (startMs: number, endMs: number) => Promise<ProjectCostRow[]> {
  return async (startMs, endMs) => {
    const teams = await usage.teams();
    if (teams.length === 0) return [];
    const { report } = await usage.computeWindow(
      { kind: 'teams', teams },
      usageWindow(startMs, endMs),
    );
    return report.byProject;
  };
}
