import { approvalKind, parseGrantDecision } from './grantApproval';

describe('approvalKind', () => {
  const access = { selfServiceMaxTtlMs: 2 * 3600_000 };
  it("needs the leads for another team, and for one's own beyond self-service", () => {
    expect(approvalKind(false, 600_000, access)).toBe('cross-team');
    expect(approvalKind(true, 2 * 3600_000, access)).toBeUndefined();
    expect(approvalKind(true, 2 * 3600_000 + 1, access)).toBe('long-ttl');
  });
});

describe('parseGrantDecision', () => {
  it('takes a reason, trimmed', () => {
    expect(parseGrantDecision({ reason: '  on call  ' })).toEqual({
      reason: 'on call',
    });
  });

  it.each([
    [undefined, 'must be a JSON object {reason}'],
    [[], 'must be a JSON object {reason}'],
    [{ reason: 'ok', ttl: 'PT8H' }, 'unknown field(s) ttl'],
    [{}, '"reason" must say why'],
    [{ reason: 'x'.repeat(501) }, '"reason" must say why'],
  ])('refuses %j', (body, message) => {
    expect(() => parseGrantDecision(body)).toThrow(message);
  });
});
