import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationLog } from './notificationLog';
import { Notice } from './notices';

/**
 * Sends each notice once: the key is claimed in the database first (one replica wins),
 * and given back when the notifications backend refuses, so a later cycle retries.
 */
export class NoticeSender {
  constructor(
    private readonly deps: {
      log: NotificationLog;
      notifications: NotificationService;
      logger: LoggerService;
      nowMs: () => number;
    },
  ) {}

  /** True when this call sent the notice, false when it had been sent already. */
  async send(notice: Notice): Promise<boolean> {
    const { log, notifications, logger } = this.deps;
    if (!(await log.claim(notice.key, this.deps.nowMs()))) return false;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: notice.recipients },
        payload: notice.payload,
      });
    } catch (error) {
      await log.release(notice.key);
      throw error;
    }
    logger.info(`Sent notification ${notice.key}`);
    return true;
  }
}
