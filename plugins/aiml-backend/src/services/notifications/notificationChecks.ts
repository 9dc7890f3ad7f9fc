import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { ProjectCostRow } from '@eks-aiml/plugin-aiml-common';
import { Grant } from '../access/types';
import { TeamBudget } from '../usage/budget';
import { budgetNotice, grantEndingNotice, idleNotice, Notice } from './notices';
import { NoticeSender } from './noticeSender';
import { NotificationsConfig } from './notificationsConfig';

const DAY_MS = 86_400_000;

/**
 * The scheduled checks: budgets forecast to overrun, idle projects, grants about to end. Each cycle
 * sends what is due; the sender's keys make a repeated cycle (or replica) send nothing.
 */
export class NotificationChecks {
  constructor(
    private readonly deps: {
      sender: Pick<NoticeSender, 'send'>;
      config: NotificationsConfig;
      teams: Pick<TeamDirectory, 'getTeams'>;
      catalog: Pick<CatalogService, 'getEntities'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      budget: (team: string, monthly: number) => Promise<TeamBudget>;
      /** The projects' figures of every team over `[startMs, endMs)`. */
      projects: (startMs: number, endMs: number) => Promise<ProjectCostRow[]>;
      /** Active grants whose expiry is at or before a time. */
      activeEndingBy: (ms: number) => Promise<Grant[]>;
      nowMs: () => number;
      logger: LoggerService;
    },
  ) {}

  /**
   * Runs every check side by side: a slow or failing one (a usage report over a month,
   * a catalog or metrics outage) never delays or stops the others.
   */
  async run(): Promise<void> {
    const checks = {
      budget: () => this.budgets(),
      idle: () => this.idle(),
      'grant-ending': () => this.grantsEnding(),
    };
    await Promise.all(
      Object.entries(checks).map(([name, check]) =>
        check().catch(error =>
          this.deps.logger.warn(`Notification check ${name} failed: ${error}`),
        ),
      ),
    );
  }

  private async sendAll(notices: Notice[]) {
    for (const notice of notices) {
      await this.deps.sender.send(notice);
    }
  }

  /** Teams with a monthly budget whose month-end forecast overruns it. */
  async budgets(): Promise<void> {
    const { catalog, auth, teams, config } = this.deps;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'group' }, fields: ['metadata.name'] },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const found = await teams.getTeams(items.map(e => e.metadata.name));
    const notices: Notice[] = [];
    for (const team of found.values()) {
      if (team.monthlyBudget === undefined) continue;
      const budget = await this.deps.budget(team.name, team.monthlyBudget);
      const notice = budgetNotice(team, budget, config.budget, config);
      if (notice) notices.push(notice);
    }
    await this.sendAll(notices);
  }

  /** Projects whose allocated accelerators sat idle over the last `idle.days` and today. */
  async idle(): Promise<void> {
    const { idle } = this.deps.config;
    const todayMs = Math.floor(this.deps.nowMs() / DAY_MS) * DAY_MS;
    const startMs = todayMs - idle.days * DAY_MS;
    const rows = await this.deps.projects(startMs, todayMs + DAY_MS);
    const window = {
      from: new Date(startMs).toISOString().slice(0, 10),
      today: new Date(todayMs).toISOString().slice(0, 10),
    };
    await this.sendAll(
      rows.flatMap(row => idleNotice(row, window, idle) ?? []),
    );
  }

  /** Active grants that end within `grantEndingMinutes` (not those already past due). */
  async grantsEnding(): Promise<void> {
    const nowMs = this.deps.nowMs();
    const { grantEndingMinutes } = this.deps.config;
    const ending = await this.deps.activeEndingBy(
      nowMs + grantEndingMinutes * 60_000,
    );
    await this.sendAll(
      ending
        .filter(grant => Date.parse(grant.expiresAt) > nowMs)
        .map(grant => grantEndingNotice(grant, grantEndingMinutes)),
    );
  }
}
