import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  EKSClient,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { SANDBOX_ACCOUNT_ID } from '../types';
import {
  AwsWorld,
  clientConfig,
  startAwsWorld,
} from './__testUtils__/awsWorld';
import { failure } from './__testUtils__/failure';
import { AwsFault, AwsRequestInfo, AwsRequestRecord } from './awsHandler';

describe('the AWS endpoint request log and fault injection', () => {
  let world: AwsWorld;
  let eks: EKSClient;
  const log: AwsRequestRecord[] = [];
  let fault: (r: AwsRequestInfo) => AwsFault | undefined = () => undefined;
  const principalArn = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/faulty/person`;

  beforeAll(async () => {
    world = await startAwsWorld({
      onRequest: r => log.push(r),
      fault: r => fault(r),
    });
    // One attempt: the test sees each injected fault as the SDK receives it.
    eks = new EKSClient({ ...clientConfig(world), maxAttempts: 1 });
  });

  afterAll(async () => {
    eks.destroy();
    await world.close();
  });

  beforeEach(() => {
    log.length = 0;
    fault = () => undefined;
  });

  it('logs each request with its operation, decoded path and status', async () => {
    await eks.send(new ListClustersCommand({}));
    await failure(
      eks.send(
        new DescribeAccessEntryCommand({
          clusterName: 'ml-use1-a',
          principalArn,
        }),
      ),
    );
    expect(log).toEqual([
      {
        service: 'eks',
        operation: 'ListClusters',
        method: 'GET',
        path: '/clusters',
        status: 200,
        errorType: undefined,
        faulted: false,
      },
      {
        service: 'eks',
        operation: 'DescribeAccessEntry',
        method: 'GET',
        path: `/clusters/ml-use1-a/access-entries/${principalArn}`,
        status: 404,
        errorType: 'ResourceNotFoundException',
        faulted: false,
      },
    ]);
  });

  it('answers an injected throttling error before applying the request', async () => {
    fault = r =>
      r.operation === 'CreateAccessEntry'
        ? { error: { status: 429, type: 'ThrottlingException' } }
        : undefined;
    expect(
      await failure(
        eks.send(
          new CreateAccessEntryCommand({
            clusterName: 'ml-use1-a',
            principalArn,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ThrottlingException', status: 429 });
    expect(world.eks.accessEntry('ml-use1-a', principalArn)).toBeUndefined();
    expect(log).toEqual([
      expect.objectContaining({
        operation: 'CreateAccessEntry',
        status: 429,
        errorType: 'ThrottlingException',
        faulted: true,
      }),
    ]);
  });

  it('can apply a request and still answer 500, as a lost response', async () => {
    fault = r =>
      r.operation === 'CreateAccessEntry'
        ? {
            error: { status: 500, type: 'ServerException' },
            afterApplying: true,
          }
        : undefined;
    expect(
      await failure(
        eks.send(
          new CreateAccessEntryCommand({
            clusterName: 'ml-use1-a',
            principalArn,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ServerException', status: 500 });
    expect(world.eks.accessEntry('ml-use1-a', principalArn)).toBeDefined();
  });

  it('slows down and drops answers', async () => {
    fault = r =>
      r.operation === 'AssociateAccessPolicy' ? { delayMs: 300 } : undefined;
    const started = Date.now();
    await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: 'ml-use1-a',
        principalArn,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'namespace', namespaces: ['team-a'] },
      }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    fault = () => ({ drop: true });
    await expect(eks.send(new ListClustersCommand({}))).rejects.toThrow();
    expect(log[log.length - 1]).toMatchObject({
      operation: 'ListClusters',
      status: 0,
      faulted: true,
    });
  });

  it('leaves unauthenticated requests alone: they are refused, not faulted', async () => {
    fault = () => ({ error: { status: 500, type: 'ServerException' } });
    const res = await fetch(`${world.endpoint}/clusters`);
    expect(res.status).toBe(403);
    expect(log).toEqual([
      expect.objectContaining({ status: 403, faulted: false }),
    ]);
  });
});
