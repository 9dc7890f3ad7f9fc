import { createConditionExports } from '@backstage/plugin-permission-node';
import { aimlTeamRules } from './rules';
import { aimlTeamResourceRef } from './teamResource';

const exported = createConditionExports({
  resourceRef: aimlTeamResourceRef,
  rules: aimlTeamRules,
});

/**
 * Conditions for permission policies: `aimlTeamConditions.isTeamMember({ claims })`
 * (claims: the user's Group refs, read from the catalog by the policy).
 *
 * @public
 */
export const aimlTeamConditions = exported.conditions;

/**
 * Wraps aiml team conditions into a conditional decision for a policy.
 *
 * @public
 */
export const createAimlTeamConditionalDecision =
  exported.createConditionalDecision;
