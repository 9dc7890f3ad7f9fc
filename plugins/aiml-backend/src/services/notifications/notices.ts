import { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { ProjectCostRow } from '@eks-aiml/plugin-aiml-common';
import type { TeamInfo } from '@eks-aiml/plugin-aiml-node';
import { Grant } from '../access/types';
import { TeamBudget } from '../usage/budget';

/** One notification to send once: its deduplication key, recipients and payload. */
export interface Notice {
  key: string;
  /** Entity refs the notifications backend resolves to users (a Group: its members). */
  recipients: string[];
  payload: NotificationPayload;
}

/** Who gets the notices that go beyond one team (`aiml.notifications`). */
export interface NoticeGroups {
  finopsGroup: string;
  platformAdminsGroup: string;
}

const userRef = (name: string) => `user:default/${name}`;
const groupRef = (name: string) => `group:default/${name}`;
const teamLink = (team: string) => `/catalog/default/group/${team}/aiml`;
const money = (value: number) =>
  value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

/**
 * The budget notice of a team whose month-end forecast exceeds its budget by more than
 * `overrunPercent`; undefined otherwise. The key names the month and how many further
 * `worsenStepPercent` steps the forecast is over, so a worsening forecast is told again
 * and a steady one once a month.
 */
export function budgetNotice(
  team: Pick<TeamInfo, 'name' | 'title' | 'leads'>,
  budget: TeamBudget,
  thresholds: { overrunPercent: number; worsenStepPercent: number },
  groups: Pick<NoticeGroups, 'finopsGroup'>,
): Notice | undefined {
  if (budget.monthly <= 0) return undefined;
  const overPercent = (budget.forecast / budget.monthly - 1) * 100;
  if (overPercent <= thresholds.overrunPercent) return undefined;
  const step = Math.floor(
    (overPercent - thresholds.overrunPercent) / thresholds.worsenStepPercent,
  );
  return {
    key: `budget:${team.name}:${budget.month}:${step}`,
    recipients: [...team.leads.map(userRef), groupRef(groups.finopsGroup)],
    payload: {
      title: `${team.title}: accelerator spend forecast ${money(
        budget.forecast,
      )} exceeds the ${budget.month} budget of ${money(budget.monthly)}`,
      description: `Spent ${money(
        budget.spendToDate,
      )} so far this month; at this rate the month ends ${Math.round(
        overPercent,
      )}% over budget.`,
      link: teamLink(team.name),
      severity: step > 0 ? 'critical' : 'high',
      topic: 'aiml-budget',
      // One row per team and month in the notifications table: a worse forecast updates it.
      scope: `aiml-budget:${team.name}:${budget.month}`,
    },
  };
}

/** What counts as idle: efficiency below `efficiencyBelow` over at least `minAllocatedHours`. */
export interface IdleThresholds {
  efficiencyBelow: number;
  minAllocatedHours: number;
}

/**
 * The owning team's notice of a project whose allocated accelerators were busy less
 * than the threshold over the idle window (`window.from` to today); undefined for a
 * busy one. Pods without a project label are told as such, linking the team's page.
 * Keyed by project and day: at most one a day while it stays idle.
 */
export function idleNotice(
  row: ProjectCostRow,
  window: { from: string; today: string },
  thresholds: IdleThresholds,
): Notice | undefined {
  if (
    row.efficiency === null ||
    row.efficiency >= thresholds.efficiencyBelow ||
    row.allocatedHours < thresholds.minAllocatedHours
  ) {
    return undefined;
  }
  const name = row.project ?? `pods without a project label in ${row.team}`;
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return {
    key: `idle:${row.team}:${row.project ?? '-'}:${window.today}`,
    recipients: [groupRef(row.team)],
    payload: {
      title: `Idle accelerators: ${name} was ${percent(
        row.efficiency,
      )} busy since ${window.from}`,
      description: `${Math.round(
        row.allocatedHours,
      )} accelerator-hours allocated, ${money(row.idleSpend)} of ${money(
        row.spend,
      )} spent idle so far (below ${percent(
        thresholds.efficiencyBelow,
      )}): release what is not needed.`,
      link: row.project
        ? `/catalog/default/component/${row.project}/aiml`
        : teamLink(row.team),
      severity: 'high',
      topic: 'aiml-idle',
      scope: `aiml-idle:${row.team}:${row.project ?? '-'}`,
    },
  };
}

const grantLabel = (grant: Grant) =>
  `${grant.level} access to team ${grant.team}'s namespaces on ${grant.cluster}`;

/** The grantee's warning that an active grant ends within the notice period. */
export function grantEndingNotice(grant: Grant, minutes: number): Notice {
  return {
    key: `grant-ending:${grant.id}`,
    recipients: [grant.userRef],
    payload: {
      title: `Your ${grantLabel(grant)} ends in ${minutes} minutes or less`,
      description: `Grant ${grant.id} expires at ${grant.expiresAt}; request a new one to keep working.`,
      link: teamLink(grant.team),
      severity: 'normal',
      topic: 'aiml-access',
      scope: `aiml-grant:${grant.id}`,
    },
  };
}

/** The grantee's notice that someone else revoked their grant; undefined for their own revoke. */
export function grantRevokedNotice(
  grant: Grant,
  by: string,
): Notice | undefined {
  if (by === grant.userRef) return undefined;
  return {
    key: `grant-revoked:${grant.id}`,
    recipients: [grant.userRef],
    payload: {
      title: `Your ${grantLabel(grant)} was revoked by ${by}`,
      description: `Grant ${grant.id} (reason given: ${grant.reason}) was revoked before it expired.`,
      link: teamLink(grant.team),
      severity: 'high',
      topic: 'aiml-access',
      scope: `aiml-grant:${grant.id}`,
    },
  };
}

/** The team's and platform admins' notice that someone broke glass into the team's namespaces. */
export function breakGlassNotice(
  grant: Grant,
  groups: Pick<NoticeGroups, 'platformAdminsGroup'>,
): Notice {
  return {
    key: `break-glass:${grant.id}`,
    recipients: [groupRef(grant.team), groupRef(groups.platformAdminsGroup)],
    payload: {
      title: `Break-glass: ${grant.userRef} took ${grantLabel(grant)}`,
      description: `Grant ${grant.id} until ${grant.expiresAt}; reason: ${grant.reason}`,
      link: teamLink(grant.team),
      severity: 'critical',
      topic: 'aiml-access',
    },
  };
}

/** The team's page, whose access card lists the requests waiting for approval. */
const accessLink = (team: string) => `/catalog/default/group/${team}`;

/**
 * The approvers' notice of a request waiting for them: the team's leads and platform
 * admins (the requester never approves their own, even when one of them).
 */
export function approvalRequestedNotice(
  grant: Grant,
  leads: string[],
  groups: Pick<NoticeGroups, 'platformAdminsGroup'>,
): Notice {
  const hours = (grant.approval?.ttlSeconds ?? 0) / 3600;
  return {
    key: `approval-requested:${grant.id}`,
    recipients: [
      ...leads.map(userRef).filter(ref => ref !== grant.userRef),
      groupRef(groups.platformAdminsGroup),
    ],
    payload: {
      title: `${grant.userRef} asks for ${grantLabel(grant)} for ${hours} h`,
      description: `Approve or deny request ${grant.id} (reason given: ${grant.reason}) before ${grant.expiresAt}; access starts at approval.`,
      link: accessLink(grant.team),
      severity: 'high',
      topic: 'aiml-access',
      scope: `aiml-grant:${grant.id}`,
    },
  };
}

/** The requester's notice of the answer: approved, denied, or lapsed unanswered. */
export function approvalDecidedNotice(grant: Grant): Notice {
  const { decidedBy, decisionReason } = grant.approval ?? {};
  let outcome = `approved by ${decidedBy}; it ends at ${grant.expiresAt}`;
  if (grant.endReason === 'unanswered') {
    outcome = 'not answered in time; ask again if you still need it';
  } else if (grant.state === 'denied') {
    outcome = `denied by ${decidedBy}`;
  }
  return {
    key: `approval-decided:${grant.id}`,
    recipients: [grant.userRef],
    payload: {
      title: `Your request for ${grantLabel(grant)} was ${outcome}`,
      description: `Request ${grant.id}${
        decisionReason ? `: ${decisionReason}` : ''
      }`,
      link: accessLink(grant.team),
      severity: grant.state === 'denied' ? 'normal' : 'high',
      topic: 'aiml-access',
      scope: `aiml-grant:${grant.id}`,
    },
  };
}
