import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { CallerAccess } from '../permissions/callerAccess';
import { AccessBroker } from '../services/access/accessBroker';
import { encodeGrantCursor } from '../services/access/grantListQuery';
import { createAccessRouter } from './accessRouter';

function app() {
  const broker = {
    list: jest.fn().mockResolvedValue({ items: [], nextCursor: 'next' }),
  };
  const server = express();
  const httpAuth = mockServices.httpAuth();
  server.use(
    createAccessRouter({
      broker: broker as unknown as AccessBroker,
      httpAuth,
      access: new CallerAccess({
        httpAuth,
        authorizer: {} as any,
        serviceAccess: new Map(),
      }),
      limits: { requestsPerMinute: 10 },
    }),
  );
  // Backstage's error middleware answers InputError with 400; this stands in for it.
  server.use(
    (error: Error, _req: any, res: express.Response, _next: unknown) => {
      res
        .status(error.name === 'InputError' ? 400 : 500)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  return { server, broker };
}

const maya = mockCredentials.user.header('user:default/maya');

describe('GET /access/grants', () => {
  it('passes the page the caller asks for to the broker, and its next cursor back', async () => {
    const { server, broker } = app();
    const cursor = encodeGrantCursor({ createdAtMs: 1000, id: 'a1b2c3d4e5f6' });
    const res = await request(server)
      .get('/access/grants')
      .query({ limit: 2, cursor, state: 'active,pending' })
      .set('Authorization', maya);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: 'next' });
    expect(broker.list).toHaveBeenCalledWith(
      expect.objectContaining({
        principal: expect.objectContaining({
          userEntityRef: 'user:default/maya',
        }),
      }),
      {
        limit: 2,
        after: { createdAtMs: 1000, id: 'a1b2c3d4e5f6' },
        states: ['active', 'pending'],
      },
    );
  });

  it.each([
    ['limit=0', /"limit" must be a whole number from 1 to 500/],
    ['limit=1000', /"limit" must be a whole number from 1 to 500/],
    ['limit=1&limit=2', /"limit" must be given once/],
    ['cursor=2026-01-01T00:00:00Z', /"cursor" is not one this API gave/],
    ['state=expired', /"state" must be a comma-separated list/],
    ['user=someone', /Unknown query parameter/],
  ])('answers ?%s with 400 saying what to fix', async (query, message) => {
    const { server, broker } = app();
    const res = await request(server)
      .get(`/access/grants?${query}`)
      .set('Authorization', maya);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
    expect(broker.list).not.toHaveBeenCalled();
  });
});
