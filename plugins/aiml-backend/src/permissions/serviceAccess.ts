import { RootConfigService as Config } from '@backstage/backend-plugin-api';

/** What a service may read: every team and the fleet, or some teams. */
export type ServiceRead = 'fleet' | { teams: string[] };

/**
 * `aiml.serviceAccess`: the services (by the subject of their credentials, e.g.
 * `external:finops-export` for a static external-access token with that subject) that
 * may read usage and grants, and what. A service not listed is refused: Backstage never
 * asks the permission policy about services, so this list is their only grant.
 *
 * @internal
 */
export function readServiceAccess(config: Config): Map<string, ServiceRead> {
  const key = 'aiml.serviceAccess';
  const access = new Map<string, ServiceRead>();
  (config.getOptionalConfigArray(key) ?? []).forEach((entry, i) => {
    const subject = entry.getString('subject');
    const read = entry.getOptional('read');
    if (read === 'fleet') {
      access.set(subject, 'fleet');
    } else if (read && typeof read === 'object' && !Array.isArray(read)) {
      const teams = entry.getConfig('read').getStringArray('teams');
      access.set(subject, { teams });
    } else {
      throw new Error(
        `${key}[${i}].read must be 'fleet' or { teams: [...] } (subject ${subject})`,
      );
    }
  });
  return access;
}
