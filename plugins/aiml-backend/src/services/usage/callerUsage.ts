import { aimlUsageReadPermission } from '@eks-aiml/plugin-aiml-common';
import { Caller, CallerAccess } from '../../permissions/callerAccess';
import { ColdWindowLimiter } from '../limits/coldWindowLimiter';
import { UsageScope } from './scopes';
import { UsageComputation, UsageService } from './UsageService';
import { UsageWindow } from './usageWindow';

/** The report of the teams a caller may read: every team when they see the fleet. */
export interface CallerTeamsUsage {
  computation: UsageComputation;
  /** The teams shown (all teams for those who see the fleet). */
  teams: string[];
  fleet: boolean;
}

/**
 * Usage as one caller may read it, for the HTTP routes and the MCP actions alike: a cold
 * window counts against the caller's bound (`aiml.usage.maxColdWindowsPerUser`) while
 * it is computed, and who sees which team is the caller access's rule.
 *
 * @internal
 */
export class CallerUsage {
  private readonly cold: ColdWindowLimiter;

  constructor(
    private readonly deps: {
      service: UsageService;
      access: () => CallerAccess;
      maxColdWindowsPerUser: number;
    },
  ) {
    this.cold = new ColdWindowLimiter({ max: deps.maxColdWindowsPerUser });
  }

  /** Computes a scope's report; a cold window counts against the caller's bound meanwhile. */
  async compute(
    who: Caller,
    scope: UsageScope,
    window: UsageWindow,
  ): Promise<UsageComputation> {
    const { service } = this.deps;
    if (await service.isWarm(scope, window)) {
      return service.compute(scope, window);
    }
    const release = this.cold.enter(
      who.id,
      `${window.startMs}:${window.endMs}`,
    );
    try {
      return await service.compute(scope, window);
    } finally {
      release();
    }
  }

  /** The report of every team the caller may read (`GET /usage/teams`). */
  async teams(who: Caller, window: UsageWindow): Promise<CallerTeamsUsage> {
    const { service } = this.deps;
    const access = this.deps.access();
    const all = await service.teams();
    const visible = await access.visibleTeams(
      who,
      aimlUsageReadPermission,
      all,
    );
    const fleet = visible === 'all';
    const mine = visible === 'all' ? all : visible;
    const scope: UsageScope = fleet
      ? { kind: 'fleet' }
      : { kind: 'teams', teams: mine };
    // No team to show: nothing to load or compute.
    const computation =
      !fleet && mine.length === 0
        ? service.empty(scope, window)
        : await this.compute(who, scope, window);
    return { computation, teams: mine, fleet };
  }

  /** The cold-window limiter, for computations outside a scope (the chargeback). */
  enterCold(who: Caller, window: UsageWindow): () => void {
    return this.cold.enter(who.id, `${window.startMs}:${window.endMs}`);
  }
}
