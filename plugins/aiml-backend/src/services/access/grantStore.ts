import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migratedDatabase } from '../migratedDatabase';
import { GrantPosition } from './grantListQuery';
import { GrantReadScope } from './readScope';
import { Grant, GrantEndReason, GrantState } from './types';

import { errorFields } from './describeError';
import { principalKey } from './principalArn';

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
  principal_arn?: string | null;
  live_key?: string | null;
  approval?: string | null;
}

/**
 * States in which a grant holds, is about to hold or waits for approval to hold
 * access: each counts towards a person's live grants and keeps its request key.
 */
const LIVE: GrantState[] = ['requested', 'pending', 'active'];

/** Whether a database error is the unique index on `live_key` refusing a duplicate. */
function isDuplicateLiveKey(error: unknown): boolean {
  const { constraint, message, code } = errorFields(error);
  const text = `${constraint ?? ''} ${message ?? ''}`;
  return (
    (code === '23505' || /UNIQUE constraint failed/i.test(text)) &&
    /live_key/.test(text)
  );
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
    principalArn: row.principal_arn ?? undefined,
    approval: row.approval ? JSON.parse(row.approval) : undefined,
  };
}

/** Grants in the plugin's database (SQLite or PostgreSQL), via knex migrations. */
export class GrantStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<GrantStore> {
    return new GrantStore(await migratedDatabase(database));
  }

  /**
   * Writes a new grant, or promotes an approved request (see `promoteApproved`). With
   * a `liveKey`, returns 'duplicate' (and writes nothing) when a live grant of the
   * same request exists.
   */
  async insert(
    grant: Omit<Grant, 'updatedAt'> & { nowMs: number; liveKey?: string },
  ): Promise<'inserted' | 'duplicate'> {
    try {
      if (grant.approval?.decidedAt) return await this.promoteApproved(grant);
      await this.insertRow(grant);
      return 'inserted';
    } catch (error) {
      if (isDuplicateLiveKey(error)) return 'duplicate';
      throw error;
    }
  }

  private async insertRow(
    grant: Omit<Grant, 'updatedAt'> & { nowMs: number; liveKey?: string },
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
      principal_arn: grant.principalArn ?? null,
      live_key: grant.liveKey ?? null,
      approval: grant.approval ? JSON.stringify(grant.approval) : null,
    });
  }

  /**
   * An approved request becomes the pending grant the strategies then activate, in
   * the same row: its ttl counted from approval, its namespaces as they are now. A
   * row no longer requested (another approver, or it lapsed) is refused as a duplicate.
   */
  private async promoteApproved(
    grant: Omit<Grant, 'updatedAt'> & { nowMs: number; liveKey?: string },
  ): Promise<'inserted' | 'duplicate'> {
    const updated = await this.db<GrantRow>(TABLE)
      .where({ id: grant.id, state: 'requested' })
      .update({
        state: 'pending',
        namespaces: JSON.stringify(grant.namespaces),
        expires_at: Date.parse(grant.expiresAt),
        updated_at: grant.nowMs,
        principal_arn: grant.principalArn ?? null,
        live_key: grant.liveKey ?? null,
        approval: JSON.stringify(grant.approval),
      });
    return updated === 1 ? 'inserted' : 'duplicate';
  }

  /** The pending or active grant made by the request with this key, if any. */
  async liveByKey(liveKey: string): Promise<Grant | undefined> {
    const row = await this.db<GrantRow>(TABLE)
      .where({ live_key: liveKey })
      .whereIn('state', LIVE)
      .first();
    return row ? toGrant(row) : undefined;
  }

  /** How many live grants one person holds for a team on a cluster. */
  async countLive(
    userRef: string,
    cluster: string,
    team: string,
  ): Promise<number> {
    const row = await this.db<GrantRow>(TABLE)
      .where({ user_ref: userRef, cluster, team })
      .whereIn('state', LIVE)
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  /** The grants of one access-entry principal on a cluster, in the given states. */
  async byPrincipal(
    cluster: string,
    principalArn: string,
    states: GrantState[],
  ): Promise<Grant[]> {
    return (
      await this.samePrincipal(principalArn)
        .where({ cluster })
        .whereIn('state', states)
        .orderBy('created_at')
    )
      .map(toGrant)
      .filter(
        g => principalKey(g.principalArn!) === principalKey(principalArn),
      );
  }

  /**
   * Rows whose principal may be the same role (role names ignore case), narrowed
   * in SQL; `_` in a name matches any character there, and the caller filters exactly.
   */
  private samePrincipal(principalArn: string) {
    const name = principalArn.split('/').pop() ?? principalArn;
    return this.db<GrantRow>(TABLE).whereRaw('LOWER(principal_arn) LIKE ?', [
      `%/${name.toLowerCase()}`,
    ]);
  }

  /** Live grants of other people that name this principal. */
  async othersOfPrincipal(
    principalArn: string,
    userRef: string,
  ): Promise<Grant[]> {
    return (
      await this.samePrincipal(principalArn)
        .whereNot({ user_ref: userRef })
        .whereIn('state', LIVE)
        .limit(50)
    )
      .map(toGrant)
      .filter(g => principalKey(g.principalArn!) === principalKey(principalArn))
      .slice(0, 10);
  }

  /** Every (cluster, principal) with a grant that is not finished. */
  async unfinishedPrincipals(): Promise<
    { cluster: string; principalArn: string }[]
  > {
    const rows = await this.db<GrantRow>(TABLE)
      .distinct('cluster', 'principal_arn')
      .where({ strategy: 'access-entry' })
      .whereNotNull('principal_arn')
      .whereIn('state', ['pending', 'active', 'revoking']);
    return rows.map(r => ({
      cluster: r.cluster,
      principalArn: r.principal_arn!,
    }));
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
      approval?: Grant['approval'];
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
        ...(extra.approval ? { approval: JSON.stringify(extra.approval) } : {}),
        // A grant that ended no longer stands in the way of the same request.
        ...(LIVE.includes(to) ? {} : { live_key: null }),
      });
    return updated === 1;
  }

  /**
   * One page of the grants within a read scope, newest first (created_at, then id,
   * descending: a stable order, so pages never repeat or skip a grant).
   */
  async list(options: {
    scope: GrantReadScope;
    limit: number;
    after?: GrantPosition;
    states?: GrantState[];
    team?: string;
  }): Promise<{ items: Grant[]; next?: GrantPosition }> {
    const { scope, limit, after, states, team } = options;
    const query = this.db<GrantRow>(TABLE)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (states) query.whereIn('state', states);
    if (team) query.where('team', team);
    const teams = scope.teams;
    if (teams !== 'all') {
      const { userRef } = scope;
      query.where(q => {
        // No person and no team: an empty scope reads nothing.
        q.whereRaw('1 = 0');
        if (userRef !== undefined) q.orWhere('user_ref', userRef);
        if (teams.length) q.orWhereIn('team', teams);
      });
    }
    if (after) {
      query.where(q =>
        q
          .where('created_at', '<', after.createdAtMs)
          .orWhere(q2 =>
            q2
              .where('created_at', after.createdAtMs)
              .where('id', '<', after.id),
          ),
      );
    }
    const rows = await query;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toGrant),
      ...(rows.length > limit
        ? { next: { createdAtMs: Number(last.created_at), id: last.id } }
        : {}),
    };
  }

  /** The teams that have grants (in the given states): whose read permission matters. */
  async teamsWithGrants(states?: GrantState[]): Promise<string[]> {
    const query = this.db<GrantRow>(TABLE).distinct('team');
    if (states) query.whereIn('state', states);
    return (await query).map(r => r.team);
  }

  /** Active grants whose time is up. */
  async due(nowMs: number): Promise<Grant[]> {
    return (
      await this.db<GrantRow>(TABLE)
        .where('state', 'active')
        .where('expires_at', '<=', nowMs)
    ).map(toGrant);
  }

  /** Requests for approval nobody answered in time (their expiresAt is the deadline). */
  async unanswered(nowMs: number): Promise<Grant[]> {
    return (
      await this.db<GrantRow>(TABLE)
        .where('state', 'requested')
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
