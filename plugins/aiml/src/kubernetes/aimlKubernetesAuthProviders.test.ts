import { AimlKubernetesAuthProviders } from './aimlKubernetesAuthProviders';

describe('AimlKubernetesAuthProviders', () => {
  const builtIn = {
    decorateRequestBodyForAuth: jest.fn(async (_p: string, body: any) => ({
      ...body,
      auth: { google: 'token' },
    })),
    getCredentials: jest.fn(async () => ({ token: 'google-token' })),
  };
  const providers = new AimlKubernetesAuthProviders(builtIn);

  it("sends no credentials for the product's clusters", async () => {
    const body = { entity: { kind: 'Component' } } as any;
    expect(await providers.decorateRequestBodyForAuth('aimlEks', body)).toEqual(
      body,
    );
    expect(await providers.getCredentials('aimlEks')).toEqual({});
    expect(builtIn.decorateRequestBodyForAuth).not.toHaveBeenCalled();
  });

  it("leaves other clusters to Backstage's providers", async () => {
    const body = { entity: { kind: 'Component' } } as any;
    expect(
      await providers.decorateRequestBodyForAuth('google', body),
    ).toMatchObject({ auth: { google: 'token' } });
    expect(await providers.getCredentials('google')).toEqual({
      token: 'google-token',
    });
  });
});
