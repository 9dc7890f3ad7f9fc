import {
  createConditionAuthorizer,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import { aimlTeamRules } from '../rules';
import { AimlTeamResource } from '../teamResource';

const rules: PermissionRule<AimlTeamResource, never, 'aiml-team'>[] =
  Object.values(aimlTeamRules);

/** The aiml team rules applied as the plugin applies them (its registered ruleset). */
export const applyTeamConditions = createConditionAuthorizer({
  getRuleByName: name => {
    const rule = rules.find(r => r.name === name);
    if (!rule) throw new Error(`no aiml team rule ${name}`);
    return rule;
  },
});
