import type { AimlGrant } from '../../api';

const LIVE_STATES = ['pending', 'active', 'revoking'];

/** Whether a grant still gives (or is about to give) access. */
export function isLive(grant: AimlGrant): boolean {
  return LIVE_STATES.includes(grant.state);
}

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
    default:
      return g.state;
  }
}
