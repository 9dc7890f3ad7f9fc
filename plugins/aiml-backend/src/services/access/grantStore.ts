import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { Grant, GrantEndReason, GrantState } from './types';

const TABLE = 'aiml_grants';

interface GrantRow {
  id: string;
  user_ref: string;
  team: string;
  cluster: string;
  level: string;
  break_glass: boolean | number;
  strategy: string;
  namespaces: string;
  reason: string;
  state: string;
  created_at: number | string;
  expires_at: number | string;
  updated_at: number | string;
  revoked_at: number | string | null;
  revoked_by: string | null;
  end_reason: string | null;
  failure: string | null;
}

const iso = (ms: number | string | null) =>
  ms === null ? undefined : new Date(Number(ms)).toISOString();

function toGrant(row: GrantRow): Grant {
  return {
    id: row.id,
    userRef: row.user_ref,
    team: row.team,
    cluster: row.cluster,
    level: row.level as Grant['level'],
    breakGlass: Boolean(row.break_glass),
    strategy: row.strategy as Grant['strategy'],
    namespaces: JSON.parse(row.namespaces),
    reason: row.reason,
    state: row.state as GrantState,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at)!,
    updatedAt: iso(row.updated_at)!,
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by ?? undefined,
    endReason: (row.end_reason as GrantEndReason | null) ?? undefined,
    failure: row.failure ?? undefined,
  };
}

/** Grants in the plugin's database (SQLite or PostgreSQL), via knex migrations. */
export class GrantStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<GrantStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@eks-aiml/plugin-aiml-backend',
          'migrations',
        ),
      });
    }
    return new GrantStore(db);
  }

  async insert(
    grant: Omit<Grant, 'updatedAt'> & { nowMs: number },
  ): Promise<void> {
    await this.db<GrantRow>(TABLE).insert({
      id: grant.id,
      user_ref: grant.userRef,
      team: grant.team,
      cluster: grant.cluster,
      level: grant.level,
      break_glass: grant.breakGlass,
      strategy: grant.strategy,
      namespaces: JSON.stringify(grant.namespaces),
      reason: grant.reason,
      state: grant.state,
      created_at: Date.parse(grant.createdAt),
      expires_at: Date.parse(grant.expiresAt),
      updated_at: grant.nowMs,
    });
  }

  async get(id: string): Promise<Grant | undefined> {
    const row = await this.db<GrantRow>(TABLE).where({ id }).first();
    return row ? toGrant(row) : undefined;
  }

  /**
   * Moves a grant from one of `from` to `to`; returns false when another writer
   * got there first (the row's state was no longer one of `from`).
   */
  async transition(
    id: string,
    from: GrantState[],
    to: GrantState,
    nowMs: number,
    extra: {
      revokedBy?: string;
      endReason?: GrantEndReason;
      failure?: string;
      revoked?: boolean;
    } = {},
  ): Promise<boolean> {
    const updated = await this.db<GrantRow>(TABLE)
      .where({ id })
      .whereIn('state', from)
      .update({
        state: to,
        updated_at: nowMs,
        ...(extra.revokedBy ? { revoked_by: extra.revokedBy } : {}),
        ...(extra.endReason ? { end_reason: extra.endReason } : {}),
        ...(extra.failure ? { failure: extra.failure.slice(0, 2000) } : {}),
        ...(extra.revoked ? { revoked_at: nowMs } : {}),
      });
    return updated === 1;
  }

  async list(filter: {
    userRef?: string;
    teams?: string[];
    states?: GrantState[];
  }): Promise<Grant[]> {
    const query = this.db<GrantRow>(TABLE)
      .orderBy('created_at', 'desc')
      .limit(500);
    if (filter.states) query.whereIn('state', filter.states);
    if (filter.userRef || filter.teams) {
      query.where(q => {
        if (filter.userRef) q.orWhere('user_ref', filter.userRef);
        if (filter.teams?.length) q.orWhereIn('team', filter.teams);
      });
    }
    return (await query).map(toGrant);
  }

  /** Active grants whose time is up. */
  async due(nowMs: number): Promise<Grant[]> {
    return (
      await this.db<GrantRow>(TABLE)
        .where('state', 'active')
        .where('expires_at', '<=', nowMs)
    ).map(toGrant);
  }

  /** Grants a crash may have left half-done. */
  async unfinished(): Promise<Grant[]> {
    return (
      await this.db<GrantRow>(TABLE).whereIn('state', ['pending', 'revoking'])
    ).map(toGrant);
  }

  async byState(states: GrantState[]): Promise<Grant[]> {
    return (await this.db<GrantRow>(TABLE).whereIn('state', states)).map(
      toGrant,
    );
  }
}
