import { mockCredentials } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  isScaffolderActingForUser,
  ScaffolderAwarePermissions,
  scaffolderEntityDeletePermission,
  scaffolderLocationCreatePermission,
  scaffolderLocationDeletePermission,
} from './scaffolderLocations';

/** User credentials as the catalog sees a request the scaffolder makes on behalf of a user. */
function onBehalfOf(userRef: string, actor: string) {
  const credentials = mockCredentials.user(userRef);
  return {
    ...credentials,
    principal: {
      ...credentials.principal,
      actor: { type: 'service' as const, subject: actor },
    },
  };
}

describe('ScaffolderAwarePermissions (the catalog’s permissions service)', () => {
  const inner = () => ({
    authorize: jest.fn(async (requests: any[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    ),
    authorizeConditional: jest.fn(async (requests: any[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    ),
  });

  it('asks location creation for a golden-path run as the scaffolder permission', async () => {
    const client = inner();
    const credentials = onBehalfOf('user:default/maya', 'plugin:scaffolder');
    await new ScaffolderAwarePermissions(client as any).authorize(
      [
        { permission: catalogLocationCreatePermission },
        { permission: catalogEntityReadPermission, resourceRef: 'x' } as any,
      ],
      { credentials },
    );
    expect(client.authorize).toHaveBeenCalledWith(
      [
        { permission: scaffolderLocationCreatePermission },
        { permission: catalogEntityReadPermission, resourceRef: 'x' },
      ],
      { credentials },
    );
  });

  it("asks a retired project's unregistration (location and entity deletes) as the scaffolder permissions", async () => {
    const client = inner();
    const credentials = onBehalfOf('user:default/lee', 'plugin:scaffolder');
    const permissions = new ScaffolderAwarePermissions(client as any);
    await permissions.authorize(
      [{ permission: catalogLocationDeletePermission }],
      { credentials },
    );
    await permissions.authorizeConditional(
      [{ permission: catalogEntityDeletePermission }],
      { credentials },
    );
    expect(client.authorize.mock.calls[0][0]).toEqual([
      { permission: scaffolderLocationDeletePermission },
    ]);
    expect(client.authorizeConditional.mock.calls[0][0]).toEqual([
      { permission: scaffolderEntityDeletePermission },
    ]);
    const direct = inner();
    await new ScaffolderAwarePermissions(direct as any).authorize(
      [{ permission: catalogLocationDeletePermission }],
      { credentials: mockCredentials.user('user:default/lee') },
    );
    expect(direct.authorize.mock.calls[0][0]).toEqual([
      { permission: catalogLocationDeletePermission },
    ]);
  });

  it.each([
    [
      'a user calling the catalog directly',
      mockCredentials.user('user:default/maya'),
    ],
    [
      'another plugin acting for a user',
      onBehalfOf('user:default/maya', 'plugin:mcp-actions'),
    ],
    ['a service', mockCredentials.service('plugin:scaffolder')],
  ])('leaves location creation as it is for %s', async (_what, credentials) => {
    const client = inner();
    const permissions = new ScaffolderAwarePermissions(client as any);
    await permissions.authorize(
      [{ permission: catalogLocationCreatePermission }],
      { credentials },
    );
    await permissions.authorizeConditional(
      [{ permission: catalogLocationCreatePermission } as any],
      { credentials },
    );
    expect(client.authorize.mock.calls[0][0]).toEqual([
      { permission: catalogLocationCreatePermission },
    ]);
    expect(client.authorizeConditional.mock.calls[0][0]).toEqual([
      { permission: catalogLocationCreatePermission },
    ]);
  });

  it('recognizes only the scaffolder acting for a user', () => {
    expect(
      isScaffolderActingForUser(
        onBehalfOf('user:default/maya', 'plugin:scaffolder'),
      ),
    ).toBe(true);
    expect(
      isScaffolderActingForUser(mockCredentials.service('plugin:scaffolder')),
    ).toBe(false);
    expect(isScaffolderActingForUser(undefined)).toBe(false);
  });
});
