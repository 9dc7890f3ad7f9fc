import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  aimlUsageReadPermission,
  CostFigures,
} from '@eks-aiml/plugin-aiml-common';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { Caller, CallerAccess } from '../permissions/callerAccess';
import { CallerUsage } from '../services/usage/callerUsage';
import { UsageComputation, UsageService } from '../services/usage/UsageService';
import { UsageWindow } from '../services/usage/usageWindow';

/** What the team-usage action needs: the same services as `GET /usage/teams`. */
export interface UsageActionDeps {
  access: CallerAccess;
  usage: CallerUsage;
  service: UsageService;
  teams: TeamDirectory;
}

/** The figures an assistant reads of a team or project (the report's, unrounded). */
function figures(row: CostFigures) {
  return {
    spend: row.spend,
    idleSpend: row.idleSpend,
    allocatedHours: row.allocatedHours,
    busyHours: row.busyHours,
    efficiency: row.efficiency,
  };
}

/** One team's report, if the caller may read it (`GET /usage/teams/{team}`). */
async function teamUsage(
  deps: UsageActionDeps,
  who: Caller,
  name: string,
  window: UsageWindow,
): Promise<UsageComputation> {
  const team = await deps.teams.getTeam(name);
  await deps.access.requireTeam(
    who,
    aimlUsageReadPermission,
    team.name,
    `You may not see the usage of team "${team.name}"`,
  );
  return deps.usage.compute(who, { kind: 'teams', teams: [team.name] }, window);
}

/**
 * `aiml:get-team-usage`: the accelerator spend and idle projects of the caller's teams
 * over a window, read as `GET /usage/teams` (or `/usage/teams/{team}`) would for them.
 */
export function registerUsageAction(
  registry: ActionsRegistryService,
  deps: UsageActionDeps,
) {
  registry.register({
    name: 'get-team-usage',
    title: 'Team accelerator usage and idle projects',
    description: `Accelerator (GPU, Neuron) usage and spend of the teams the caller may see, over a window of whole UTC days, and the projects with idle spend (allocated but unused accelerator-hours), most idle first.
Use it to answer "what did my team spend on GPUs last week and what is idle". Members see their own teams; FinOps and platform admins see every team. Dates are YYYY-MM-DD; the range is [from, to), so "to" is the day after the last day; without dates it covers the last 30 days. Money is in the report's currency.`,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          from: z
            .string()
            .optional()
            .describe('First day, YYYY-MM-DD (UTC); default 30 days before to'),
          to: z
            .string()
            .optional()
            .describe(
              'The day after the last day, YYYY-MM-DD (UTC); default today',
            ),
          team: z
            .string()
            .optional()
            .describe(
              'One team (catalog Group name) instead of all the caller may see',
            ),
          idleProjects: z
            .number()
            .int()
            .min(0)
            .max(100)
            .default(10)
            .describe('How many idle projects to list, most idle spend first'),
        }),
      output: z =>
        z.object({
          window: z.object({ from: z.string(), to: z.string() }),
          currency: z.string(),
          fleet: z
            .boolean()
            .describe('Whether the caller sees every team (FinOps, admins)'),
          teams: z.array(
            z.object({
              team: z.string(),
              spend: z.number(),
              idleSpend: z.number(),
              allocatedHours: z.number(),
              busyHours: z.number(),
              efficiency: z
                .number()
                .nullable()
                .describe('busy / allocated hours; null when nothing ran'),
            }),
          ),
          idleProjects: z.array(
            z.object({
              team: z.string(),
              project: z
                .string()
                .nullable()
                .describe('backstage.io/kubernetes-id; null for pods of none'),
              spend: z.number(),
              idleSpend: z.number(),
              allocatedHours: z.number(),
              busyHours: z.number(),
              efficiency: z.number().nullable(),
            }),
          ),
          complete: z
            .boolean()
            .describe("Whether every cluster's usage is in the figures"),
        }),
    },
    action: async ({ input, credentials }) => {
      const who = deps.access.callerOf(credentials, 'usage and spend');
      const window = deps.service.parseWindow(input);
      const shown: { computation: UsageComputation; fleet: boolean } =
        input.team
          ? {
              computation: await teamUsage(deps, who, input.team, window),
              fleet: false,
            }
          : await deps.usage.teams(who, window);
      const { report } = shown.computation;
      return {
        output: {
          window: { from: window.from, to: window.to },
          currency: report.currency,
          fleet: shown.fleet,
          teams: report.byTeam.map(row => ({
            team: row.team,
            ...figures(row),
          })),
          idleProjects: report.byProject
            .filter(row => row.idleSpend > 0)
            .sort((a, b) => b.idleSpend - a.idleSpend)
            .slice(0, input.idleProjects)
            .map(row => ({
              team: row.team,
              project: row.project,
              ...figures(row),
            })),
          complete: shown.computation.complete,
        },
      };
    },
  });
}
