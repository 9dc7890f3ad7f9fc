import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  aimlUsageReadPermission,
  LABEL_KUBERNETES_ID,
} from '@eks-aiml/plugin-aiml-common';
import { AimlClusterRegistry, TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import { TeamAuthorizer } from '../permissions';
import { usageCsv } from '../services/usage/csv';
import { describePricing } from '../services/usage/pricing';
import { showsFleet, UsageScope } from '../services/usage/scopes';
import { teamChanges, usageBody } from '../services/usage/usageBody';
import { UsageComputation, UsageService } from '../services/usage/UsageService';

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

/** The Group an owner reference names (`group:default/x`, `default/x` or `x`), if any. */
function ownerTeam(owner: unknown, namespace: string): string | undefined {
  if (typeof owner !== 'string') return undefined;
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(owner);
  if (!m) return undefined;
  const [, kind = 'group', ns = namespace, name] = m;
  return kind.toLocaleLowerCase('en-US') === 'group' && ns === 'default'
    ? name
    : undefined;
}

function format(req: Request): 'json' | 'csv' {
  const f = req.query.format;
  if (f === undefined || f === 'json') return 'json';
  if (f === 'csv') return 'csv';
  throw new InputError(`format must be json or csv, got "${String(f)}"`);
}

/**
 * Usage and spend under `/usage` and the price book under `/pricing`. Who sees what is
 * the portal's permission policy: `aiml.usage.read` for each team (members see their
 * teams; platform admins and FinOps every team). Fleet-level figures (capacity,
 * unallocated, unattributed) only go to callers who may read every team.
 */
export function createUsageRouter(
  options: Partial<UsageRouterDeps> & {
    httpAuth: HttpAuthService;
    registry: AimlClusterRegistry;
  },
) {
  const { httpAuth, registry } = options;
  const deps = () => options as UsageRouterDeps;
  const router = Router();
  const caller = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const visible = (teams: string[], credentials: BackstageCredentials) =>
    deps().authorizer.allowedTeams(aimlUsageReadPermission, teams, credentials);

  const requireTeam = async (
    team: string,
    credentials: BackstageCredentials,
  ) => {
    await deps().authorizer.require(
      aimlUsageReadPermission,
      team,
      credentials,
      `You may not see the usage of team "${team}"`,
    );
  };

  const send = (
    req: Request,
    res: Response,
    c: UsageComputation,
    name: string,
    extra: Record<string, unknown> = {},
  ) => {
    if (format(req) === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="aiml-usage-${name}-${c.window.from}_${c.window.to}.csv"`,
      );
      res.send(usageCsv(c.report, showsFleet(c.scope)));
      return;
    }
    res.json(usageBody(c, extra));
  };

  router.get('/usage/teams', async (req, res) => {
    const credentials = await caller(req);
    const { service } = deps();
    const window = service.parseWindow(req.query);
    format(req);
    const all = await service.teams();
    const mine = await visible(all, credentials);
    const scope: UsageScope =
      mine.length === all.length
        ? { kind: 'fleet' }
        : { kind: 'teams', teams: mine };
    const c = await service.compute(scope, window);
    send(req, res, c, 'teams', {
      teams: mine,
      fleet: scope.kind === 'fleet',
      teamChanges: teamChanges(c),
    });
  });

  router.get('/usage/teams/:team', async (req, res) => {
    const credentials = await caller(req);
    const { service, teams } = deps();
    const window = service.parseWindow(req.query);
    format(req);
    const team = await teams.getTeam(req.params.team);
    await requireTeam(team.name, credentials);
    const [c, budget] = await Promise.all([
      service.compute({ kind: 'teams', teams: [team.name] }, window),
      team.monthlyBudget !== undefined
        ? service.budget(team.name, team.monthlyBudget)
        : undefined,
    ]);
    send(req, res, c, team.name, {
      team: { name: team.name, title: team.title },
      ...(budget ? { budget } : {}),
    });
  });

  router.get('/usage/projects/:namespace/:name', async (req, res) => {
    const credentials = await caller(req);
    const { service, catalog } = deps();
    const namespace = entityPart('namespace', req.params.namespace);
    const name = entityPart('name', req.params.name);
    const window = service.parseWindow(req.query);
    format(req);
    const ref = `component:${namespace}/${name}`;
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No project ${ref} in the catalog`);
    }
    const ownerText = (entity.spec as any)?.owner;
    const team = ownerTeam(ownerText, namespace);
    if (!team) {
      throw new NotFoundError(
        `Project ${ref} is not owned by a team (a Group in the default namespace); its owner is ${
          ownerText ?? 'missing'
        }`,
      );
    }
    await requireTeam(team, credentials);
    const project =
      entity.metadata.annotations?.[LABEL_KUBERNETES_ID] ??
      entity.metadata.name;
    const c = await service.compute({ kind: 'project', team, project }, window);
    send(req, res, c, name, {
      project: { ref, name, kubernetesId: project, team },
    });
  });

  router.get('/usage/clusters/:name', async (req, res) => {
    const credentials = await caller(req);
    const { service } = deps();
    const cluster = registry.getCluster(req.params.name).name;
    const window = service.parseWindow(req.query);
    format(req);
    const owning = await service.teams(cluster);
    const mine = await visible(owning, credentials);
    if (mine.length !== owning.length) {
      throw new NotAllowedError(
        `You may not see the usage of cluster "${cluster}": it needs permission ${aimlUsageReadPermission.name} for every team with namespaces there`,
      );
    }
    const c = await service.compute({ kind: 'cluster', cluster }, window);
    send(req, res, c, cluster, { cluster });
  });

  router.get('/pricing', async (req, res) => {
    await caller(req);
    res.json(describePricing(deps().service.prices));
  });

  return router;
}
