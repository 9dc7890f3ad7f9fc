import { InputError } from '@backstage/errors';
import { encodeGrantCursor, parseGrantListQuery } from './grantListQuery';

describe('parseGrantListQuery', () => {
  it('defaults to the first page of 100 in every state', () => {
    expect(parseGrantListQuery({})).toEqual({ limit: 100 });
  });

  it('reads limit, cursor and states', () => {
    const cursor = encodeGrantCursor({
      createdAtMs: 1_767_225_600_000,
      id: 'a1b2c3d4e5f6',
    });
    expect(
      parseGrantListQuery({ limit: '500', cursor, state: 'active, pending' }),
    ).toEqual({
      limit: 500,
      after: { createdAtMs: 1_767_225_600_000, id: 'a1b2c3d4e5f6' },
      states: ['active', 'pending'],
    });
  });

  it.each([
    [{ limit: '0' }, /"limit" must be a whole number from 1 to 500, got "0"/],
    [{ limit: '501' }, /from 1 to 500, got "501"/],
    [{ limit: '-1' }, /from 1 to 500/],
    [{ limit: '10.5' }, /from 1 to 500/],
    [{ limit: 'ten' }, /from 1 to 500, got "ten"/],
    [{ limit: '' }, /from 1 to 500/],
    [{ limit: ['1', '2'] }, /"limit" must be given once/],
    [{ cursor: 'garbage!' }, /"cursor" is not one this API gave/],
    [{ cursor: '' }, /"cursor" is not one this API gave/],
    [
      { cursor: Buffer.from('2026-01-01T00:00:00Z').toString('base64url') },
      /"cursor" is not one this API gave/,
    ],
    [
      { cursor: Buffer.from("1:x' OR 1=1").toString('base64url') },
      /"cursor" is not one this API gave/,
    ],
    [
      { state: 'bogus' },
      /"state" must be a comma-separated list of requested, pending, active/,
    ],
    [{ state: 'active,' }, /"state" must be a comma-separated list/],
    [{ state: ['active', 'pending'] }, /given once.*state=active,pending/],
    [{ teams: 'recsys' }, /Unknown query parameter\(s\) "teams"/],
    [{ team: 'Rec Sys' }, /"team" must be a team's Group name/],
    [{ team: ['recsys', 'finops'] }, /"team" must be given once/],
  ])('refuses %j with a message saying what to fix', (query, message) => {
    expect(() => parseGrantListQuery(query)).toThrow(InputError);
    expect(() => parseGrantListQuery(query)).toThrow(message);
  });

  it('reads a team to list the grants of', () => {
    expect(parseGrantListQuery({ team: 'recsys' })).toEqual({
      limit: 100,
      team: 'recsys',
    });
  });

  it('refuses a cursor with junk that base64url decoding would skip', () => {
    const cursor = encodeGrantCursor({ createdAtMs: 5, id: 'abc' });
    expect(() => parseGrantListQuery({ cursor: `${cursor}!!` })).toThrow(
      /"cursor" is not one this API gave/,
    );
  });
});
