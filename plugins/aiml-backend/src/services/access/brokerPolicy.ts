import { RootConfigService } from '@backstage/backend-plugin-api';
import { BrokerPolicy } from './accessBroker';

/** Reads `aiml.access` (see plugins/aiml-node/config.d.ts), refusing values that make no sense. */
export function readBrokerPolicy(config: RootConfigService): BrokerPolicy {
  const access = config.getOptionalConfig('aiml.access');
  const positive = (key: string, fallback: number) => {
    const value = access?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(
        `aiml.access.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  return {
    breakGlassGroup:
      access?.getOptionalString('breakGlassGroup') ?? 'platform-admins',
    leaverGraceMs: positive('leaverGraceMinutes', 30) * 60_000,
    maxLiveGrantsPerUser: Math.floor(positive('maxLiveGrantsPerUser', 3)),
    approvalTimeoutMs: positive('approvalTimeoutMinutes', 24 * 60) * 60_000,
  };
}
