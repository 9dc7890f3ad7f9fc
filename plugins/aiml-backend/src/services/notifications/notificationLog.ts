import { Knex } from 'knex';

const TABLE = 'aiml_notifications_sent';

/**
 * Which notifications were sent, by key. A key is claimed by inserting it; the primary
 * key lets exactly one insert win, across restarts and replicas on one database.
 */
export class NotificationLog {
  constructor(private readonly db: Knex) {}

  /** True for the one caller that claimed the key; false when it was already claimed. */
  async claim(key: string, nowMs: number): Promise<boolean> {
    const rows = await this.db(TABLE)
      .insert({ key, sent_at: nowMs })
      .onConflict('key')
      .ignore()
      .returning('key');
    return rows.length === 1;
  }

  /** Gives a claimed key back (its send failed), so the next cycle tries again. */
  async release(key: string): Promise<void> {
    await this.db(TABLE).where({ key }).delete();
  }
}
