import { mockServices } from '@backstage/backend-test-utils';

const config = (data: object) => mockServices.rootConfig({ data });
import { readServiceAccess } from './serviceAccess';

describe('readServiceAccess', () => {
  it('reads each service and what it may read', () => {
    const access = readServiceAccess(
      config({
        aiml: {
          serviceAccess: [
            { subject: 'external:finops-export', read: 'fleet' },
            { subject: 'external:recsys-bot', read: { teams: ['recsys'] } },
          ],
        },
      }),
    );
    expect(access.get('external:finops-export')).toBe('fleet');
    expect(access.get('external:recsys-bot')).toEqual({ teams: ['recsys'] });
    expect(access.get('plugin:catalog')).toBeUndefined();
  });

  it('is empty by default: no service reads anything', () => {
    expect(readServiceAccess(config({})).size).toBe(0);
  });

  it('refuses a read that is neither fleet nor teams, naming the key', () => {
    expect(() =>
      readServiceAccess(
        config({
          aiml: { serviceAccess: [{ subject: 'x', read: 'everything' }] },
        }),
      ),
    ).toThrow("aiml.serviceAccess[0].read must be 'fleet' or { teams: [...] }");
  });
});
