import { grantRequestKey, parseGrantRequest } from './parseGrantRequest';

const valid = {
  cluster: 'ml-prod',
  team: 'ml-research',
  level: 'edit',
  ttl: 'PT2H',
  reason: 'debug a training job',
};

describe('parseGrantRequest', () => {
  it('accepts a valid request', () => {
    expect(parseGrantRequest(valid)).toEqual({
      cluster: 'ml-prod',
      team: 'ml-research',
      level: 'edit',
      ttlMs: 7_200_000,
      reason: 'debug a training job',
      breakGlass: false,
    });
  });

  it('takes requestApproval, and gives such a request a key of its own', () => {
    const asked = parseGrantRequest({ ...valid, requestApproval: true });
    expect(asked.requestApproval).toBe(true);
    const plain = parseGrantRequest(valid);
    expect(grantRequestKey('user:default/maya', asked)).not.toBe(
      grantRequestKey('user:default/maya', plain),
    );
    expect(
      grantRequestKey('user:default/maya', {
        ...asked,
        requestApproval: false,
      }),
    ).toBe(grantRequestKey('user:default/maya', plain));
  });

  it('makes break-glass admin level', () => {
    const { level, ...rest } = valid;
    expect(
      parseGrantRequest({ ...rest, breakGlass: true, ttl: 'PT1H' }),
    ).toMatchObject({ level: 'admin', breakGlass: true });
  });

  it.each([
    [
      { ...valid, namespaces: ['kube-system'] },
      'Unknown field(s) "namespaces"',
    ],
    [{ ...valid, url: 'https://evil' }, 'Unknown field(s) "url"'],
    [
      { ...valid, principalArn: 'arn:aws:iam::1:role/x' },
      'Unknown field(s) "principalArn"',
    ],
    [
      { ...valid, level: 'admin' },
      'admin is only available through break-glass',
    ],
    [{ ...valid, level: 'cluster-admin' }, '"level" must be "view" or "edit"'],
    [{ ...valid, ttl: 'PT0S' }, '"ttl" must be an ISO-8601 duration'],
    [{ ...valid, ttl: 'forever' }, '"ttl" must be an ISO-8601 duration'],
    [{ ...valid, ttl: 'PT5M' }, 'at least 10 minutes'],
    [
      { ...valid, breakGlass: true, level: undefined, ttl: 'PT2H' },
      'at most 1 hour',
    ],
    [{ ...valid, breakGlass: 'yes' }, '"breakGlass" must be true or false'],
    [
      { ...valid, requestApproval: 'please' },
      '"requestApproval" must be true or false',
    ],
    [
      {
        ...valid,
        level: undefined,
        ttl: 'PT1H',
        breakGlass: true,
        requestApproval: true,
      },
      'send breakGlass or requestApproval, not both',
    ],
    [{ ...valid, reason: '' }, '"reason" is required'],
    [
      { ...valid, cluster: 'https://1.2.3.4' },
      '"cluster" must be the name of a configured cluster',
    ],
    [{ ...valid, team: '../etc' }, '"team" must be a team'],
    [[], 'The body must be a JSON object'],
  ])('refuses %j', (body, message) => {
    expect(() => parseGrantRequest(body)).toThrow(message);
  });
});
