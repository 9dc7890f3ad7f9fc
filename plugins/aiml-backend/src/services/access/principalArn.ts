import { InputError, NotAllowedError } from '@backstage/errors';

/**
 * An IAM role ARN the broker may give an EKS access entry to.
 *
 * @public
 */
export interface PrincipalRole {
  /** The ARN exactly as validated. */
  arn: string;
  account: string;
  /** `/` or a path such as `/aws-reserved/sso.amazonaws.com/`. */
  path: string;
  name: string;
}

/** IAM's longest ARN. */
const MAX_ARN_LENGTH = 2048;
/** Characters IAM allows in role names and paths, plus the ARN's `:` and `/`. */
const ARN_CHARACTERS = /^[A-Za-z0-9+=,.@_:/-]+$/;
const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
const PATH_SEGMENT = /^[A-Za-z0-9+=,.@_-]+$/;
const ACCOUNT = /^\d{12}$/;

const shown = (value: string) => JSON.stringify(value.slice(0, 200));

/**
 * Validates the IAM role ARN a person's access entry would be created for
 * (the User's `aiml.eks.aws/iam-role-arn`). Accepted: `arn:aws:iam::<account>:role/<name>`
 * with an optional path (`role/aws-reserved/sso.amazonaws.com/<name>`), the account
 * among `allowedAccounts`. Refused with InputError: anything that is not such an
 * ARN — STS session ARNs (`assumed-role`), IAM users, service-linked roles, other
 * characters than IAM allows. Refused with NotAllowedError: another partition or
 * an account the cluster does not allow. `source` names where the ARN came from.
 *
 * @public
 */
export function validatePrincipalArn(
  value: unknown,
  options: { allowedAccounts: string[]; cluster: string; source: string },
): PrincipalRole {
  const { allowedAccounts, cluster, source } = options;
  const refuse = (what: string) =>
    new InputError(
      `${source} is not a usable IAM role ARN: ${what}. Expected arn:aws:iam::<account>:role/<name>, optionally with a path (role/aws-reserved/sso.amazonaws.com/<name>)`,
    );
  if (typeof value !== 'string' || value.length === 0) {
    throw refuse('it is empty');
  }
  if (value.length > MAX_ARN_LENGTH) {
    throw refuse(`it is longer than ${MAX_ARN_LENGTH} characters`);
  }
  if (!ARN_CHARACTERS.test(value)) {
    const bad = [...value].find(c => !ARN_CHARACTERS.test(c))!;
    throw refuse(
      `${shown(value)} contains the character ${JSON.stringify(
        bad,
      )}, which IAM does not allow in role ARNs`,
    );
  }
  const parts = value.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn') {
    throw refuse(`${shown(value)} does not have the six parts of an ARN`);
  }
  const [, partition, service, region, account, resource] = parts;
  if (service === 'sts' || resource.startsWith('assumed-role/')) {
    throw refuse(
      `${shown(
        value,
      )} is an STS session ARN; name the role itself (arn:aws:iam::<account>:role/...), not one of its sessions`,
    );
  }
  if (service !== 'iam' || region !== '') {
    throw refuse(`${shown(value)} is not an IAM ARN (arn:aws:iam::...)`);
  }
  if (!ACCOUNT.test(account)) {
    throw refuse(`the account ${shown(account)} is not 12 digits`);
  }
  if (!resource.startsWith('role/')) {
    throw refuse(
      `${shown(value)} is not a role (only IAM roles get access entries)`,
    );
  }
  const segments = resource.slice('role/'.length).split('/');
  const name = segments.pop()!;
  if (!ROLE_NAME.test(name)) {
    throw refuse(`the role name ${shown(name)} is not a valid IAM role name`);
  }
  if (segments.some(s => !PATH_SEGMENT.test(s))) {
    throw refuse(`the role path of ${shown(value)} has an empty segment`);
  }
  if (segments.some(s => /^\.+$/.test(s)) || /^\.+$/.test(name)) {
    throw refuse(`the role path of ${shown(value)} has a "." or ".." segment`);
  }
  if (segments[0] === 'aws-service-role') {
    throw refuse(
      `${shown(value)} is a service-linked role, which is not a person`,
    );
  }
  if (partition !== 'aws') {
    throw new NotAllowedError(
      `${source} is in the AWS partition "${partition}"; cluster ${cluster} only accepts roles of the "aws" partition`,
    );
  }
  if (!allowedAccounts.includes(account)) {
    throw new NotAllowedError(
      `${source} is in account ${account}, which cluster ${cluster} does not accept (aiml.clusters[].access.principalAccounts: ${
        allowedAccounts.join(', ') || 'none'
      })`,
    );
  }
  return {
    arn: value,
    account,
    path: segments.length ? `/${segments.join('/')}/` : '/',
    name,
  };
}

/**
 * The identity of an IAM role ARN for comparisons and locks: IAM role names are
 * unique per account whatever their case or path, so `role/Maya` and
 * `role/team/maya` name the same role. The ARN itself is kept as given.
 *
 * @public
 */
export function principalKey(arn: string): string {
  const parts = arn.split(':');
  if (parts.length !== 6) return arn.toLowerCase();
  const [, partition, , , account, resource] = parts;
  const name = resource.split('/').pop() ?? resource;
  return `${partition}:${account}:${name.toLowerCase()}`;
}
