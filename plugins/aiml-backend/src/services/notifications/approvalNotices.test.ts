import { Grant } from '../access/types';
import { accessNotices } from './accessNotices';
import { approvalDecidedNotice, approvalRequestedNotice } from './notices';

const requested: Grant = {
  id: 'a1b2c3d4e5f6',
  userRef: 'user:default/omar',
  team: 'ml-research',
  cluster: 'ml-sandbox-use1',
  level: 'view',
  breakGlass: false,
  strategy: 'token',
  namespaces: ['ml-research-training'],
  reason: 'compare rankers',
  state: 'requested',
  createdAt: '2026-12-07T10:00:00.000Z',
  expiresAt: '2026-12-08T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
  approval: {
    kind: 'cross-team',
    approvers: 'group:default/ml-research',
    ttlSeconds: 3 * 3600,
  },
};
const admins = { platformAdminsGroup: 'platform-admins' };

describe('approval notices', () => {
  it("asks the team's leads and platform admins, never the requester, once per request", () => {
    const notice = approvalRequestedNotice(
      { ...requested, userRef: 'user:default/lee' },
      ['lee', 'priya'],
      admins,
    );
    expect(notice.key).toBe('approval-requested:a1b2c3d4e5f6');
    expect(notice.recipients).toEqual([
      'user:default/priya',
      'group:default/platform-admins',
    ]);
    expect(notice.payload.title).toBe(
      "user:default/lee asks for view access to team ml-research's namespaces on ml-sandbox-use1 for 3 h",
    );
    expect(notice.payload.link).toBe('/catalog/default/group/ml-research');
  });

  it('tells the requester the answer: approved, denied with the reason, or lapsed', () => {
    const decided = {
      ...requested.approval!,
      decidedBy: 'user:default/lee',
      decisionReason: 'ranking review',
    };
    const approved = approvalDecidedNotice({
      ...requested,
      state: 'active',
      expiresAt: '2026-12-07T14:00:00.000Z',
      approval: decided,
    });
    expect(approved.recipients).toEqual(['user:default/omar']);
    expect(approved.payload.title).toMatch(
      /was approved by user:default\/lee; it ends at 2026-12-07T14:00:00.000Z$/,
    );
    expect(approved.payload.description).toBe(
      'Request a1b2c3d4e5f6: ranking review',
    );
    expect(
      approvalDecidedNotice({
        ...requested,
        state: 'denied',
        endReason: 'denied',
        approval: decided,
      }).payload.title,
    ).toMatch(/was denied by user:default\/lee$/);
    expect(
      approvalDecidedNotice({
        ...requested,
        state: 'denied',
        endReason: 'unanswered',
      }).payload.title,
    ).toMatch(/not answered in time/);
  });

  it("sends them through the broker's listener, with the team's leads from the directory", async () => {
    const sent: Array<{ key: string; recipients: string[] }> = [];
    const listener = accessNotices({
      sender: {
        send: async n => {
          sent.push(n);
          return true;
        },
      },
      groups: admins,
      logger: { warn: () => {} } as any,
      teams: { getTeam: async () => ({ leads: ['lee'] } as any) },
    });
    await listener.requested!(requested);
    await listener.decided!({ ...requested, state: 'denied' });
    expect(sent.map(n => [n.key, n.recipients])).toEqual([
      [
        'approval-requested:a1b2c3d4e5f6',
        ['user:default/lee', 'group:default/platform-admins'],
      ],
      ['approval-decided:a1b2c3d4e5f6', ['user:default/omar']],
    ]);
  });
});
