import { SandboxClock } from '../clock';
import { SandboxCredential } from '../types';
import { IdentityStore, parseRoleArn } from './identities';
import { AwsResponse, xmlError, xmlEscape, xmlResponse } from './responses';
import { parseQueryString } from './sigv4';

/**
 * STS over the query protocol: `Action=…&Version=2011-06-15` in a form body
 * (what the SDKs POST) or in the query string (GET, as presigned URLs do).
 */

const STS_VERSION = '2011-06-15';
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43200;
const DEFAULT_DURATION_SECONDS = 3600;
/** STS caps sessions of a role assumed with another role's credentials at one hour. */
const MAX_CHAINED_DURATION_SECONDS = 3600;
const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;

/** What an STS action needs: the authenticated caller and the stores. */
export interface StsContext {
  caller: SandboxCredential;
  identities: IdentityStore;
  clock: SandboxClock;
  requestId: string;
  /** Called when an action changed persisted state (AssumeRole issued credentials). */
  onChange?: () => void;
}

/**
 * The parameters of a query-protocol request: the query string's, then the
 * form body's (a POST's body wins over its query for the same name).
 */
export function stsParameters(
  rawQuery: string,
  body: Buffer,
  contentType: string | undefined,
): Map<string, string> {
  const params = new Map(parseQueryString(rawQuery));
  const isForm = (contentType ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
  if (isForm && body.length > 0) {
    for (const [key, value] of parseQueryString(body.toString('utf8'))) {
      params.set(key, value);
    }
  }
  return params;
}

/** AWS's wording for a parameter that breaks its model constraints. */
function validationError(
  requestId: string,
  value: string | undefined,
  member: string,
  constraint: string,
): AwsResponse {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return xmlError(
    400,
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
    requestId,
  );
}

function getCallerIdentity(ctx: StsContext): AwsResponse {
  const principal = ctx.identities.principalOf(ctx.caller);
  return xmlResponse(
    'GetCallerIdentity',
    `    <Arn>${xmlEscape(principal.arn)}</Arn>\n` +
      `    <UserId>${xmlEscape(principal.userId)}</UserId>\n` +
      `    <Account>${principal.account}</Account>\n`,
    ctx.requestId,
  );
}

function assumeRole(params: Map<string, string>, ctx: StsContext): AwsResponse {
  const { requestId } = ctx;
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const externalId = params.get('ExternalId');
  const durationParam = params.get('DurationSeconds');

  if (roleArn === undefined) {
    return validationError(
      requestId,
      roleArn,
      'roleArn',
      'Member must not be null',
    );
  }
  if (roleArn.length < 20) {
    return validationError(
      requestId,
      roleArn,
      'roleArn',
      'Member must have length greater than or equal to 20',
    );
  }
  if (sessionName === undefined) {
    return validationError(
      requestId,
      sessionName,
      'roleSessionName',
      'Member must not be null',
    );
  }
  if (sessionName.length < 2 || sessionName.length > 64) {
    return validationError(
      requestId,
      sessionName,
      'roleSessionName',
      sessionName.length < 2
        ? 'Member must have length greater than or equal to 2'
        : 'Member must have length less than or equal to 64',
    );
  }
  if (!SESSION_NAME.test(sessionName)) {
    return validationError(
      requestId,
      sessionName,
      'roleSessionName',
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  if (
    externalId !== undefined &&
    (externalId.length < 2 ||
      externalId.length > 1224 ||
      !EXTERNAL_ID.test(externalId))
  ) {
    return validationError(
      requestId,
      externalId,
      'externalId',
      'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224',
    );
  }
  let durationSeconds = DEFAULT_DURATION_SECONDS;
  if (durationParam !== undefined) {
    durationSeconds = Number(durationParam);
    if (!/^\d+$/.test(durationParam)) {
      return xmlError(
        400,
        'ValidationError',
        `Value '${durationParam}' for parameter DurationSeconds is invalid. It must be an integer.`,
        requestId,
      );
    }
    if (durationSeconds < MIN_DURATION_SECONDS) {
      return validationError(
        requestId,
        durationParam,
        'durationSeconds',
        `Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`,
      );
    }
    if (durationSeconds > MAX_DURATION_SECONDS) {
      return validationError(
        requestId,
        durationParam,
        'durationSeconds',
        `Member must have value less than or equal to ${MAX_DURATION_SECONDS}`,
      );
    }
  }

  const role = ctx.identities.role(roleArn);
  // A role that doesn't exist and a wrong ExternalId look the same to the
  // caller, as in AWS: the trust policy simply doesn't let them in.
  if (
    !role ||
    !parseRoleArn(roleArn) ||
    (role.externalId !== undefined && role.externalId !== externalId)
  ) {
    return xmlError(
      403,
      'AccessDenied',
      `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      requestId,
    );
  }
  if (
    ctx.caller.roleArn !== undefined &&
    durationSeconds > MAX_CHAINED_DURATION_SECONDS
  ) {
    return xmlError(
      400,
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      requestId,
    );
  }

  const credential = ctx.identities.issueRoleCredential({
    roleArn,
    sessionName,
    durationSeconds,
  });
  ctx.onChange?.();
  const principal = ctx.identities.principalOf(credential);
  const expiration = new Date(credential.expiresAtMs!)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  return xmlResponse(
    'AssumeRole',
    `    <AssumedRoleUser>\n` +
      `      <Arn>${xmlEscape(principal.arn)}</Arn>\n` +
      `      <AssumedRoleId>${xmlEscape(principal.userId)}</AssumedRoleId>\n` +
      `    </AssumedRoleUser>\n` +
      `    <Credentials>\n` +
      `      <AccessKeyId>${credential.accessKeyId}</AccessKeyId>\n` +
      `      <SecretAccessKey>${xmlEscape(
        credential.secretAccessKey,
      )}</SecretAccessKey>\n` +
      `      <SessionToken>${xmlEscape(
        credential.sessionToken!,
      )}</SessionToken>\n` +
      `      <Expiration>${expiration}</Expiration>\n` +
      `    </Credentials>\n`,
    requestId,
  );
}

/** Answers an authenticated STS request: GetCallerIdentity or AssumeRole. */
export function handleStsAction(
  params: Map<string, string>,
  ctx: StsContext,
): AwsResponse {
  const action = params.get('Action');
  const version = params.get('Version');
  if (!action) {
    return xmlError(400, 'MissingAction', 'Missing Action', ctx.requestId);
  }
  if (version !== STS_VERSION) {
    return xmlError(
      400,
      'InvalidAction',
      `Could not find operation ${action} for version ${
        version ?? 'NO_VERSION_SPECIFIED'
      }`,
      ctx.requestId,
    );
  }
  switch (action) {
    case 'GetCallerIdentity':
      return getCallerIdentity(ctx);
    case 'AssumeRole':
      return assumeRole(params, ctx);
    default:
      return xmlError(
        400,
        'InvalidAction',
        `Could not find operation ${action} for version ${version}`,
        ctx.requestId,
      );
  }
}
