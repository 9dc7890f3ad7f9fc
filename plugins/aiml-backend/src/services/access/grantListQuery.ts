import { InputError } from '@backstage/errors';
import { GrantState } from './types';

/** A place in the grant list (newest first): a page starts after it. */
export interface GrantPosition {
  createdAtMs: number;
  id: string;
}

/** A validated `GET /access/grants` query. */
export interface GrantListQuery {
  limit: number;
  after?: GrantPosition;
  states?: GrantState[];
  /** Only this team's grants (within what the caller may read). */
  team?: string;
}

/** Page size when the caller names none. */
export const DEFAULT_GRANT_PAGE = 100;
/** The largest page a caller may ask for. */
export const MAX_GRANT_PAGE = 500;

// Every state, by a record so that a state the contract adds must be listed here.
const STATES = Object.keys({
  requested: true,
  pending: true,
  active: true,
  revoking: true,
  revoked: true,
  failed: true,
  denied: true,
} satisfies Record<GrantState, true>) as GrantState[];
const KEYS = ['limit', 'cursor', 'state', 'team'];
const TEAM_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The opaque cursor of a position; clients pass it back unchanged. */
export function encodeGrantCursor(position: GrantPosition): string {
  return Buffer.from(`${position.createdAtMs}:${position.id}`).toString(
    'base64url',
  );
}

function decodeGrantCursor(cursor: string): GrantPosition {
  // Node's base64url decoder skips junk, so only a cursor that re-encodes to itself counts.
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,15}):([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!match || Buffer.from(text).toString('base64url') !== cursor) {
    throw new InputError(
      '"cursor" is not one this API gave: pass the nextCursor of the previous page unchanged, or leave it out for the first page',
    );
  }
  return { createdAtMs: Number(match[1]), id: match[2] };
}

const shown = (value: string) => JSON.stringify(value.slice(0, 100));

/** Validates the query of `GET /access/grants`; anything unknown or malformed is a 400. */
export function parseGrantListQuery(
  query: Record<string, unknown>,
): GrantListQuery {
  const unknown = Object.keys(query).filter(k => !KEYS.includes(k));
  if (unknown.length) {
    throw new InputError(
      `Unknown query parameter(s) ${unknown
        .map(k => shown(k))
        .join(', ')}: the grant list takes only limit, cursor, state and team`,
    );
  }
  const single = (key: string): string | undefined => {
    const value = query[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      throw new InputError(
        `"${key}" must be given once, as a single value${
          key === 'state' ? ' (several states: state=active,pending)' : ''
        }`,
      );
    }
    return value;
  };

  const limitText = single('limit');
  let limit = DEFAULT_GRANT_PAGE;
  if (limitText !== undefined) {
    limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_GRANT_PAGE)) {
      throw new InputError(
        `"limit" must be a whole number from 1 to ${MAX_GRANT_PAGE}, got ${shown(
          limitText,
        )}`,
      );
    }
  }

  const cursor = single('cursor');
  const stateText = single('state');
  let states: GrantState[] | undefined;
  if (stateText !== undefined) {
    const names = stateText.split(',').map(s => s.trim());
    if (names.some(s => !STATES.includes(s as GrantState))) {
      throw new InputError(
        `"state" must be a comma-separated list of ${STATES.join(
          ', ',
        )}; got ${shown(stateText)}`,
      );
    }
    states = [...new Set(names as GrantState[])];
  }

  const team = single('team');
  if (team !== undefined && !TEAM_NAME.test(team)) {
    throw new InputError(
      `"team" must be a team's Group name (lowercase letters, digits and dashes), got ${shown(
        team,
      )}`,
    );
  }

  return {
    limit,
    ...(cursor !== undefined ? { after: decodeGrantCursor(cursor) } : {}),
    ...(states ? { states } : {}),
    ...(team !== undefined ? { team } : {}),
  };
}
