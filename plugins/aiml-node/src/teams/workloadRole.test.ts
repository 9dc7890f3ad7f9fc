import { ConfigReader } from '@backstage/config';
import { readWorkloadRoleName } from './workloadRole';

const read = (workloadRoleName?: string) =>
  readWorkloadRoleName(
    new ConfigReader(
      workloadRoleName === undefined
        ? {}
        : { aiml: { teams: { workloadRoleName } } },
    ),
  );

describe('readWorkloadRoleName', () => {
  it('names eks-aiml-<team> by default', () => {
    expect(read()('ml-research')).toBe('eks-aiml-ml-research');
  });

  it('follows a configured pattern, with a path', () => {
    expect(read('ml/workloads/{team}-pods')('recsys')).toBe(
      'ml/workloads/recsys-pods',
    );
  });

  it.each([
    ['shared-role', /exactly once/],
    ['{team}-{team}', /exactly once/],
    ['{team}/pods', /in the role name, after the last \//],
    ['eks aiml {team}', /letters, digits/],
    ['ml//{team}', /between single slashes/],
    ['/{team}', /between single slashes/],
  ])('refuses %s at start-up', (pattern, message) => {
    expect(() => read(pattern)).toThrow(message);
  });

  it('refuses a role name longer than IAM allows, naming the key to change', () => {
    const role = read('a-very-long-prefix-for-the-workload-roles-of-{team}');
    expect(() => role('a-team-with-a-rather-long-name')).toThrow(
      /longer than IAM's 64 characters: .*aiml\.teams\.workloadRoleName/,
    );
  });
});
