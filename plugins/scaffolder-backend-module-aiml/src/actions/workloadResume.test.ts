import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createWorkloadResumeAction } from './workloadResume';

const STATUS = {
  project: 'component:default/llama',
  team: 'ml-research',
  cluster: 'ml-sandbox-use1',
  workloads: [
    {
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      namespace: 'ml-research-training',
      name: 'llama',
      suspended: true,
      waitingFor: ['image', 'pod-identity'],
    },
  ],
  missing: [] as Array<{ prerequisite: string; message: string }>,
};

/** The aiml backend's project routes on loopback, answering as told; records what it was asked. */
async function fakeBackend(answer: (method: string) => [number, unknown]) {
  const calls: Array<{ method?: string; url?: string; auth?: string }> = [];
  const server = http.createServer((req, res) => {
    calls.push({
      method: req.method,
      url: req.url,
      auth: req.headers.authorization,
    });
    const [status, body] = answer(req.method ?? 'GET');
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/aiml`;
  const discovery = mockServices.discovery.mock({
    getBaseUrl: async () => base,
  });
  return { calls, discovery, close: () => server.close() };
}

describe('aiml:workload:resume', () => {
  it("starts through the backend's resume route as the user, and outputs what started", async () => {
    const backend = await fakeBackend(() => [
      200,
      {
        ...STATUS,
        started: [
          {
            apiVersion: 'ray.io/v1',
            kind: 'RayJob',
            namespace: 'ml-research-training',
            name: 'llama',
          },
        ],
      },
    ]);
    const ctx = createMockActionContext({
      input: { project: 'llama' },
      secrets: { backstageToken: 'user-token' },
    });
    await createWorkloadResumeAction(backend).handler(ctx);
    backend.close();
    expect(backend.calls).toEqual([
      {
        method: 'POST',
        url: '/api/aiml/projects/default/llama/resume',
        auth: 'Bearer user-token',
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('started', [
      { kind: 'RayJob', namespace: 'ml-research-training', name: 'llama' },
    ]);
  });

  it("fails with the backend's message when something is still missing", async () => {
    const backend = await fakeBackend(() => [
      409,
      {
        error: {
          name: 'ConflictError',
          message:
            'component:default/llama cannot start yet; nothing was changed. Still missing:\n- image x is not in ECR yet',
        },
      },
    ]);
    const ctx = createMockActionContext({
      input: { project: 'component:default/llama' },
      secrets: { backstageToken: 'user-token' },
    });
    await expect(
      createWorkloadResumeAction(backend).handler(ctx),
    ).rejects.toThrow(/is not in ECR yet/);
    backend.close();
  });

  it('only asks in a dry run, and says what is missing', async () => {
    const backend = await fakeBackend(() => [
      200,
      {
        ...STATUS,
        missing: [
          { prerequisite: 'image', message: 'image x is not in ECR yet' },
        ],
      },
    ]);
    const ctx = createMockActionContext({
      input: { project: 'component:default/llama' },
      secrets: { backstageToken: 'user-token' },
    });
    // The mock context leaves isDryRun out.
    Object.assign(ctx, { isDryRun: true });
    await createWorkloadResumeAction(backend).handler(ctx);
    backend.close();
    expect(backend.calls.map(c => `${c.method} ${c.url}`)).toEqual([
      'GET /api/aiml/projects/default/llama/workloads',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('started', []);
    expect(ctx.output).toHaveBeenCalledWith('missing', [
      'image x is not in ECR yet',
    ]);
  });

  it('refuses a run without a user token and anything but a Component', async () => {
    const backend = await fakeBackend(() => [200, {}]);
    await expect(
      createWorkloadResumeAction(backend).handler(
        createMockActionContext({ input: { project: 'llama' } }),
      ),
    ).rejects.toThrow(/carries no user token/);
    await expect(
      createWorkloadResumeAction(backend).handler(
        createMockActionContext({
          input: { project: 'group:default/ml-research' },
          secrets: { backstageToken: 't' },
        }),
      ),
    ).rejects.toThrow(/must be a Component/);
    backend.close();
    expect(backend.calls).toEqual([]);
  });
});
