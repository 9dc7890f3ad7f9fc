import { JsonObject } from '@backstage/types';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';

/**
 * What a route hands the broker for its audit events: the incoming request, as
 * the Backstage auditor takes it (actor, IP, plugin). Background work (expiry,
 * reconciler, membership) passes none.
 */
export type AuditContext = Pick<AuditorServiceCreateEventOptions, 'request'>;

/**
 * Runs `fn` inside one auditor event: success with `successMeta` of its result,
 * or failure with its error. Break-glass grants are audited at high severity.
 */
export async function audited<T>(
  auditor: AuditorService,
  eventId: string,
  meta: JsonObject,
  context: AuditContext,
  fn: () => Promise<T>,
  successMeta?: (result: T) => JsonObject,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId,
    severityLevel: meta.breakGlass ? 'high' : 'medium',
    request: context.request,
    meta,
  });
  try {
    const result = await fn();
    await event.success({ meta: successMeta ? successMeta(result) : {} });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
