import plugin from './alpha';

describe('aiml plugin (new frontend system)', () => {
  it('provides the api, page, entity contents, cards and form fields', () => {
    for (const id of [
      'api:aiml',
      'page:aiml',
      'entity-content:aiml/team-usage',
      'entity-content:aiml/project-usage',
      'entity-card:aiml/team-usage',
      'entity-card:aiml/project-usage',
      'entity-card:aiml/cluster-access',
      'scaffolder-form-field:aiml/cluster-picker',
      'scaffolder-form-field:aiml/accelerator-picker',
      'scaffolder-form-field:aiml/model-picker',
    ]) {
      expect(plugin.getExtension(id as any)).toBeDefined();
    }
  });
});
