import { aimlPlugin } from './plugin';
import { aimlApiRef } from './api';

describe('aiml plugin (legacy)', () => {
  it('registers the one api factory', () => {
    expect(aimlPlugin.getId()).toBe('aiml');
    const apis = [...aimlPlugin.getApis()];
    expect(apis.map(a => a.api.id)).toEqual([aimlApiRef.id]);
  });
});
