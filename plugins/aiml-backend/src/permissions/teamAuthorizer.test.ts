import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { aimlUsageReadPermission } from '@eks-aiml/plugin-aiml-common';
import { TeamInfo } from '@eks-aiml/plugin-aiml-node';
import {
  aimlTeamConditions,
  createAimlTeamConditionalDecision,
} from './conditionExports';
import { applyTeamConditions } from './__testUtils__/applyTeamConditions';
import { TeamAuthorizer } from './teamAuthorizer';
import { teamResourceLoader } from './teamResourceLoader';

const team = (name: string, leads: string[] = []): TeamInfo => ({
  name,
  title: name,
  leads,
  quota: { gpu: 8, neuronCores: 32 },
});

/** A catalog of two Groups (lee leads ml-research); `down` makes it fail. */
function catalogTeams(state = { down: false, requests: 0 }) {
  const groups = new Map([
    ['ml-research', team('ml-research', ['lee'])],
    ['recsys', team('recsys')],
  ]);
  return {
    state,
    teams: {
      async getTeams(names: string[]) {
        state.requests++;
        if (state.down) throw new Error('catalog down');
        return new Map(
          names.filter(n => groups.has(n)).map(n => [n, groups.get(n)!]),
        );
      },
    },
  };
}

/** A policy answering every decision with `decision`, counting the requests. */
function authorizerWith(
  decision: PolicyDecision,
  state?: { down: boolean; requests: number },
) {
  const asked: unknown[] = [];
  const catalog = catalogTeams(state);
  const authorizer = new TeamAuthorizer({
    permissions: {
      authorize: async () => {
        throw new Error('per-resource authorize must not be called');
      },
      authorizeConditional: async (requests: unknown[]) => {
        asked.push(requests);
        return requests.map(() => decision);
      },
    } as any,
    loadTeams: teamResourceLoader(catalog.teams),
    applyConditions: applyTeamConditions,
  });
  return { authorizer, asked, catalog: catalog.state };
}

const maya = mockCredentials.user('user:default/maya');
const memberOfMlResearch = createAimlTeamConditionalDecision(
  aimlUsageReadPermission,
  {
    anyOf: [
      aimlTeamConditions.isTeamMember({
        claims: ['group:default/ml-research'],
      }),
      aimlTeamConditions.isTeamLead({ userEntityRef: 'user:default/maya' }),
    ],
  },
);

describe('TeamAuthorizer', () => {
  it('evaluates a conditional decision on the teams here, with one decision and one team lookup for all', async () => {
    const { authorizer, asked, catalog } = authorizerWith(memberOfMlResearch);
    await expect(
      authorizer.allowedTeams(
        aimlUsageReadPermission,
        ['recsys', 'ml-research', 'no-such-team'],
        maya,
      ),
    ).resolves.toEqual(['ml-research']);
    expect(asked).toHaveLength(1);
    expect(catalog.requests).toBe(1);
  });

  it("holds a lead's condition on the team they lead only", async () => {
    const lead = createAimlTeamConditionalDecision(aimlUsageReadPermission, {
      anyOf: [
        aimlTeamConditions.isTeamLead({ userEntityRef: 'user:default/lee' }),
      ],
    });
    const { authorizer } = authorizerWith(lead);
    const lee = mockCredentials.user('user:default/lee');
    await expect(
      authorizer.isAllowed(aimlUsageReadPermission, 'ml-research', lee),
    ).resolves.toBe(true);
    await expect(
      authorizer.isAllowed(aimlUsageReadPermission, 'recsys', lee),
    ).resolves.toBe(false);
  });

  it('denies a conditional decision when the catalog does not answer', async () => {
    const { authorizer } = authorizerWith(memberOfMlResearch, {
      down: true,
      requests: 0,
    });
    await expect(
      authorizer.isAllowed(aimlUsageReadPermission, 'ml-research', maya),
    ).resolves.toBe(false);
    await expect(
      authorizer.require(
        aimlUsageReadPermission,
        'ml-research',
        maya,
        'Reading usage',
      ),
    ).rejects.toThrow(NotAllowedError);
  });

  it('reads no team for an unconditional answer', async () => {
    const allow = authorizerWith({ result: AuthorizeResult.ALLOW });
    await expect(
      allow.authorizer.allowedTeamsAmong(
        aimlUsageReadPermission,
        maya,
        async () => {
          throw new Error('candidates must not be read');
        },
      ),
    ).resolves.toBe('all');
    await expect(
      allow.authorizer.allowedTeams(aimlUsageReadPermission, ['recsys'], maya),
    ).resolves.toEqual(['recsys']);
    const deny = authorizerWith({ result: AuthorizeResult.DENY });
    await expect(
      deny.authorizer.require(
        aimlUsageReadPermission,
        'recsys',
        maya,
        'Reading usage',
      ),
    ).rejects.toThrow(
      'Reading usage: permission aiml.usage.read is not granted for team "recsys"',
    );
    expect(allow.catalog.requests + deny.catalog.requests).toBe(0);
  });

  it('asks the candidates only for a conditional answer', async () => {
    const { authorizer } = authorizerWith(memberOfMlResearch);
    await expect(
      authorizer.allowedTeamsAmong(aimlUsageReadPermission, maya, async () => [
        'ml-research',
        'recsys',
      ]),
    ).resolves.toEqual(['ml-research']);
  });

  it("holds a conditional decision meant for another resource type for no team (a policy's mistake)", async () => {
    const { authorizer, catalog } = authorizerWith({
      ...memberOfMlResearch,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
    } as PolicyDecision);
    await expect(
      authorizer.allowedTeams(aimlUsageReadPermission, ['ml-research'], maya),
    ).resolves.toEqual([]);
    expect(catalog.requests).toBe(0);
  });
});
