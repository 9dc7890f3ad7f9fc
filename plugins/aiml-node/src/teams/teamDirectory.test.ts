import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AimlClusterRegistry } from '../clusters/clusterRegistry';
import { TeamDirectory } from './teamDirectory';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'recsys',
      annotations: {
        'aiml.eks.aws/team-leads': 'priya, omar',
        'aiml.eks.aws/quota-gpu': '16',
        'aiml.eks.aws/cost-center': 'cc-1003',
        'aiml.eks.aws/fair-sharing-weight': '2.5',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'ml-research' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'omar' },
    spec: { memberOf: ['recsys'] },
    relations: [
      { type: 'memberOf', targetRef: 'group:default/recsys' },
      { type: 'memberOf', targetRef: 'group:default/ml-research' },
    ],
  },
];

function directory(
  catalog = catalogServiceMock({ entities }),
  cache: { groupCacheMs?: number; now?: () => number } = {},
) {
  return new TeamDirectory({
    ...cache,
    catalog,
    auth: mockServices.auth(),
    config: new ConfigReader({
      aiml: {
        teams: {
          defaults: {
            quota: { gpu: 8, neuronCores: 32 },
            monthlyBudget: 20000,
          },
        },
      },
    }),
    registry: {} as AimlClusterRegistry,
  });
}

describe('TeamDirectory', () => {
  it("reads a user's teams from the catalog's memberOf relations", async () => {
    expect(await directory().teamsOf('user:default/omar')).toEqual([
      'ml-research',
      'recsys',
    ]);
  });

  it('gives an unknown user no team, and a non-user ref none either', async () => {
    expect(await directory().teamsOf('user:default/nobody')).toEqual([]);
    expect(await directory().teamsOf('group:default/recsys')).toEqual([]);
  });

  it('raises ServiceUnavailableError when the catalog does not answer, never "no teams"', async () => {
    const broken = catalogServiceMock.mock({
      getEntityByRef: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    await expect(
      directory(broken).teamsOf('user:default/omar'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
  });

  it("applies the Group's annotations over the config defaults", async () => {
    expect(await directory().getTeam('recsys')).toEqual({
      name: 'recsys',
      title: 'recsys',
      costCenter: 'cc-1003',
      leads: ['priya', 'omar'],
      quota: { gpu: 16, neuronCores: 32 },
      monthlyBudget: 20000,
      fairSharingWeight: 2.5,
    });
    expect(
      (await directory().getTeam('ml-research')).fairSharingWeight,
    ).toBeUndefined();
  });

  it('names leads from the annotation only', async () => {
    const d = directory();
    expect(await d.isLead('user:default/priya', 'recsys')).toBe(true);
    expect(await d.isLead('user:default/maya', 'recsys')).toBe(false);
    expect(await d.isLead('user:default/maya', 'ml-research')).toBe(false);
  });

  it('refuses unknown teams with NotFoundError', async () => {
    await expect(directory().getTeam('nope')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(directory().getTeam('Bad Name')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('loads many teams in one catalog request, leaving out names that are not Groups', async () => {
    const catalog = catalogServiceMock({ entities });
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const teams = await directory(catalog).getTeams([
      'recsys',
      'ml-research',
      'nope',
      'Bad Name',
      'recsys',
    ]);
    expect(byRefs).toHaveBeenCalledTimes(1);
    expect([...teams.keys()].sort()).toEqual(['ml-research', 'recsys']);
    expect(teams.get('recsys')).toEqual(
      await directory(catalog).getTeam('recsys'),
    );
  });

  it('raises ServiceUnavailableError when the catalog does not answer a batch', async () => {
    const broken = catalogServiceMock.mock({
      getEntitiesByRefs: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    await expect(directory(broken).getTeams(['recsys'])).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
  });

  describe('with groupCacheMs', () => {
    const clock = { ms: 0 };
    const cached = (catalog: ReturnType<typeof catalogServiceMock>) =>
      directory(catalog, { groupCacheMs: 15_000, now: () => clock.ms });

    it('reads a Group once within the window, for single and batched reads, and again after it', async () => {
      const catalog = catalogServiceMock({ entities });
      const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
      const teams = cached(catalog);
      clock.ms = 0;
      const [a, b] = await Promise.all([
        teams.getTeam('recsys'),
        teams.getTeam('recsys'),
      ]);
      expect(a).toEqual(b);
      expect(byRefs).toHaveBeenCalledTimes(1);
      clock.ms = 14_999;
      // ml-research is new: only it is read.
      const both = await teams.getTeams(['recsys', 'ml-research']);
      expect([...both.keys()]).toEqual(['recsys', 'ml-research']);
      expect(byRefs).toHaveBeenCalledTimes(2);
      expect(byRefs.mock.calls[1][0].entityRefs).toEqual([
        'group:default/ml-research',
      ]);
      clock.ms = 15_000;
      await teams.getTeam('recsys');
      expect(byRefs).toHaveBeenCalledTimes(3);
    });

    it('never reuses a Group that was not there, nor a failed read', async () => {
      const catalog = catalogServiceMock({ entities });
      let down = true;
      const real = catalog.getEntitiesByRefs.bind(catalog);
      const byRefs = jest
        .spyOn(catalog, 'getEntitiesByRefs')
        .mockImplementation(async (...args) => {
          if (down) throw new Error('connect ECONNREFUSED');
          return real(...args);
        });
      const teams = cached(catalog);
      clock.ms = 0;
      await expect(teams.getTeam('recsys')).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
      });
      down = false;
      await expect(teams.getTeam('recsys')).resolves.toMatchObject({
        name: 'recsys',
      });
      await expect(teams.getTeam('nope')).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      await expect(teams.getTeam('nope')).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      // The outage, recsys once, nope twice.
      expect(byRefs).toHaveBeenCalledTimes(4);
    });
  });
});
