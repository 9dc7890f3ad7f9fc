import { checkTeamOwner } from './checkTeamOwner';

describe('checkTeamOwner', () => {
  it('accepts exactly group:default/<team>', () => {
    expect(() =>
      checkTeamOwner('group:default/ml-research', 'ml-research'),
    ).not.toThrow();
  });

  it('never echoes a team input that is not a team name', () => {
    expect(() =>
      checkTeamOwner('group:default\n---\nx#/a', 'x\n---\nkind: Location'),
    ).toThrow(/exactly group:default\/<team>$/);
    expect(() =>
      checkTeamOwner('group:default/a', 'a\nkind: Location'),
    ).toThrow(/acts for team "a\\nkind: Location"; use group:default\/<team>$/);
  });

  it.each<[string, RegExp]>([
    [
      'group:default\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\n#/ml-research',
      /owner "group:default\\n---\\napiVersion: .*" contains a line break, a space or a control character; an owner is one entity ref of a team, exactly group:default\/ml-research/,
    ],
    ['group:default/ml-research\n', /contains a line break/],
    ['group:default/ml-research ', /contains a line break/],
    ['group:default/ml\u0000research', /control character/],
    [
      'user:default/maya',
      /owner "user:default\/maya" is a user, not a Group: a project is owned by its team; use group:default\/ml-research/,
    ],
    [
      'group:other/ml-research',
      /is in catalog namespace "other"; teams are Groups of namespace "default": use group:default\/ml-research/,
    ],
    ['group:default#x/ml-research', /is in catalog namespace "default#x"/],
    [
      'group:default/recsys',
      /owner "group:default\/recsys" is team "recsys", but this step acts for team "ml-research"/,
    ],
    [
      'ml-research',
      /owner "ml-research" is not an entity ref \(.*\); use group:default\/ml-research/,
    ],
    [
      'Group:default/ml-research',
      /must be written exactly group:default\/ml-research/,
    ],
    ['default/ml-research', /not an entity ref/],
    ['', /not an entity ref/],
  ])('refuses %j, saying what to fix', (owner, message) => {
    expect(() => checkTeamOwner(owner, 'ml-research')).toThrow(message);
    expect(() => checkTeamOwner(owner, 'ml-research')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});
