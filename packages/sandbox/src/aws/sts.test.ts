import {
  AssumeRoleCommand,
  AssumeRoleCommandOutput,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { SANDBOX_ACCOUNT_ID, SandboxCredential } from '../types';
import {
  AwsWorld,
  clientConfig,
  PORTAL_ROLE,
  SSO_ROLE,
  startAwsWorld,
} from './__testUtils__/awsWorld';
import { failure } from './__testUtils__/failure';
import { SANDBOX_ADMIN_ARN } from './identities';

function credentialOf(out: AssumeRoleCommandOutput): SandboxCredential {
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
    arn: '',
  };
}

describe('STS (real STSClient over HTTP)', () => {
  let world: AwsWorld;
  let sts: STSClient;

  beforeAll(async () => {
    world = await startAwsWorld();
    sts = new STSClient(clientConfig(world));
  });

  afterAll(async () => {
    sts.destroy();
    await world.close();
  });

  it('tells the admin user who it is', async () => {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Arn: SANDBOX_ADMIN_ARN,
      Account: SANDBOX_ACCOUNT_ID,
      UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
    });
    expect(me.$metadata.requestId).toEqual(expect.any(String));
  });

  it('assumes a role with its ExternalId', async () => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: PORTAL_ROLE.arn,
        RoleSessionName: 'portal',
        ExternalId: PORTAL_ROLE.externalId,
      }),
    );
    expect(out.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${SANDBOX_ACCOUNT_ID}:assumed-role/backstage-aiml/portal`,
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:portal$/),
    });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SessionToken).toEqual(expect.any(String));
    expect(
      out.Credentials!.Expiration!.getTime() - world.clock.nowMs(),
    ).toBeGreaterThan(3590_000);
    expect(world.changes()).toBeGreaterThan(0);
  });

  it('refuses AssumeRole without, or with a wrong, ExternalId: 403 AccessDenied', async () => {
    for (const ExternalId of [undefined, 'guess']) {
      expect(
        await failure(
          sts.send(
            new AssumeRoleCommand({
              RoleArn: PORTAL_ROLE.arn,
              RoleSessionName: 'portal',
              ExternalId,
            }),
          ),
        ),
      ).toEqual({
        name: 'AccessDenied',
        status: 403,
        message: `User: ${SANDBOX_ADMIN_ARN} is not authorized to perform: sts:AssumeRole on resource: ${PORTAL_ROLE.arn}`,
      });
    }
  });

  it('refuses AssumeRole of an unknown role: 403 AccessDenied', async () => {
    expect(
      await failure(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/nope`,
            RoleSessionName: 'x1',
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('validates RoleSessionName and DurationSeconds: 400 ValidationError', async () => {
    for (const input of [
      { RoleSessionName: 'x' },
      { RoleSessionName: 'has space' },
      { RoleSessionName: 'ok-name', DurationSeconds: 100 },
      { RoleSessionName: 'ok-name', DurationSeconds: 43201 },
    ]) {
      expect(
        await failure(
          sts.send(new AssumeRoleCommand({ RoleArn: SSO_ROLE.arn, ...input })),
        ),
      ).toMatchObject({
        name: 'ValidationError',
        status: 400,
        message: expect.stringMatching(/^1 validation error detected/),
      });
    }
  });

  it('gives a role with a path an assumed-role ARN with only its name, and the session sees itself', async () => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: SSO_ROLE.arn,
        RoleSessionName: 'maya@example.com',
        DurationSeconds: 900,
      }),
    );
    const session = new STSClient(clientConfig(world, credentialOf(out)));
    const me = await session.send(new GetCallerIdentityCommand({}));
    session.destroy();
    expect(me).toMatchObject({
      Arn: `arn:aws:sts::${SANDBOX_ACCOUNT_ID}:assumed-role/AWSReservedSSO_MLLead_0123abcd/maya@example.com`,
      UserId: out.AssumedRoleUser?.AssumedRoleId,
      Account: SANDBOX_ACCOUNT_ID,
    });
    const stored = world.identities.findCredential(
      out.Credentials!.AccessKeyId!,
    );
    expect(stored?.roleArn).toBe(SSO_ROLE.arn);
  });

  it('caps role chaining at one hour', async () => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: SSO_ROLE.arn,
        RoleSessionName: 'first',
      }),
    );
    const session = new STSClient(clientConfig(world, credentialOf(out)));
    expect(
      await failure(
        session.send(
          new AssumeRoleCommand({
            RoleArn: SSO_ROLE.arn,
            RoleSessionName: 'second',
            DurationSeconds: 7200,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ValidationError', status: 400 });
    const chained = await session.send(
      new AssumeRoleCommand({
        RoleArn: SSO_ROLE.arn,
        RoleSessionName: 'second',
      }),
    );
    session.destroy();
    expect(chained.AssumedRoleUser?.Arn).toMatch(/\/second$/);
  });

  it('refuses a session token that is not the one issued with the key', async () => {
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: SSO_ROLE.arn, RoleSessionName: 'tok' }),
    );
    const session = new STSClient(
      clientConfig(world, { ...credentialOf(out), sessionToken: 'forged' }),
    );
    expect(
      await failure(session.send(new GetCallerIdentityCommand({}))),
    ).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    session.destroy();
  });

  it('refuses a wrong secret key with 403 SignatureDoesNotMatch', async () => {
    const client = new STSClient(
      clientConfig(world, { ...world.admin, secretAccessKey: 'wrong' }),
    );
    expect(
      await failure(client.send(new GetCallerIdentityCommand({}))),
    ).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    client.destroy();
  });

  it('refuses an unknown access key with 403 InvalidClientTokenId', async () => {
    const client = new STSClient(
      clientConfig(world, {
        ...world.admin,
        accessKeyId: 'AKIANOBODYNOBODY0000',
      }),
    );
    expect(
      await failure(client.send(new GetCallerIdentityCommand({}))),
    ).toEqual({
      name: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
    client.destroy();
  });
});

describe('STS and EKS as the sandbox clock moves', () => {
  let world: AwsWorld;

  beforeAll(async () => {
    world = await startAwsWorld();
  });

  afterAll(async () => {
    await world.close();
  });

  it('expires temporary credentials on the sandbox clock: ExpiredToken / ExpiredTokenException', async () => {
    const sts = new STSClient(clientConfig(world));
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: SSO_ROLE.arn,
        RoleSessionName: 'short',
        DurationSeconds: 900,
      }),
    );
    sts.destroy();
    const session = credentialOf(out);
    const sessionSts = new STSClient(clientConfig(world, session));
    const sessionEks = new EKSClient(clientConfig(world, session));
    await sessionSts.send(new GetCallerIdentityCommand({}));

    world.clock.advance(901_000);

    expect(
      await failure(sessionSts.send(new GetCallerIdentityCommand({}))),
    ).toEqual({
      name: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    });
    expect(
      await failure(sessionEks.send(new ListClustersCommand({}))),
    ).toMatchObject({ name: 'ExpiredTokenException', status: 403 });
    sessionSts.destroy();
    sessionEks.destroy();
  });

  it('lets the SDKs correct their clock from the Date header when the sandbox clock runs ahead', async () => {
    world.clock.advance(60 * 60 * 1000);
    // Signed an hour behind the sandbox: refused once as "Signature expired",
    // then the SDK adopts the server's Date and retries successfully.
    const sts = new STSClient(clientConfig(world));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(me.Arn).toBe(SANDBOX_ADMIN_ARN);
  });
});
