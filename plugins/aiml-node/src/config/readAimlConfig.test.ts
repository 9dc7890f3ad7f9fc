import { ConfigReader } from '@backstage/config';
import { readAimlConfig } from './readAimlConfig';

const read = (aiml: object) => readAimlConfig(new ConfigReader({ aiml }));
const cluster = { name: 'ml-prod', region: 'us-east-1' };

describe('readAimlConfig', () => {
  it('applies defaults: token strategy, 8 hours, all of it self-service', () => {
    const config = read({ clusters: [cluster] });
    expect(config.clusters[0].access).toEqual({
      strategy: 'token',
      maxTtlMs: 8 * 3600_000,
      selfServiceMaxTtlMs: 8 * 3600_000,
      principalAccounts: [],
    });
  });

  it('reads a full cluster', () => {
    const config = read({
      clusters: [
        {
          ...cluster,
          accountId: '111122223333',
          assumeRole: {
            roleArn: 'arn:aws:iam::111122223333:role/platform/backstage-aiml',
            externalId: 'x',
          },
          access: {
            strategy: 'access-entry',
            maxTtl: 'PT4H',
            selfServiceMaxTtl: '2h',
            principalAccounts: ['111122223333'],
          },
          metrics: {
            type: 'prometheus',
            url: 'https://aps.example/workspaces/ws-1/',
            auth: { type: 'sigv4', region: 'us-east-1' },
            timeout: '45s',
            clusterLabel: 'cluster',
          },
        },
      ],
    });
    expect(config.clusters[0]).toMatchObject({
      assumeRole: {
        roleArn: 'arn:aws:iam::111122223333:role/platform/backstage-aiml',
      },
      access: {
        strategy: 'access-entry',
        maxTtlMs: 4 * 3600_000,
        selfServiceMaxTtlMs: 2 * 3600_000,
      },
      metrics: {
        type: 'prometheus',
        auth: { type: 'sigv4', region: 'us-east-1' },
        timeoutMs: 45_000,
        clusterLabel: 'cluster',
      },
    });
    expect(
      read({ clusters: [{ ...cluster, metrics: { type: 'sandbox' } }] })
        .clusters[0].metrics,
    ).toEqual({ type: 'sandbox', auth: { type: 'none' }, timeoutMs: 20_000 });
  });

  it('accepts the name of a source a module adds, not only the built-in ones', () => {
    expect(
      read({ clusters: [{ ...cluster, metrics: { type: 'cloudwatch' } }] })
        .clusters[0].metrics?.type,
    ).toBe('cloudwatch');
  });

  it.each([
    [
      { ...cluster, access: { strategy: 'magic' } },
      'aiml.clusters[0].access.strategy',
    ],
    [{ name: 'ml-prod' }, 'aiml.clusters[0].region'],
    [{ ...cluster, region: 'mars-1' }, 'aiml.clusters[0].region'],
    [
      { ...cluster, assumeRole: { roleArn: 'arn:aws:iam::1:user/x' } },
      'aiml.clusters[0].assumeRole.roleArn',
    ],
    [
      { ...cluster, access: { maxTtl: 'forever' } },
      'aiml.clusters[0].access.maxTtl',
    ],
    [
      { ...cluster, access: { maxTtl: '2h', selfServiceMaxTtl: '3h' } },
      'aiml.clusters[0].access.selfServiceMaxTtl',
    ],
    [{ ...cluster, accountId: '12' }, 'aiml.clusters[0].accountId'],
    [
      { ...cluster, metrics: { type: 'prometheus' } },
      'aiml.clusters[0].metrics.url',
    ],
    [
      {
        ...cluster,
        metrics: { type: 'prometheus', url: 'x', auth: { type: 'basic' } },
      },
      'aiml.clusters[0].metrics.url',
    ],
    [
      { ...cluster, metrics: { type: 'prom etheus; rm' } },
      'aiml.clusters[0].metrics.type',
    ],
    [
      { ...cluster, metrics: { type: 'sandbox', auth: { type: 'basic' } } },
      'aiml.clusters[0].metrics.auth.type',
    ],
    [
      { ...cluster, metrics: { type: 'sandbox', timeout: 'soon' } },
      'aiml.clusters[0].metrics.timeout',
    ],
    [
      { ...cluster, metrics: { type: 'sandbox', clusterLabel: 'k8s-cluster' } },
      'aiml.clusters[0].metrics.clusterLabel',
    ],
  ])('refuses %j naming %s', (c, key) => {
    expect(() => read({ clusters: [c] })).toThrow(
      `Invalid configuration at ${key}:`,
    );
  });

  it('refuses a cluster configured twice', () => {
    expect(() => read({ clusters: [cluster, cluster] })).toThrow(
      'Invalid configuration at aiml.clusters[1].name: cluster "ml-prod" is configured twice',
    );
  });

  describe('scheduling', () => {
    const kueue = (settings: object) =>
      read({ clusters: [{ ...cluster, scheduling: 'kueue', kueue: settings }] })
        .clusters[0].scheduling;

    it('is quota by default, and refuses kueue settings without kueue', () => {
      expect(read({ clusters: [cluster] }).clusters[0].scheduling).toEqual({
        mode: 'quota',
      });
      expect(() =>
        read({
          clusters: [{ ...cluster, kueue: { instanceTypes: ['g5.12xlarge'] } }],
        }),
      ).toThrow(
        'Invalid configuration at aiml.clusters[0].kueue: is only read with scheduling: kueue',
      );
    });

    it('reads kueue with its defaults', () => {
      expect(kueue({ instanceTypes: ['g5.12xlarge', 'g5.12xlarge'] })).toEqual({
        mode: 'kueue',
        kueue: {
          cohort: 'aiml-teams',
          queueingStrategy: 'BestEffortFIFO',
          borrowingLimitPercent: 100,
          lendingLimitPercent: undefined,
          fairSharingWeight: 1,
          instanceTypes: ['g5.12xlarge'],
          capacityTypes: ['spot', 'on-demand'],
        },
      });
      expect(
        kueue({
          cohort: 'ml',
          queueingStrategy: 'StrictFIFO',
          borrowingLimitPercent: 0,
          lendingLimitPercent: 50,
          fairSharingWeight: 2,
          instanceTypes: ['trn1.32xlarge'],
          capacityTypes: ['on-demand'],
        }),
      ).toEqual({
        mode: 'kueue',
        kueue: {
          cohort: 'ml',
          queueingStrategy: 'StrictFIFO',
          borrowingLimitPercent: 0,
          lendingLimitPercent: 50,
          fairSharingWeight: 2,
          instanceTypes: ['trn1.32xlarge'],
          capacityTypes: ['on-demand'],
        },
      });
    });

    it.each([
      [
        { scheduling: 'slurm' },
        'scheduling: must be "quota" or "kueue", got "slurm"',
      ],
      [
        { scheduling: 'kueue' },
        'kueue.instanceTypes: is required with scheduling kueue',
      ],
      [
        { scheduling: 'kueue', kueue: { instanceTypes: ['m5.large'] } },
        'kueue.instanceTypes[0]: "m5.large" is not an accelerator instance type of the catalog',
      ],
      [
        {
          scheduling: 'kueue',
          kueue: { instanceTypes: ['g5.xlarge'], capacityTypes: ['reserved'] },
        },
        'kueue.capacityTypes[0]: must be "spot" or "on-demand", got "reserved"',
      ],
      [
        {
          scheduling: 'kueue',
          kueue: { instanceTypes: ['g5.xlarge'], borrowingLimitPercent: -5 },
        },
        'kueue.borrowingLimitPercent: must be a percentage of 0 or more, got -5',
      ],
      [
        {
          scheduling: 'kueue',
          kueue: { instanceTypes: ['g5.xlarge'], queueingStrategy: 'LIFO' },
        },
        'kueue.queueingStrategy: must be "BestEffortFIFO" or "StrictFIFO", got "LIFO"',
      ],
      [
        {
          scheduling: 'kueue',
          kueue: { instanceTypes: ['g5.xlarge'], cohort: 'Teams!' },
        },
        'kueue.cohort: "Teams!" is not a Kubernetes name (DNS label)',
      ],
    ])('refuses %j naming the key', (settings, message) => {
      expect(() => read({ clusters: [{ ...cluster, ...settings }] })).toThrow(
        `Invalid configuration at aiml.clusters[0].${message}`,
      );
    });
  });
});
