import { LoggerService } from '@backstage/backend-plugin-api';
import { GrantEvents } from '../access/grantEvents';
import { Grant } from '../access/types';
import {
  breakGlassNotice,
  grantRevokedNotice,
  Notice,
  NoticeGroups,
} from './notices';
import { NoticeSender } from './noticeSender';

/** The broker's listener: break-glass grants and grants revoked by someone else. */
export function accessNotices(options: {
  sender: Pick<NoticeSender, 'send'>;
  groups: Pick<NoticeGroups, 'platformAdminsGroup'>;
  logger: LoggerService;
}): GrantEvents {
  const { sender, groups, logger } = options;
  const send = async (grant: Grant, notice: Notice | undefined) => {
    if (!notice) return;
    await sender
      .send(notice)
      .catch(error =>
        logger.warn(
          `Could not send notification ${notice.key} of grant ${grant.id}: ${error}`,
        ),
      );
  };
  return {
    granted: grant =>
      send(
        grant,
        grant.breakGlass ? breakGlassNotice(grant, groups) : undefined,
      ),
    revoked: (grant, by) => send(grant, grantRevokedNotice(grant, by)),
  };
}
