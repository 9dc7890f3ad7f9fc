import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { VARIANTS } from '../support/goldenPaths';
import {
  PortalCall,
  runTask,
  signedInCaller,
  until,
  waitForTemplates,
} from '../support/portalCalls';
import { SandboxPortal, startSandboxPortal } from '../support/sandboxPortal';

jest.setTimeout(300_000);

const CLUSTER = 'ml-sandbox-use1';
const NAMESPACE = 'ml-research-inference';
const PROJECT = 'retire-chat';
const BUCKET = `${PROJECT}-111122223333`;
/** The kinds the golden path made for the project, as the cluster lists them. */
const KINDS: Array<[string, string]> = [
  ['v1', 'ServiceAccount'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['monitoring.coreos.com/v1', 'PodMonitor'],
  ['keda.sh/v1alpha1', 'ScaledObject'],
  ['s3.services.k8s.aws/v1alpha1', 'Bucket'],
  ['ecr.services.k8s.aws/v1alpha1', 'Repository'],
  ['eks.services.k8s.aws/v1alpha1', 'PodIdentityAssociation'],
];

/**
 * Retiring a project through the portal's real backend and scaffolder, attached
 * to a sandbox: the project made by the llm-inference golden path (a real
 * task), a dry run by its team's lead listing its objects, a refusal of a
 * member who is not a lead, then the retirement: its objects gone from the
 * cluster, its S3 bucket kept (ACK's deletion policy retain, as the sandbox's S3
 * shows), its entity gone from the catalog.
 */
describe('retiring a project through the real scaffolder', () => {
  let portal: SandboxPortal;
  let call: PortalCall;
  const repositories = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-repos-'));

  beforeAll(async () => {
    portal = await startSandboxPortal({
      port: 7241,
      env: { APP_CONFIG_aiml_sandbox_localRepositories: repositories },
    });
    call = await signedInCaller(portal.backend, [
      ['maya', 'ml-research'],
      ['lee', 'ml-research'],
      ['omar', 'recsys'],
      ['fatima', 'finops'],
    ]);
    await waitForTemplates(call, 'maya', ['llm-inference', 'retire-project']);
  });

  afterAll(() => portal?.stop());

  /** Runs a template as a user's real task: how it ended, its log lines, its errors. */
  async function task(
    user: string,
    template: string,
    values: Record<string, unknown>,
  ) {
    const { status, events } = await runTask(call, user, template, values);
    const lines = events.map(e =>
      stripVTControlCharacters(String(e.body.message ?? '')).replace(
        /^info: /,
        '',
      ),
    );
    const failed = events
      .filter(e => e.body.stepId && e.body.status === 'failed')
      .map(e => e.body.message?.split('\n')[0]);
    return { status, lines, failed };
  }

  /** The project's objects on the cluster, by kind and name (as the cluster admin). */
  async function projectObjects(): Promise<string[]> {
    const api = KubernetesObjectApi.makeApiClient(portal.kubeConfig(CLUSTER));
    const found: string[] = [];
    for (const [apiVersion, kind] of KINDS) {
      const list = await api.list(
        apiVersion,
        kind,
        NAMESPACE,
        undefined,
        undefined,
        undefined,
        undefined,
        `backstage.io/kubernetes-id=${PROJECT}`,
      );
      found.push(...list.items.map(o => `${kind}/${o.metadata?.name}`));
    }
    return found.sort();
  }

  async function bucket() {
    const { awsEndpoint, adminToken } = portal.sandbox.connection();
    const res = await fetch(`${awsEndpoint}/sandbox/s3/buckets`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    const { buckets } = await res.json();
    return buckets.find((b: { name: string }) => b.name === BUCKET);
  }

  const entity = () =>
    call(
      'maya',
      'GET',
      `/api/catalog/entities/by-name/component/default/${PROJECT}`,
    );

  const retire = (user: string, values: Record<string, unknown>) =>
    task(user, 'retire-project', {
      project: `component:default/${PROJECT}`,
      ...values,
    });

  const ALL = [
    `Bucket/${PROJECT}`,
    `Deployment/${PROJECT}`,
    `PodIdentityAssociation/${PROJECT}`,
    `PodMonitor/${PROJECT}`,
    `Repository/${PROJECT}`,
    `ScaledObject/${PROJECT}`,
    `Service/${PROJECT}`,
    `ServiceAccount/${PROJECT}-workload`,
  ];

  it('a golden path makes the project: its objects, its bucket, its entity', async () => {
    const chat = VARIANTS.find(v => v.template === 'llm-inference')!;
    const run = await task('maya', 'llm-inference', {
      ...chat.values,
      name: PROJECT,
    });
    expect({ status: run.status, failed: run.failed }).toEqual({
      status: 'completed',
      failed: [],
    });
    expect(await projectObjects()).toEqual(ALL);
    expect(await bucket()).toMatchObject({ origin: 'ack' });
    await until(
      `component ${PROJECT}`,
      async () => (await entity()).status === 200,
    );
  });

  it("the team's lead dry-runs the retirement: every object listed with what would happen, nothing changed", async () => {
    const run = await retire('lee', { dryRun: true, bucket: 'retain' });
    expect({ status: run.status, failed: run.failed }).toEqual({
      status: 'completed',
      failed: [],
    });
    const logged = (kind: string, name = PROJECT) =>
      run.lines.find(l => l.startsWith(`${kind} ${NAMESPACE}/${name} (`));
    expect(logged('ScaledObject')).toMatch(/: would be deleted$/);
    expect(logged('Deployment')).toMatch(
      /: would be scaled to 0, then deleted$/,
    );
    expect(logged('Bucket')).toMatch(
      new RegExp(
        `: would be deletion-policy retain: AWS keeps the S3 bucket ${BUCKET}, then deleted$`,
      ),
    );
    expect(logged('Repository')).toMatch(
      /would be deletion-policy delete, force-delete/,
    );
    expect(logged('PodIdentityAssociation')).toMatch(
      /would be deletion-policy delete/,
    );
    expect(logged('ServiceAccount', `${PROJECT}-workload`)).toMatch(
      /would be deleted$/,
    );
    expect(run.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Catalog: would remove location file:.*/${PROJECT}/catalog-info.yaml and with it component:default/${PROJECT}$`,
        ),
      ),
    );
    expect(await projectObjects()).toEqual(ALL);
    expect((await entity()).status).toBe(200);
  });

  it('refuses a member of the team who does not lead it; nothing is deleted', async () => {
    const run = await retire('maya', { dryRun: false, bucket: 'delete' });
    expect({ status: run.status, failed: run.failed }).toEqual({
      status: 'failed',
      failed: [
        'NotAllowedError: user:default/maya may not retire projects of team "ml-research": only its leads (the Group\'s aiml.eks.aws/team-leads annotation) and platform admins may (permission aiml.project.retire)',
      ],
    });
    expect(await projectObjects()).toEqual(ALL);
    expect(await bucket()).toMatchObject({ origin: 'ack' });
    expect((await entity()).status).toBe(200);
  });

  it("refuses another team's member and FinOps, and nothing is deleted", async () => {
    for (const [user, who] of [
      ['omar', 'user:default/omar'],
      ['fatima', 'user:default/fatima'],
    ]) {
      const run = await retire(user, { dryRun: false, bucket: 'delete' });
      expect({ status: run.status, failed: run.failed }).toEqual({
        status: 'failed',
        failed: [
          `NotAllowedError: ${who} may not retire projects of team "ml-research": only its leads (the Group's aiml.eks.aws/team-leads annotation) and platform admins may (permission aiml.project.retire)`,
        ],
      });
    }
    expect(await projectObjects()).toEqual(ALL);
    expect((await entity()).status).toBe(200);
  });

  it("deletes nothing through the scaffolder's dry-run route, whatever the step's input says, even for the lead", async () => {
    const dryRun = await call('lee', 'POST', '/api/scaffolder/v2/dry-run', {
      template: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'sneaky-retire' },
        spec: {
          type: 'service',
          parameters: [],
          steps: [
            {
              id: 'retire',
              name: 'Retire',
              action: 'aiml:project:retire',
              input: {
                project: `component:default/${PROJECT}`,
                dryRun: false,
                bucket: 'delete',
              },
            },
          ],
        },
      },
      values: {},
      directoryContents: [],
    });
    expect(dryRun.status).toBe(200);
    const log = JSON.stringify(dryRun.json.log);
    expect(log).toContain('would be deleted');
    expect(log).not.toMatch(/\): deleted/);
    expect(await projectObjects()).toEqual(ALL);
    expect(await bucket()).toMatchObject({ origin: 'ack' });
    expect((await entity()).status).toBe(200);
  });

  it("refuses a user's own DELETE of the project's catalog location, the lead's included", async () => {
    const location = await call(
      'lee',
      'GET',
      `/api/catalog/locations/by-entity/component/default/${PROJECT}`,
    );
    expect(location.status).toBe(200);
    for (const user of ['lee', 'maya', 'omar']) {
      const del = await call(
        user,
        'DELETE',
        `/api/catalog/locations/${location.json.id}`,
      );
      expect(del.status).toBe(403);
    }
    expect((await entity()).status).toBe(200);
  });

  it('the lead retires it: its objects gone, its bucket kept in S3, its entity gone from the catalog', async () => {
    const run = await retire('lee', { dryRun: false, bucket: 'retain' });
    expect({ status: run.status, failed: run.failed }).toEqual({
      status: 'completed',
      failed: [],
    });
    expect(run.lines).toEqual(
      expect.arrayContaining([
        `ScaledObject ${NAMESPACE}/${PROJECT} (keda.sh/v1alpha1): deleted`,
        `Deployment ${NAMESPACE}/${PROJECT} (apps/v1): scaled to 0; deleted`,
        `Bucket ${NAMESPACE}/${PROJECT} (s3.services.k8s.aws/v1alpha1): deletion-policy retain: AWS keeps the S3 bucket ${BUCKET}; deleted`,
        `ServiceAccount ${NAMESPACE}/${PROJECT}-workload (v1): deleted`,
      ]),
    );
    expect(await projectObjects()).toEqual([]);
    expect(await bucket()).toMatchObject({ origin: 'retained' });
    await until(
      `component ${PROJECT} gone`,
      async () => (await entity()).status === 404,
    );
    // And it stays gone: its location was removed, not only the entity.
    await sleep(3000);
    expect((await entity()).status).toBe(404);
  });
});
