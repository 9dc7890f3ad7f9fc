import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  aimlUsageReadPermission,
  LABEL_KUBERNETES_ID,
} from '@eks-aiml/plugin-aiml-common';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { Request, Response } from 'express';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import Router from 'express-promise-router';
import { spec } from '../schema/openapi.generated';
import { TeamAuthorizer } from '../permissions';
import { Caller, CallerAccess } from '../permissions/callerAccess';
import { ownerTeam } from '../services/ownerTeam';
import { ReportAnswers, sendAnswer } from './reportAnswers';
import { AimlLimits, DEFAULT_LIMITS } from '../services/limits/readLimits';
import {
  chargebackOf,
  parseChargebackMonth,
} from '../services/usage/chargeback';
import {
  chargebackCsv,
  usageCsv,
  UsageCsvBreakdown,
} from '../services/usage/csv';
import { CallerUsage } from '../services/usage/callerUsage';
import { describePricing } from '../services/usage/pricing';
import { showsFleet, UsageScope } from '../services/usage/scopes';
import { teamChanges, usageBody } from '../services/usage/usageBody';
import { UsageComputation, UsageService } from '../services/usage/UsageService';
import { UsageWindow } from '../services/usage/usageWindow';

/** What the usage routes need besides authentication and the cluster registry. */
export interface UsageRouterDeps {
  service: UsageService;
  teams: TeamDirectory;
  catalog: CatalogService;
  authorizer: TeamAuthorizer;
}

/** Catalog names and namespaces: `[A-Za-z0-9]` runs joined by `-`, `_` or `.`, at most 63. */
const ENTITY_PART = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

function entityPart(what: string, value: string): string {
  if (value.length > 63 || !ENTITY_PART.test(value)) {
    throw new InputError(
      `"${value}" is not a valid entity ${what}: use letters, digits and - _ . (at most 63 characters), e.g. /usage/projects/default/llama-finetune`,
    );
  }
  return value;
}

function format(req: Request): 'json' | 'csv' {
  const f = req.query.format;
  if (f === undefined || f === 'json') return 'json';
  if (f === 'csv') return 'csv';
  throw new InputError(`format must be json or csv, got "${String(f)}"`);
}

const BREAKDOWNS: UsageCsvBreakdown[] = [
  'team',
  'cost-center',
  'workload-type',
];

/** What each daily row of a usage CSV is of (`by`). */
function breakdown(req: Request): UsageCsvBreakdown {
  const by = req.query.by;
  if (by === undefined) return 'team';
  const found = BREAKDOWNS.find(b => b === by);
  if (!found) {
    throw new InputError(
      `by must be one of ${BREAKDOWNS.join(', ')}, got "${String(by)}"`,
    );
  }
  return found;
}

/** Sends CSV text as a download. */
function sendCsv(res: Response, filename: string, text: string) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(text);
}

/**
 * Usage and spend under `/usage` and the price book under `/pricing`. Who sees what is
 * the portal's permission policy: `aiml.usage.read` for each team (members see their
 * teams; platform admins and FinOps every team). Fleet-level figures (capacity,
 * unallocated, unattributed) and whole clusters only go to callers who see the fleet.
 * Services read only what `aiml.serviceAccess` lists for them. A caller who sees no team
 * gets an empty report, computed from nothing. Each caller has at most
 * `aiml.usage.maxColdWindowsPerUser` distinct date ranges being computed at once.
 */
export function createUsageRouter(
  options: UsageRouterDeps & {
    httpAuth: HttpAuthService;
    registry: AimlClusterRegistry;
    access?: CallerAccess;
    limits?: Pick<AimlLimits, 'maxColdWindowsPerUser'>;
  },
) {
  const { httpAuth, registry } = options;
  // Typed by the spec: a handler whose answer leaves the contract does not compile.
  const router = Router() as unknown as ApiRouter<typeof spec>;
  const callers = () =>
    options.access ??
    new CallerAccess({
      httpAuth,
      authorizer: options.authorizer,
      serviceAccess: new Map(),
    });
  const caller = (req: Request) => callers().caller(req, 'usage and spend');
  const usage = new CallerUsage({
    service: options.service,
    access: callers,
    maxColdWindowsPerUser: (options.limits ?? DEFAULT_LIMITS)
      .maxColdWindowsPerUser,
  });

  const requireTeam = (team: string, who: Caller) =>
    callers().requireTeam(
      who,
      aimlUsageReadPermission,
      team,
      `You may not see the usage of team "${team}"`,
    );

  const compute = (who: Caller, scope: UsageScope, window: UsageWindow) =>
    usage.compute(who, scope, window);

  const answers = new ReportAnswers();
  const send = async (
    req: Request,
    res: Response,
    c: UsageComputation,
    name: string,
    extra: Record<string, unknown> = {},
  ) => {
    if (format(req) === 'csv') {
      const by = breakdown(req);
      const suffix = by === 'team' ? '' : `-by-${by}`;
      sendCsv(
        res,
        `aiml-usage-${name}${suffix}-${c.window.from}_${c.window.to}.csv`,
        usageCsv(c.report, showsFleet(c.scope), by),
      );
      return;
    }
    await sendAnswer(
      req,
      res,
      answers.of(c.report, c.previous, extra, () => usageBody(c, extra)),
    );
  };

  router.get('/usage/teams', async (req, res) => {
    const who = await caller(req);
    const { service } = options;
    const window = service.parseWindow(req.query);
    format(req);
    breakdown(req);
    const { computation: c, teams, fleet } = await usage.teams(who, window);
    await send(req, res, c, 'teams', {
      teams,
      fleet,
      teamChanges: teamChanges(c),
    });
  });

  router.get('/usage/teams/:team', async (req, res) => {
    const who = await caller(req);
    const { service, teams } = options;
    const window = service.parseWindow(req.query);
    format(req);
    breakdown(req);
    const team = await teams.getTeam(req.params.team);
    await requireTeam(team.name, who);
    const [c, budget] = await Promise.all([
      compute(who, { kind: 'teams', teams: [team.name] }, window),
      team.monthlyBudget !== undefined
        ? service.budget(team.name, team.monthlyBudget)
        : undefined,
    ]);
    await send(req, res, c, team.name, {
      team: { name: team.name, title: team.title },
      ...(budget ? { budget } : {}),
    });
  });

  router.get('/usage/projects/:namespace/:name', async (req, res) => {
    const who = await caller(req);
    const { credentials } = who;
    const { service, catalog } = options;
    const namespace = entityPart('namespace', req.params.namespace);
    const name = entityPart('name', req.params.name);
    const window = service.parseWindow(req.query);
    format(req);
    breakdown(req);
    const ref = `component:${namespace}/${name}`;
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No project ${ref} in the catalog`);
    }
    const ownerText = entity.spec?.owner;
    const team = ownerTeam(ownerText, namespace);
    if (!team) {
      throw new NotFoundError(
        `Project ${ref} is not owned by a team (a Group in the default namespace); its owner is ${
          ownerText ?? 'missing'
        }`,
      );
    }
    await requireTeam(team, who);
    const project =
      entity.metadata.annotations?.[LABEL_KUBERNETES_ID] ??
      entity.metadata.name;
    const c = await compute(who, { kind: 'project', team, project }, window);
    await send(req, res, c, name, {
      project: { ref, name, kubernetesId: project, team },
    });
  });

  router.get('/usage/clusters/:name', async (req, res) => {
    const who = await caller(req);
    const { service } = options;
    const cluster = registry.getCluster(req.params.name).name;
    const window = service.parseWindow(req.query);
    format(req);
    breakdown(req);
    // A cluster's pods and capacity belong to the fleet, whoever has namespaces there.
    if (!(await callers().seesFleet(who, aimlUsageReadPermission))) {
      throw new NotAllowedError(
        `You may not see the usage of cluster "${cluster}": whole clusters are shown only to those who see every team (${aimlUsageReadPermission.name} for all teams: platform admins and FinOps); see your teams' usage at /usage/teams`,
      );
    }
    const c = await compute(who, { kind: 'cluster', cluster }, window);
    await send(req, res, c, cluster, { cluster });
  });

  router.get('/usage/chargeback', async (req, res) => {
    const who = await caller(req);
    const { service } = options;
    const month = parseChargebackMonth(req.query.month, service.nowMs());
    const window = service.parseWindow(month);
    const as = format(req);
    // Every cost center's spend is the fleet's: FinOps and platform admins.
    if (!(await callers().seesFleet(who, aimlUsageReadPermission))) {
      throw new NotAllowedError(
        `You may not download the chargeback: it shows every cost center's spend, so only those who see every team may (${aimlUsageReadPermission.name} for all teams: FinOps and platform admins); see your teams' usage at /usage/teams`,
      );
    }
    const release = usage.enterCold(who, window);
    let c;
    try {
      c = await service.computeWindow({ kind: 'fleet' }, window);
    } finally {
      release();
    }
    const chargeback = chargebackOf(month, c);
    if (as === 'csv') {
      sendCsv(
        res,
        `aiml-chargeback-${month.month}.csv`,
        chargebackCsv(chargeback),
      );
      return;
    }
    res.json(chargeback);
  });

  router.get('/pricing', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(
      await describePricing(options.service.prices, options.service.nowMs()),
    );
  });

  return router;
}
