/**
 * Kubernetes `Status` errors: every failure the server answers is one of these,
 * with the reason, code and message shape the real API server uses.
 */
import { qualifiedKind, qualifiedResource } from './resources';

/** One cause of a Status (`details.causes[]`). */
export interface StatusCause {
  /** The cause type, e.g. `FieldValueInvalid` or `FieldManagerConflict`. */
  reason: string;
  /** The same as `reason`: some clients read the Go field name. */
  type?: string;
  message: string;
  field?: string;
}

/** `details` of a Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
}

/** A `meta.k8s.io/v1` Status object. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A failure to answer as a Status with the same HTTP status code. */
export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeStatusError';
  }

  toStatus(): KubeStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** What an error names: a resource's group and plural (and kind for Invalid). */
export interface ResourceRef {
  group: string;
  plural: string;
  kind?: string;
}

function resourceDetails(res: ResourceRef, name?: string): StatusDetails {
  return {
    ...(name !== undefined ? { name } : {}),
    ...(res.group ? { group: res.group } : {}),
    kind: res.plural,
  };
}

/** A field validation error, rendered the way `field.ErrorList` is. */
export interface FieldError {
  type: 'Invalid' | 'Required' | 'Forbidden' | 'TooLong' | 'NotSupported';
  field: string;
  detail?: string;
  value?: unknown;
}

const CAUSE_TYPES: Record<FieldError['type'], string> = {
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  NotSupported: 'FieldValueNotSupported',
};

/** Renders a bad value as Go's `%#v` would for the common cases: quoted strings, bare numbers. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === null || value === undefined) return 'null';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function fieldErrorBody(e: FieldError): string {
  switch (e.type) {
    case 'Invalid':
      return `Invalid value: ${formatValue(e.value)}${
        e.detail ? `: ${e.detail}` : ''
      }`;
    case 'Required':
      return `Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'Forbidden':
      return `Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'TooLong':
      return `Too long${e.detail ? `: ${e.detail}` : ''}`;
    case 'NotSupported':
    default:
      return `Unsupported value: ${formatValue(e.value)}${
        e.detail ? `: ${e.detail}` : ''
      }`;
  }
}

/** `metadata.name: Invalid value: "x": ...` */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Constructors for the Status errors the server answers. */
export const statusErrors = {
  notFound(res: ResourceRef, name: string): KubeStatusError {
    return new KubeStatusError(
      404,
      'NotFound',
      `${qualifiedResource(res)} "${name}" not found`,
      resourceDetails(res, name),
    );
  },

  /** A path that names no resource the server serves. */
  noRoute(): KubeStatusError {
    return new KubeStatusError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    );
  },

  alreadyExists(res: ResourceRef, name: string): KubeStatusError {
    return new KubeStatusError(
      409,
      'AlreadyExists',
      `${qualifiedResource(res)} "${name}" already exists`,
      resourceDetails(res, name),
    );
  },

  conflict(res: ResourceRef, name: string, why: string): KubeStatusError {
    return new KubeStatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(
        res,
      )} "${name}": ${why}`,
      resourceDetails(res, name),
    );
  },

  /** The optimistic-concurrency failure of an update with a stale resourceVersion. */
  staleResourceVersion(res: ResourceRef, name: string): KubeStatusError {
    return statusErrors.conflict(
      res,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  },

  forbidden(
    res: ResourceRef,
    name: string | undefined,
    why: string,
  ): KubeStatusError {
    const subject =
      name !== undefined && name !== ''
        ? `${qualifiedResource(res)} "${name}"`
        : qualifiedResource(res);
    return new KubeStatusError(
      403,
      'Forbidden',
      `${subject} is forbidden: ${why}`,
      resourceDetails(res, name || undefined),
    );
  },

  unauthorized(): KubeStatusError {
    return new KubeStatusError(401, 'Unauthorized', 'Unauthorized');
  },

  invalid(
    kind: { group: string; kind: string },
    name: string,
    errors: FieldError[],
  ): KubeStatusError {
    const messages = errors.map(formatFieldError);
    const summary =
      messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
    return new KubeStatusError(
      422,
      'Invalid',
      `${qualifiedKind(kind)} "${name}" is invalid: ${summary}`,
      {
        name,
        ...(kind.group ? { group: kind.group } : {}),
        kind: kind.kind,
        causes: errors.map(e => ({
          reason: CAUSE_TYPES[e.type],
          message: fieldErrorBody(e),
          field: e.field,
        })),
      },
    );
  },

  /**
   * A server-side apply that would change fields other managers own. `manager`
   * is already rendered: `"name"`, or `"name" using apps/v1 at <time>` for
   * managers that wrote with an update.
   */
  applyConflict(
    conflicts: { manager: string; field: string }[],
  ): KubeStatusError {
    let message: string;
    if (conflicts.length === 1) {
      message = `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${conflicts[0].field}`;
    } else {
      const byManager = new Map<string, string[]>();
      for (const c of conflicts) {
        byManager.set(c.manager, [
          ...(byManager.get(c.manager) ?? []),
          c.field,
        ]);
      }
      const lines = [...byManager.keys()]
        .sort()
        .flatMap(m => [
          `conflicts with ${m}:`,
          ...byManager.get(m)!.map(f => `- ${f}`),
        ]);
      message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
        '\n',
      )}`;
    }
    return new KubeStatusError(409, 'Conflict', message, {
      causes: conflicts.map(c => ({
        reason: 'FieldManagerConflict',
        type: 'FieldManagerConflict',
        message: `conflict with ${c.manager}`,
        field: c.field,
      })),
    });
  },

  badRequest(message: string): KubeStatusError {
    return new KubeStatusError(400, 'BadRequest', message);
  },

  methodNotAllowed(
    message = 'the server does not allow this method on the requested resource',
  ): KubeStatusError {
    return new KubeStatusError(405, 'MethodNotAllowed', message, {});
  },

  tooLarge(limit: number): KubeStatusError {
    return new KubeStatusError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: limit is ${limit}`,
    );
  },

  unsupportedMediaType(accepted: string[]): KubeStatusError {
    return new KubeStatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
        ', ',
      )}`,
    );
  },

  internal(message: string): KubeStatusError {
    return new KubeStatusError(
      500,
      'InternalError',
      `Internal error occurred: ${message}`,
      { causes: [{ reason: 'UnexpectedServerResponse', message }] },
    );
  },
};
