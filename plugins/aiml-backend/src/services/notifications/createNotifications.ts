import {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { migratedDatabase } from '../migratedDatabase';
import { accessNotices } from './accessNotices';
import { NotificationChecks } from './notificationChecks';
import { NotificationLog } from './notificationLog';
import { readNotificationsConfig } from './notificationsConfig';
import { NoticeSender } from './noticeSender';

type CheckSources = Pick<
  ConstructorParameters<typeof NotificationChecks>[0],
  'budget' | 'projects' | 'activeEndingBy'
>;

/**
 * The plugin's notifications on its database: the broker's listener now, the scheduled
 * checks once the usage service and broker they read exist.
 */
export async function createNotifications(options: {
  config: RootConfigService;
  database: DatabaseService;
  notifications: NotificationService;
  catalog: CatalogService;
  auth: AuthService;
  teams: TeamDirectory;
  logger: LoggerService;
  nowMs: () => number;
}) {
  const config = readNotificationsConfig(options.config);
  const { logger, nowMs } = options;
  const sender = new NoticeSender({
    log: new NotificationLog(await migratedDatabase(options.database)),
    notifications: options.notifications,
    logger,
    nowMs,
  });
  return {
    config,
    grantEvents: accessNotices({
      sender,
      groups: config,
      logger,
      teams: options.teams,
    }),
    checks: (sources: CheckSources) =>
      new NotificationChecks({ ...options, ...sources, sender, config }),
  };
}
