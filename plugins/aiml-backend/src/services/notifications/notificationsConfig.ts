import { RootConfigService } from '@backstage/backend-plugin-api';
import { IdleThresholds, NoticeGroups } from './notices';

/** `aiml.notifications` (see plugins/aiml-node/config.d.ts), validated. */
export interface NotificationsConfig extends NoticeGroups {
  checkIntervalSeconds: number;
  grantEndingMinutes: number;
  budget: { overrunPercent: number; worsenStepPercent: number };
  /** `days`: the whole days before today the idle window covers (today so far too). */
  idle: IdleThresholds & { days: number };
}

/** Reads `aiml.notifications`, refusing values that make no sense at start-up. */
export function readNotificationsConfig(
  config: RootConfigService,
): NotificationsConfig {
  const section = config.getOptionalConfig('aiml.notifications');
  const number = (key: string, fallback: number, min: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min) {
      throw new Error(
        `aiml.notifications.${key} must be a number of at least ${min}, got ${value}`,
      );
    }
    return value;
  };
  return {
    checkIntervalSeconds: number('checkIntervalSeconds', 300, 1),
    grantEndingMinutes: number('grantEndingMinutes', 15, 1),
    budget: {
      overrunPercent: number('budget.overrunPercent', 0, 0),
      worsenStepPercent: number('budget.worsenStepPercent', 10, 1),
    },
    idle: {
      efficiencyBelow: number('idle.efficiencyBelow', 0.1, 0),
      minAllocatedHours: number('idle.minAllocatedHours', 4, 0),
      days: Math.floor(number('idle.days', 1, 1)),
    },
    finopsGroup: section?.getOptionalString('finopsGroup') ?? 'finops',
    platformAdminsGroup:
      section?.getOptionalString('platformAdminsGroup') ??
      config.getOptionalString('aiml.access.breakGlassGroup') ??
      'platform-admins',
  };
}
