import { NotificationPayload } from '@backstage/plugin-notifications-common';
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
