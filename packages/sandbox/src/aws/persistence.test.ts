import { SandboxClock } from '../clock';
import { SSO_ROLE, PORTAL_ROLE, TEST_CLUSTERS } from './__testUtils__/awsWorld';
import { EksState } from './eksState';
import { signEksToken } from './eksToken';
import { IdentityStore, SANDBOX_ADMIN_ARN } from './identities';

describe('sandbox AWS state persistence', () => {
  it('round-trips identities through JSON: keys, sessions and roles', () => {
    const clock = new SandboxClock();
    const store = IdentityStore.create(clock, [PORTAL_ROLE, SSO_ROLE]);
    const session = store.issueRoleCredential({
      roleArn: SSO_ROLE.arn,
      sessionName: 'maya',
      durationSeconds: 900,
    });
    const restored = IdentityStore.fromJSON(
      JSON.parse(JSON.stringify(store)),
      clock,
    );
    expect(restored.adminCredential()).toEqual(store.adminCredential());
    expect(restored.adminCredential().arn).toBe(SANDBOX_ADMIN_ARN);
    expect(restored.findCredential(session.accessKeyId)).toEqual(session);
    expect(restored.role(PORTAL_ROLE.arn)).toEqual(PORTAL_ROLE);
    expect(restored.principalOf(session)).toEqual(store.principalOf(session));
    expect(() => IdentityStore.fromJSON({ version: 2 }, clock)).toThrow(
      /identity store/,
    );
  });

  it('round-trips EKS state through JSON, and tokens stay valid', async () => {
    const clock = new SandboxClock();
    const identities = IdentityStore.create(clock, [SSO_ROLE]);
    const deps = { identities, clock, stsEndpoint: 'http://127.0.0.1:1234' };
    const eks = EksState.create(TEST_CLUSTERS, deps);
    const cluster = eks.requireCluster('ml-use1-a');
    eks.accessEntries.create(cluster, {
      principalArn: SSO_ROLE.arn,
      kubernetesGroups: ['ml-leads'],
      tags: { a: 'b' },
    });
    eks.accessEntries.associate(
      'ml-use1-a',
      SSO_ROLE.arn,
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
      { type: 'namespace', namespaces: ['ml-research-training'] },
    );

    const restored = EksState.fromJSON(JSON.parse(JSON.stringify(eks)), deps);
    expect(restored.toJSON()).toEqual(eks.toJSON());
    expect(restored.cluster('ml-usw2')?.region).toBe('us-west-2');
    expect(restored.accessEntry('ml-use1-a', SSO_ROLE.arn)).toMatchObject({
      kubernetesGroups: ['ml-leads'],
      policies: [
        expect.objectContaining({
          accessScope: {
            type: 'namespace',
            namespaces: ['ml-research-training'],
          },
        }),
      ],
    });
    const token = await signEksToken(
      identities.adminCredential(),
      'ml-use1-a',
      deps.stsEndpoint,
      clock,
    );
    expect(await restored.verifyToken(token, 'ml-use1-a')).toMatchObject({
      principalArn: SANDBOX_ADMIN_ARN,
    });
    expect(() => EksState.fromJSON({}, deps)).toThrow(/EKS state/);
  });

  it('refuses duplicate cluster names', () => {
    const clock = new SandboxClock();
    const identities = IdentityStore.create(clock);
    expect(() =>
      EksState.create([TEST_CLUSTERS[0], TEST_CLUSTERS[0]], {
        identities,
        clock,
        stsEndpoint: 'http://127.0.0.1:1',
      }),
    ).toThrow(/duplicate cluster name/);
  });
});
