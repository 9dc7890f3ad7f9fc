import { LoggerService } from '@backstage/backend-plugin-api';
import type { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { GrantEvents } from '../access/grantEvents';
import { Grant } from '../access/types';
import {
  approvalDecidedNotice,
  approvalRequestedNotice,
  breakGlassNotice,
  grantRevokedNotice,
  Notice,
  NoticeGroups,
} from './notices';
import { NoticeSender } from './noticeSender';

/**
 * The broker's listener: break-glass grants, grants revoked by someone else, and
 * the steps of an approval (the team's leads asked, the requester answered).
 */
export function accessNotices(options: {
  sender: Pick<NoticeSender, 'send'>;
  groups: Pick<NoticeGroups, 'platformAdminsGroup'>;
  logger: LoggerService;
  teams: Pick<TeamDirectory, 'getTeam'>;
}): GrantEvents {
  const { sender, groups, logger, teams } = options;
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
    requested: async grant => {
      const team = await teams.getTeam(grant.team).catch(() => undefined);
      await send(
        grant,
        approvalRequestedNotice(grant, team?.leads ?? [], groups),
      );
    },
    decided: grant => send(grant, approvalDecidedNotice(grant)),
  };
}
