import { principalKey, validatePrincipalArn } from './principalArn';

const options = {
  allowedAccounts: ['111122223333'],
  cluster: 'ml-sandbox-usw2',
  source: 'The annotation aiml.eks.aws/iam-role-arn of user:default/maya',
};

describe('validatePrincipalArn', () => {
  it.each([
    ['a role', 'arn:aws:iam::111122223333:role/maya', '/', 'maya'],
    [
      'a role with a path',
      'arn:aws:iam::111122223333:role/ml-engineers/maya',
      '/ml-engineers/',
      'maya',
    ],
    [
      'an IAM Identity Center role',
      'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_MLLead_0123456789abcdef',
      '/aws-reserved/sso.amazonaws.com/',
      'AWSReservedSSO_MLLead_0123456789abcdef',
    ],
    [
      'a role with every character IAM allows',
      'arn:aws:iam::111122223333:role/a+b=c,d.e@f_g-h',
      '/',
      'a+b=c,d.e@f_g-h',
    ],
  ])('accepts %s', (_case, arn, path, name) => {
    expect(validatePrincipalArn(arn, options)).toEqual({
      arn,
      account: '111122223333',
      path,
      name,
    });
  });

  it.each([
    ['no value', undefined, /it is empty/],
    ['an empty value', '', /it is empty/],
    ['a number', 42, /it is empty/],
    [
      'an STS session ARN',
      'arn:aws:sts::111122223333:assumed-role/maya/maya@acme.example',
      /STS session ARN; name the role itself/,
    ],
    [
      'an assumed-role resource under iam',
      'arn:aws:iam::111122223333:assumed-role/maya/session',
      /STS session ARN/,
    ],
    ['an IAM user', 'arn:aws:iam::111122223333:user/maya', /is not a role/],
    [
      'a service-linked role',
      'arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS',
      /service-linked role/,
    ],
    [
      'another service',
      'arn:aws:s3:::bucket/role/x',
      /six parts|not an IAM ARN/,
    ],
    [
      'a region in an IAM ARN',
      'arn:aws:iam:us-east-1:111122223333:role/maya',
      /not an IAM ARN/,
    ],
    ['a short account', 'arn:aws:iam::1111:role/maya', /not 12 digits/],
    ['a wildcard', 'arn:aws:iam::111122223333:role/*', /character "\*"/],
    [
      'a JSON injection',
      'arn:aws:iam::111122223333:role/x","policyArn":"arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      /character "\\""/,
    ],
    [
      'a newline (log injection)',
      'arn:aws:iam::111122223333:role/maya\nERROR forged log line',
      /character "\\n"/,
    ],
    ['a space', 'arn:aws:iam::111122223333:role/ maya', /character " "/],
    [
      'a query string',
      'arn:aws:iam::111122223333:role/maya?x=1',
      /character "\?"/,
    ],
    [
      'a path traversal',
      'arn:aws:iam::111122223333:role/../admin',
      /"\." or "\.\." segment/,
    ],
    [
      'an empty path segment',
      'arn:aws:iam::111122223333:role//maya',
      /empty segment/,
    ],
    [
      'a trailing slash',
      'arn:aws:iam::111122223333:role/maya/',
      /role name "" /,
    ],
    [
      'a role name over 64 characters',
      `arn:aws:iam::111122223333:role/${'a'.repeat(65)}`,
      /not a valid IAM role name/,
    ],
    [
      'an over-long ARN',
      `arn:aws:iam::111122223333:role/${'p/'.repeat(1100)}maya`,
      /longer than 2048/,
    ],
    ['a colon too many', 'arn:aws:iam::111122223333:role/a:b', /six parts/],
    ['not an ARN', 'maya', /six parts/],
  ])('refuses %s with InputError naming the problem', (_case, arn, message) => {
    let error: any;
    try {
      validatePrincipalArn(arn, options);
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe('InputError');
    expect(error.message).toMatch(
      /^The annotation aiml.eks.aws\/iam-role-arn of user:default\/maya is not a usable IAM role ARN/,
    );
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('refuses another partition with NotAllowedError', () => {
    expect(() =>
      validatePrincipalArn('arn:aws-cn:iam::111122223333:role/maya', options),
    ).toThrow(
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringMatching(/partition "aws-cn".*"aws" partition/),
      }),
    );
  });

  it('refuses an account the cluster does not accept with NotAllowedError', () => {
    expect(() =>
      validatePrincipalArn('arn:aws:iam::999999999999:role/maya', options),
    ).toThrow(
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /account 999999999999, which cluster ml-sandbox-usw2 does not accept \(aiml.clusters\[\].access.principalAccounts: 111122223333\)/,
        ),
      }),
    );
    expect(() =>
      validatePrincipalArn('arn:aws:iam::111122223333:role/maya', {
        ...options,
        allowedAccounts: [],
      }),
    ).toThrow(/principalAccounts: none/);
  });
});

describe('principalKey', () => {
  it('is the same for role names that differ only in case or path, as IAM treats them', () => {
    const key = principalKey('arn:aws:iam::111122223333:role/maya');
    expect(principalKey('arn:aws:iam::111122223333:role/MAYA')).toBe(key);
    expect(
      principalKey(
        'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/Maya',
      ),
    ).toBe(key);
    expect(principalKey('arn:aws:iam::444455556666:role/maya')).not.toBe(key);
    expect(principalKey('arn:aws:iam::111122223333:role/maya2')).not.toBe(key);
  });
});
