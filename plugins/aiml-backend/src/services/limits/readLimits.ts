import { RootConfigService as Config } from '@backstage/backend-plugin-api';

/** The bounds that keep one user, a script or a large fleet from exhausting the backend. */
export interface AimlLimits {
  /** `aiml.usage.maxHistoryDays`: how far back `from` may reach, in days before today. */
  maxHistoryDays: number;
  /** `aiml.access.requestsPerMinute`: grant requests (POST /access/grants) per user per minute. */
  requestsPerMinute: number;
  /** `aiml.usage.maxColdWindowsPerUser`: distinct usage windows one user may have computing at once. */
  maxColdWindowsPerUser: number;
  /** `aiml.usage.maxConcurrentClusterLoads`: clusters whose metrics load at once for one window. */
  maxConcurrentClusterLoads: number;
  /** `aiml.usage.maxLoadedSeriesMiB`: loaded samples kept for the next reports of their window. */
  maxLoadedSeriesMiB: number;
}

/** Defaults no person clicking around reaches. */
export const DEFAULT_LIMITS: AimlLimits = {
  maxHistoryDays: 400,
  requestsPerMinute: 10,
  maxColdWindowsPerUser: 3,
  maxConcurrentClusterLoads: 8,
  maxLoadedSeriesMiB: 1024,
};

function positiveInteger(config: Config, key: string, fallback: number) {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `${key} must be a whole number of at least 1, not ${value}`,
    );
  }
  return value;
}

/** Reads the limits, each with its default; a value that is not a positive whole number fails start-up. */
export function readAimlLimits(config: Config): AimlLimits {
  return {
    maxHistoryDays: positiveInteger(
      config,
      'aiml.usage.maxHistoryDays',
      DEFAULT_LIMITS.maxHistoryDays,
    ),
    requestsPerMinute: positiveInteger(
      config,
      'aiml.access.requestsPerMinute',
      DEFAULT_LIMITS.requestsPerMinute,
    ),
    maxColdWindowsPerUser: positiveInteger(
      config,
      'aiml.usage.maxColdWindowsPerUser',
      DEFAULT_LIMITS.maxColdWindowsPerUser,
    ),
    maxConcurrentClusterLoads: positiveInteger(
      config,
      'aiml.usage.maxConcurrentClusterLoads',
      DEFAULT_LIMITS.maxConcurrentClusterLoads,
    ),
    maxLoadedSeriesMiB: positiveInteger(
      config,
      'aiml.usage.maxLoadedSeriesMiB',
      DEFAULT_LIMITS.maxLoadedSeriesMiB,
    ),
  };
}
