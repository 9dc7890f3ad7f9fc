import { setTimeout as sleep } from 'node:timers/promises';
import {
  getJson,
  PortalBackend,
  startPortalBackend,
  TEST_TOKEN,
} from '../support/portalBackend';

jest.setTimeout(180_000);

const AIML_ACTIONS = [
  'aiml:cluster:describe',
  'aiml:namespace:provision',
  'aiml:project:retire',
  'aiml:workload:apply',
  'aiml:workload:render',
  'aiml:workload:resume',
];
/**
 * The aiml backend's actions in Backstage's actions registry (its MCP tools): the
 * scaffolder lists them too, as `backend.actions.pluginSources` names aiml.
 */
const AIML_REGISTRY_ACTIONS = [
  'aiml:get-team-usage',
  'aiml:list-clusters',
  'aiml:list-grants',
  'aiml:request-access',
];

/** A template using the aiml actions end to end, as a golden path would. */
const template = (team: string) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'aiml-dry-run', title: 'aiml actions' },
  spec: {
    owner: 'group:default/ml-research',
    type: 'service',
    parameters: [
      {
        properties: {
          name: { type: 'string' },
          cluster: { type: 'string' },
        },
      },
    ],
    steps: [
      {
        id: 'cluster',
        name: 'Describe the cluster',
        action: 'aiml:cluster:describe',
        input: { cluster: '${{ parameters.cluster }}', team },
      },
      {
        id: 'namespace',
        name: 'Provision the namespace',
        action: 'aiml:namespace:provision',
        input: {
          cluster: '${{ parameters.cluster }}',
          team,
          workloadType: 'inference',
          component: '${{ parameters.name }}',
        },
      },
      {
        id: 'render',
        name: 'Render the manifests',
        action: 'aiml:workload:render',
        input: {
          cluster: '${{ parameters.cluster }}',
          team,
          owner: `group:default/${team}`,
          component: '${{ parameters.name }}',
          workload: 'vllm',
          instanceType: 'g5.12xlarge',
          acceleratorCount: 4,
          // One server of 4 GPUs and its rollout surge fill the team's quota of 8.
          maxReplicas: 1,
          model: 'meta-llama/Llama-3.1-8B-Instruct',
          huggingFaceTokenSecret: 'hf-token',
        },
      },
      {
        id: 'apply',
        name: 'Apply the manifests',
        action: 'aiml:workload:apply',
        input: {
          cluster: '${{ parameters.cluster }}',
          team,
          namespace: '${{ steps.namespace.output.namespace }}',
          component: '${{ parameters.name }}',
          paths: '${{ steps.render.output.files }}',
        },
      },
    ],
    output: {
      namespace: '${{ steps.namespace.output.namespace }}',
      kubernetesVersion: '${{ steps.cluster.output.kubernetesVersion }}',
      files: '${{ steps.render.output.files }}',
      applied: '${{ steps.apply.output.objects }}',
    },
  },
});

describe('the aiml actions in the real scaffolder backend', () => {
  let backend: PortalBackend;
  let userToken: string;

  beforeAll(async () => {
    backend = await startPortalBackend({ port: 7131 });
    // The catalog reads its locations asynchronously: wait for the guest's User.
    for (let i = 0; i < 120; i++) {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-name/user/default/maya`,
        { headers: { Authorization: `Bearer ${TEST_TOKEN}` } },
      );
      if (res.status === 200) break;
      await sleep(500);
    }
    const guest = await fetch(
      `${backend.baseUrl}/api/auth/guest/refresh?env=development`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    ).then(r => r.json());
    userToken = guest.backstageIdentity.token;
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const dryRun = (team: string) =>
    fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${userToken}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        template: template(team),
        values: { name: 'chat-demo', cluster: 'ml-sandbox-use1' },
        directoryContents: [],
      }),
    });

  it('lists the aiml actions with a description of every input and output', async () => {
    const actions: any[] = await getJson(backend, '/api/scaffolder/v2/actions');
    expect(
      actions
        .filter(a => a.id.startsWith('aiml:'))
        .map(a => a.id)
        .sort(),
    ).toEqual([...AIML_ACTIONS, ...AIML_REGISTRY_ACTIONS].sort());
    const aiml = actions.filter(a => AIML_ACTIONS.includes(a.id));
    expect(aiml.map(a => a.id)).toEqual(AIML_ACTIONS);
    for (const action of aiml) {
      expect(action.description).toEqual(expect.any(String));
      expect(action.examples.length).toBeGreaterThan(0);
      for (const side of ['input', 'output']) {
        const properties = action.schema[side].properties;
        expect(Object.keys(properties).length).toBeGreaterThan(0);
        for (const [name, property] of Object.entries<any>(properties)) {
          expect({
            action: action.id,
            side,
            name,
            described: !!property.description,
          }).toEqual({
            action: action.id,
            side,
            name,
            described: true,
          });
        }
      }
    }
    const provision = aiml.find(a => a.id === 'aiml:namespace:provision');
    expect(provision.schema.input.required).toEqual(
      expect.arrayContaining(['cluster', 'team', 'workloadType', 'component']),
    );
    const render = aiml.find(a => a.id === 'aiml:workload:render');
    expect(render.schema.input.required).toEqual(
      expect.arrayContaining(['cluster', 'team', 'owner', 'component']),
    );
    const apply = aiml.find(a => a.id === 'aiml:workload:apply');
    expect(apply.schema.input.required).toEqual(
      expect.arrayContaining(['cluster', 'team', 'namespace', 'component']),
    );
  });

  it('dry-runs a template that describes, provisions, renders and applies', async () => {
    const res = await dryRun('ml-research');
    const body = await res.json();
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : body,
    }).toEqual({
      status: 200,
      body: 'ok',
    });
    expect(body.output).toMatchObject({
      namespace: 'ml-research-inference',
      kubernetesVersion: '1.31',
      files: [
        'manifests/serviceaccount-chat-demo-workload.yaml',
        'manifests/bucket-chat-demo.yaml',
        'manifests/repository-chat-demo.yaml',
        'manifests/podidentityassociation-chat-demo.yaml',
        'manifests/deployment-chat-demo.yaml',
        'manifests/service-chat-demo.yaml',
        'manifests/podmonitor-chat-demo.yaml',
        'manifests/scaledobject-chat-demo.yaml',
      ],
    });
    expect(body.output.applied.map((o: any) => o.kind)).toEqual([
      'ServiceAccount',
      'Bucket',
      'Repository',
      'PodIdentityAssociation',
      'Service',
      'Deployment',
      'PodMonitor',
      'ScaledObject',
    ]);
    expect(
      body.output.applied.every((o: any) => o.result === 'would-create'),
    ).toBe(true);
    expect(body.directoryContents.map((f: any) => f.path).sort()).toEqual(
      [...body.output.files].sort(),
    );
    const log = JSON.stringify(body.log);
    expect(log).not.toMatch(/k8s-aws-v1|BEGIN CERTIFICATE/);
  });

  it('refuses a dry run for a team the user is not in', async () => {
    const res = await dryRun('recsys');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(await res.json())).toContain(
      'user:default/maya is not a member of team \\"recsys\\"',
    );
  });
});
