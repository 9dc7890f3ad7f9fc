import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  CreateNodegroupCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DisassociateAccessPolicyCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAccessPoliciesCommand,
  ListAssociatedAccessPoliciesCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  UpdateAccessEntryCommand,
} from '@aws-sdk/client-eks';
import { SANDBOX_ACCOUNT_ID } from '../types';
import {
  AwsWorld,
  clientConfig,
  SSO_ROLE,
  startAwsWorld,
} from './__testUtils__/awsWorld';
import { failure } from './__testUtils__/failure';
import { SANDBOX_ADMIN_ARN } from './identities';

const VIEW = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
const EDIT = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';
const USER_ARN = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/maya`;
const ROLE_ARN = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/ml-research`;

describe('EKS API (real EKSClient over HTTP)', () => {
  let world: AwsWorld;
  let eks: EKSClient;

  beforeAll(async () => {
    world = await startAwsWorld();
    eks = new EKSClient(clientConfig(world));
  });

  afterAll(async () => {
    eks.destroy();
    await world.close();
  });

  it('lists the clusters of the signing region', async () => {
    const east = await eks.send(new ListClustersCommand({}));
    expect(east.clusters).toEqual(['ml-use1-a', 'ml-use1-b']);
    expect(east.nextToken).toBeUndefined();

    const westClient = new EKSClient(
      clientConfig(world, world.admin, 'us-west-2'),
    );
    const west = await westClient.send(new ListClustersCommand({}));
    westClient.destroy();
    expect(west.clusters).toEqual(['ml-usw2']);
  });

  it('pages clusters with maxResults 1 and nextToken', async () => {
    const first = await eks.send(new ListClustersCommand({ maxResults: 1 }));
    expect(first.clusters).toEqual(['ml-use1-a']);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await eks.send(
      new ListClustersCommand({ maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.clusters).toEqual(['ml-use1-b']);
    expect(second.nextToken).toBeUndefined();
  });

  it('refuses an invalid nextToken and maxResults with 400 InvalidParameterException', async () => {
    expect(
      await failure(eks.send(new ListClustersCommand({ nextToken: 'bogus' }))),
    ).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(
      await failure(eks.send(new ListClustersCommand({ maxResults: 101 }))),
    ).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('describes a cluster', async () => {
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: 'ml-use1-a' }),
    );
    expect(cluster).toMatchObject({
      name: 'ml-use1-a',
      arn: `arn:aws:eks:us-east-1:${SANDBOX_ACCOUNT_ID}:cluster/ml-use1-a`,
      version: '1.31',
      endpoint: 'https://127.0.0.1:6443',
      status: 'ACTIVE',
      platformVersion: expect.stringMatching(/^eks\.\d+$/),
      accessConfig: {
        authenticationMode: 'API_AND_CONFIG_MAP',
        bootstrapClusterCreatorAdminPermissions: true,
      },
      tags: { team: 'ml-platform' },
      resourcesVpcConfig: expect.objectContaining({
        vpcId: expect.stringMatching(/^vpc-/),
      }),
    });
    expect(cluster!.createdAt).toBeInstanceOf(Date);
    expect(
      Math.abs(cluster!.createdAt!.getTime() - world.clock.nowMs()),
    ).toBeLessThan(60_000);
    expect(
      Buffer.from(cluster!.certificateAuthority!.data!, 'base64').toString(),
    ).toContain('BEGIN CERTIFICATE');
  });

  it('answers 404 ResourceNotFoundException for an unknown cluster, or one of another region', async () => {
    expect(
      await failure(eks.send(new DescribeClusterCommand({ name: 'nope' }))),
    ).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'No cluster found for name: nope.',
    });
    expect(
      await failure(eks.send(new DescribeClusterCommand({ name: 'ml-usw2' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('lists and describes node groups', async () => {
    const list = await eks.send(
      new ListNodegroupsCommand({ clusterName: 'ml-use1-a' }),
    );
    expect(list.nodegroups).toEqual(['gpu-a100-spot', 'system']);
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'ml-use1-a',
        nodegroupName: 'gpu-a100-spot',
      }),
    );
    expect(nodegroup).toMatchObject({
      nodegroupName: 'gpu-a100-spot',
      nodegroupArn: expect.stringMatching(
        /^arn:aws:eks:us-east-1:111122223333:nodegroup\/ml-use1-a\/gpu-a100-spot\//,
      ),
      clusterName: 'ml-use1-a',
      status: 'ACTIVE',
      capacityType: 'SPOT',
      instanceTypes: ['p4d.24xlarge'],
      scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 1 },
      labels: { 'nvidia.com/gpu.present': 'true' },
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }],
      amiType: 'AL2023_x86_64_NVIDIA',
    });
    expect(nodegroup!.createdAt).toBeInstanceOf(Date);
    expect(
      await failure(
        eks.send(
          new DescribeNodegroupCommand({
            clusterName: 'ml-use1-a',
            nodegroupName: 'nope',
          }),
        ),
      ),
    ).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'No node group found for name: nope.',
    });
  });

  it('creates a node group, scaled to zero, that lists and describes as EKS does', async () => {
    const input = {
      clusterName: 'ml-use1-a',
      nodegroupName: 'gpu-l4-spot',
      nodeRole: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/eks-node`,
      subnets: ['subnet-0a'],
      instanceTypes: ['g6.12xlarge'],
      capacityType: 'SPOT' as const,
      scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 4 },
      taints: [
        {
          key: 'nvidia.com/gpu',
          value: 'true',
          effect: 'NO_SCHEDULE' as const,
        },
      ],
    };
    const { nodegroup } = await eks.send(new CreateNodegroupCommand(input));
    expect(nodegroup).toMatchObject({
      nodegroupName: 'gpu-l4-spot',
      status: 'ACTIVE',
      capacityType: 'SPOT',
      instanceTypes: ['g6.12xlarge'],
      scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 4 },
      amiType: 'AL2023_x86_64_NVIDIA',
      taints: input.taints,
    });
    expect(
      (await eks.send(new ListNodegroupsCommand({ clusterName: 'ml-use1-a' })))
        .nodegroups,
    ).toContain('gpu-l4-spot');
    expect(await failure(eks.send(new CreateNodegroupCommand(input)))).toEqual({
      name: 'ResourceInUseException',
      status: 409,
      message:
        'NodeGroup already exists with name gpu-l4-spot and cluster name ml-use1-a',
    });
    expect(
      await failure(
        eks.send(
          new CreateNodegroupCommand({
            ...input,
            nodegroupName: 'too-big',
            scalingConfig: { minSize: 0, desiredSize: 5, maxSize: 4 },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('has the cluster creator as cluster admin, as bootstrapClusterCreatorAdminPermissions does', async () => {
    const list = await eks.send(
      new ListAccessEntriesCommand({ clusterName: 'ml-use1-b' }),
    );
    expect(list.accessEntries).toEqual([SANDBOX_ADMIN_ARN]);
    const policies = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'ml-use1-b',
        principalArn: SANDBOX_ADMIN_ARN,
      }),
    );
    expect(policies.associatedAccessPolicies).toEqual([
      expect.objectContaining({
        policyArn:
          'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster', namespaces: [] },
      }),
    ]);
    expect(world.eks.clusterCreatorArn('ml-use1-b')).toBe(SANDBOX_ADMIN_ARN);
  });

  it('creates, describes, updates and deletes an access entry with tags and username', async () => {
    const created = await eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'ml-use1-a',
        principalArn: USER_ARN,
        kubernetesGroups: ['ml-research-viewers'],
        tags: { owner: 'maya' },
        clientRequestToken: 'token-1',
      }),
    );
    expect(created.accessEntry).toMatchObject({
      clusterName: 'ml-use1-a',
      principalArn: USER_ARN,
      username: USER_ARN,
      kubernetesGroups: ['ml-research-viewers'],
      type: 'STANDARD',
      tags: { owner: 'maya' },
      accessEntryArn: expect.stringMatching(
        /^arn:aws:eks:us-east-1:111122223333:access-entry\/ml-use1-a\/user\/111122223333\/maya\//,
      ),
    });
    expect(created.accessEntry!.createdAt).toBeInstanceOf(Date);
    const changesBefore = world.changes();

    const described = await eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'ml-use1-a',
        principalArn: USER_ARN,
      }),
    );
    expect(described.accessEntry).toEqual(created.accessEntry);
    expect(world.changes()).toBe(changesBefore);

    const updated = await eks.send(
      new UpdateAccessEntryCommand({
        clusterName: 'ml-use1-a',
        principalArn: USER_ARN,
        kubernetesGroups: ['ml-research-editors'],
      }),
    );
    expect(updated.accessEntry?.kubernetesGroups).toEqual([
      'ml-research-editors',
    ]);
    expect(world.changes()).toBe(changesBefore + 1);

    await eks.send(
      new DeleteAccessEntryCommand({
        clusterName: 'ml-use1-a',
        principalArn: USER_ARN,
      }),
    );
    expect(
      await failure(
        eks.send(
          new DescribeAccessEntryCommand({
            clusterName: 'ml-use1-a',
            principalArn: USER_ARN,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('defaults a role entry username to its assumed-role ARN with {{SessionName}}, and handles ARNs with paths', async () => {
    const created = await eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'ml-use1-a',
        principalArn: SSO_ROLE.arn,
      }),
    );
    expect(created.accessEntry?.username).toBe(
      `arn:aws:sts::${SANDBOX_ACCOUNT_ID}:assumed-role/AWSReservedSSO_MLLead_0123abcd/{{SessionName}}`,
    );
    // The path label is percent-encoded, `/` included, and must survive the trip.
    const described = await eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'ml-use1-a',
        principalArn: SSO_ROLE.arn,
      }),
    );
    expect(described.accessEntry?.principalArn).toBe(SSO_ROLE.arn);
    expect(world.eks.accessEntry('ml-use1-a', SSO_ROLE.arn)?.username).toBe(
      created.accessEntry?.username,
    );
  });

  it('refuses a second entry for a principal with 409 ResourceInUseException', async () => {
    await eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'ml-use1-b',
        principalArn: ROLE_ARN,
        clientRequestToken: 'first',
      }),
    );
    // A retry with the same client token is idempotent.
    await eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'ml-use1-b',
        principalArn: ROLE_ARN,
        clientRequestToken: 'first',
      }),
    );
    expect(
      await failure(
        eks.send(
          new CreateAccessEntryCommand({
            clusterName: 'ml-use1-b',
            principalArn: ROLE_ARN,
          }),
        ),
      ),
    ).toEqual({
      name: 'ResourceInUseException',
      status: 409,
      message:
        'The specified access entry resource is already in use on this cluster.',
    });
  });

  it('refuses STS session ARNs and malformed principal ARNs with 400 InvalidParameterException', async () => {
    for (const principalArn of [
      `arn:aws:sts::${SANDBOX_ACCOUNT_ID}:assumed-role/ml-research/maya`,
      'arn:aws:iam::1234:user/short-account',
      `arn:aws-cn:iam::${SANDBOX_ACCOUNT_ID}:user/other-partition`,
      'not-an-arn',
    ]) {
      expect(
        await failure(
          eks.send(
            new CreateAccessEntryCommand({
              clusterName: 'ml-use1-a',
              principalArn,
            }),
          ),
        ),
      ).toEqual({
        name: 'InvalidParameterException',
        status: 400,
        message: 'The principalArn parameter format is not valid',
      });
    }
  });

  it('answers 404 for access entries of an unknown cluster', async () => {
    expect(
      await failure(
        eks.send(
          new CreateAccessEntryCommand({
            clusterName: 'nope',
            principalArn: USER_ARN,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('associates, lists, filters and disassociates access policies', async () => {
    const principalArn = `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/team/recsys-dev`;
    await eks.send(
      new CreateAccessEntryCommand({ clusterName: 'ml-use1-a', principalArn }),
    );
    const associated = await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: 'ml-use1-a',
        principalArn,
        policyArn: EDIT,
        accessScope: {
          type: 'namespace',
          namespaces: ['recsys-training', 'recsys-*'],
        },
      }),
    );
    expect(associated).toMatchObject({
      clusterName: 'ml-use1-a',
      principalArn,
      associatedAccessPolicy: {
        policyArn: EDIT,
        accessScope: {
          type: 'namespace',
          namespaces: ['recsys-training', 'recsys-*'],
        },
      },
    });
    expect(associated.associatedAccessPolicy?.associatedAt).toBeInstanceOf(
      Date,
    );
    await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: 'ml-use1-a',
        principalArn,
        policyArn: VIEW,
        accessScope: { type: 'cluster' },
      }),
    );

    const listed = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'ml-use1-a',
        principalArn,
      }),
    );
    expect(listed.associatedAccessPolicies?.map(p => p.policyArn)).toEqual([
      EDIT,
      VIEW,
    ]);
    const firstPage = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'ml-use1-a',
        principalArn,
        maxResults: 1,
      }),
    );
    expect(firstPage.associatedAccessPolicies).toHaveLength(1);
    expect(firstPage.nextToken).toEqual(expect.any(String));

    const withView = await eks.send(
      new ListAccessEntriesCommand({
        clusterName: 'ml-use1-a',
        associatedPolicyArn: VIEW,
      }),
    );
    expect(withView.accessEntries).toEqual([principalArn]);

    await eks.send(
      new DisassociateAccessPolicyCommand({
        clusterName: 'ml-use1-a',
        principalArn,
        policyArn: VIEW,
      }),
    );
    const after = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'ml-use1-a',
        principalArn,
      }),
    );
    expect(after.associatedAccessPolicies?.map(p => p.policyArn)).toEqual([
      EDIT,
    ]);
    expect(
      world.eks.accessEntry('ml-use1-a', principalArn)?.policies[0].accessScope,
    ).toEqual({
      type: 'namespace',
      namespaces: ['recsys-training', 'recsys-*'],
    });
    expect(
      await failure(
        eks.send(
          new DisassociateAccessPolicyCommand({
            clusterName: 'ml-use1-a',
            principalArn,
            policyArn: VIEW,
          }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('pages access entries', async () => {
    const first = await eks.send(
      new ListAccessEntriesCommand({ clusterName: 'ml-use1-a', maxResults: 1 }),
    );
    expect(first.accessEntries).toHaveLength(1);
    const rest = await eks.send(
      new ListAccessEntriesCommand({
        clusterName: 'ml-use1-a',
        nextToken: first.nextToken,
      }),
    );
    const all = await eks.send(
      new ListAccessEntriesCommand({ clusterName: 'ml-use1-a' }),
    );
    expect([...first.accessEntries!, ...rest.accessEntries!]).toEqual(
      all.accessEntries,
    );
    // A token is bound to its listing.
    expect(
      await failure(
        eks.send(
          new ListAccessEntriesCommand({
            clusterName: 'ml-use1-b',
            nextToken: first.nextToken,
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('refuses a namespace scope without namespaces, and a cluster scope with some', async () => {
    expect(
      await failure(
        eks.send(
          new AssociateAccessPolicyCommand({
            clusterName: 'ml-use1-a',
            principalArn: SANDBOX_ADMIN_ARN,
            policyArn: VIEW,
            accessScope: { type: 'namespace', namespaces: [] },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(
      await failure(
        eks.send(
          new AssociateAccessPolicyCommand({
            clusterName: 'ml-use1-a',
            principalArn: SANDBOX_ADMIN_ARN,
            policyArn: VIEW,
            accessScope: { type: 'cluster', namespaces: ['default'] },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('refuses an unknown access policy with 400', async () => {
    for (const policyArn of [
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSGodModePolicy',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]) {
      expect(
        await failure(
          eks.send(
            new AssociateAccessPolicyCommand({
              clusterName: 'ml-use1-a',
              principalArn: SANDBOX_ADMIN_ARN,
              policyArn,
              accessScope: { type: 'cluster' },
            }),
          ),
        ),
      ).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    }
  });

  it('answers 404 for policies of an unknown access entry', async () => {
    expect(
      await failure(
        eks.send(
          new AssociateAccessPolicyCommand({
            clusterName: 'ml-use1-a',
            principalArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/nobody`,
            policyArn: VIEW,
            accessScope: { type: 'cluster' },
          }),
        ),
      ),
    ).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message:
        "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.",
    });
  });

  it('lists the access policies', async () => {
    const { accessPolicies } = await eks.send(
      new ListAccessPoliciesCommand({}),
    );
    expect(accessPolicies?.map(p => p.name)).toEqual(
      expect.arrayContaining([
        'AmazonEKSClusterAdminPolicy',
        'AmazonEKSViewPolicy',
      ]),
    );
  });

  it('refuses a body changed after signing with 403 InvalidSignatureException', async () => {
    const client = new EKSClient(clientConfig(world));
    client.middlewareStack.addRelativeTo(
      (next: any) => async (args: any) => {
        // Same length, so Content-Length (set before signing) still holds.
        // The SDK's JSON body is a Uint8Array; read its bytes directly.
        const body = args.request.body as Uint8Array;
        const text = Buffer.from(
          body.buffer,
          body.byteOffset,
          body.byteLength,
        ).toString('utf8');
        args.request.body = text.replace('maya', 'mary');
        return next(args);
      },
      { relation: 'after', toMiddleware: 'httpSigningMiddleware' },
    );
    expect(
      await failure(
        client.send(
          new CreateAccessEntryCommand({
            clusterName: 'ml-use1-a',
            principalArn: USER_ARN,
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidSignatureException', status: 403 });
    client.destroy();
    expect(
      world.eks.accessEntry(
        'ml-use1-a',
        `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/mary`,
      ),
    ).toBeUndefined();
  });

  it('refuses a wrong secret key with 403 InvalidSignatureException', async () => {
    const client = new EKSClient(
      clientConfig(world, { ...world.admin, secretAccessKey: 'wrong' }),
    );
    expect(await failure(client.send(new ListClustersCommand({})))).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
    client.destroy();
  });

  it('refuses an unknown access key with 403 UnrecognizedClientException', async () => {
    const client = new EKSClient(
      clientConfig(world, {
        ...world.admin,
        accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
      }),
    );
    expect(await failure(client.send(new ListClustersCommand({})))).toEqual({
      name: 'UnrecognizedClientException',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
    client.destroy();
  });
});
