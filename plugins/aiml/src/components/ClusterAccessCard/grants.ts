import type { AimlGrant } from '../../api';

const LIVE_STATES = ['pending', 'active', 'revoking'];

/** Whether a grant still gives (or is about to give) access. */
export function isLive(grant: AimlGrant): boolean {
  return LIVE_STATES.includes(grant.state);
}

/** Whether a grant is a request waiting for the team leads' approval. */
export const isWaiting = (grant: AimlGrant) => grant.state === 'requested';

/** Whether a grant ended (or never began: denied, unanswered, failed). */
export const hasEnded = (grant: AimlGrant) =>
  !isLive(grant) && !isWaiting(grant);

/** A user's name without the `user:default/` of its entity ref. */
export const userName = (ref: string) => ref.replace(/^user:(default\/)?/, '');

/** Why a grant ended, for people. */
export function endedText(g: AimlGrant): string {
  if (g.state === 'failed' || g.endReason === 'failed') {
    return `failed — ${g.failure ?? 'no reason given'}`;
  }
  switch (g.endReason) {
    case 'expired':
      return 'expired';
    case 'membership':
      return 'revoked: no longer a member of the team';
    case 'revoked':
      return g.revokedBy ? `revoked by ${userName(g.revokedBy)}` : 'revoked';
    case 'denied':
      return `denied by ${userName(g.approval?.decidedBy ?? 'a lead')}: “${
        g.approval?.decisionReason ?? ''
      }”`;
    case 'unanswered':
      return 'request lapsed: no lead answered in time';
    default:
      return g.state;
  }
}
