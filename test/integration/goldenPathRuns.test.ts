import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  ACCOUNT,
  named,
  OWNER,
  Variant,
  VARIANTS,
} from '../support/goldenPaths';
import { kubectl } from '../support/kubectl';
import {
  PortalAnswer,
  runTask as runTaskAs,
  signedInCaller,
  TaskEvent,
  until,
  waitForTemplates,
} from '../support/portalCalls';
import { SandboxPortal, startSandboxPortal } from '../support/sandboxPortal';

jest.setTimeout(300_000);

/** A project name per variant, distinct from the example catalog's. */
const PROJECTS = ['run-train', 'run-trn', 'run-chat', 'run-inf2'];

/** The Kubernetes plugin's object types each variant's workload shows as. */
const TAB_TYPES: Record<string, string[]> = {
  'run-train': ['customresources'],
  'run-trn': ['customresources'],
  'run-chat': ['deployments', 'services'],
  'run-inf2': ['deployments', 'services'],
};

/**
 * Each golden path run for real (not a dry run) by an ML engineer in the
 * sandbox portal: the namespace in the sandbox cluster, the workload and its
 * AWS resources applied there, a local git repository, and a catalog entity
 * owned by the team whose Kubernetes tab finds the workload.
 */
describe('the golden paths, run for real in the sandbox portal', () => {
  let portal: SandboxPortal;
  let call: (
    method: string,
    urlPath: string,
    body?: unknown,
  ) => Promise<PortalAnswer>;
  let runTask: (
    template: string,
    values: Record<string, unknown>,
  ) => ReturnType<typeof runTaskAs>;
  const repositories = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-repos-'));

  beforeAll(async () => {
    portal = await startSandboxPortal({
      port: 7190,
      env: { APP_CONFIG_aiml_sandbox_localRepositories: repositories },
    });
    const as = await signedInCaller(portal.backend, [['maya', 'ml-research']]);
    call = (method, urlPath, body) => as('maya', method, urlPath, body);
    // The templates come from a catalog location: wait until it was read.
    await waitForTemplates(as, 'maya', [
      'gpu-training-spot',
      'llm-inference',
      'neuron',
    ]);
    runTask = (template, values) => runTaskAs(as, 'maya', template, values);
  });

  afterAll(() => portal?.stop());

  /** The steps a task started (the others are marked skipped), and the errors of those that failed. */
  const stepsOf = (events: TaskEvent[]) => ({
    started: [
      ...new Set(
        events
          .filter(e => e.body.stepId && e.body.status === 'processing')
          .map(e => e.body.stepId!),
      ),
    ],
    // A failed step logs its error's stack: keep the first line.
    failed: events
      .filter(e => e.body.stepId && e.body.status === 'failed')
      .map(e => `${e.body.stepId}: ${e.body.message?.split('\n')[0]}`),
  });

  describe.each(VARIANTS.map((v, i) => [v.name, v, PROJECTS[i]] as const))(
    '%s',
    (_name, variant: Variant, project) => {
      const cluster = variant.values.cluster as string;
      const namespace = variant.expect.namespace;

      it('completes as a real task', async () => {
        const run = await runTask(variant.template, named(variant, project));
        expect({ status: run.status, ...stepsOf(run.events) }).toMatchObject({
          status: 'completed',
          failed: [],
        });
        expect(stepsOf(run.events).started).toEqual(
          expect.arrayContaining([
            'render',
            'namespace',
            'apply',
            'publish-local',
            'register-local',
          ]),
        );
      });

      it('created the team namespace and applied the workload with its AWS resources', async () => {
        const kc = portal.kubeConfig(cluster);
        const ns = await kc
          .makeApiClient(CoreV1Api)
          .readNamespace({ name: namespace });
        expect(ns.metadata?.labels).toMatchObject({
          team: 'ml-research',
          'workload-type': namespace.split('-').pop(),
          'cost-center': 'cc-1001',
          'app.kubernetes.io/managed-by': 'eks-aiml',
        });
        const custom = kc.makeApiClient(CustomObjectsApi);
        const get = (group: string, plural: string) =>
          custom.getNamespacedCustomObject({
            group,
            version: 'v1alpha1',
            namespace,
            plural,
            name: project,
          }) as Promise<any>;
        expect((await get('s3.services.k8s.aws', 'buckets')).spec.name).toBe(
          `${project}-${ACCOUNT}`,
        );
        expect(
          (await get('ecr.services.k8s.aws', 'repositories')).spec.name,
        ).toBe(`ml-research/${project}`);
        expect(
          (await get('eks.services.k8s.aws', 'podidentityassociations')).spec,
        ).toMatchObject({
          clusterName: cluster,
          namespace,
          serviceAccount: `${project}-workload`,
        });
      });

      it('published a local git repository with the skeleton and one commit', () => {
        const dir = path.join(repositories, project);
        for (const file of [
          'catalog-info.yaml',
          'Dockerfile',
          '.github/workflows/build.yaml',
          'docs/index.md',
          ...variant.expect.files,
        ]) {
          expect(fs.existsSync(path.join(dir, file))).toBe(true);
        }
        expect(
          fs
            .readdirSync(path.join(dir, 'k8s'))
            .some(f => f.startsWith('bucket-')),
        ).toBe(true);
        const git = (...args: string[]) =>
          execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
        expect(git('rev-list', '--count', 'HEAD')).toBe('1');
        expect(git('status', '--porcelain')).toBe('');
      });

      it("applies its k8s/ with kubectl 1.33 and default validation, as the project's README says", async () => {
        // A server-side dry run as the cluster admin: the objects exist (the task applied
        // them); kubectl fetches the sandbox's OpenAPI and the server validates strictly.
        const run = kubectl(portal.kubeConfig(cluster).exportConfig());
        const k8s = path.join(repositories, project, 'k8s');
        const applied = await run(
          'apply',
          '--dry-run=server',
          '-n',
          namespace,
          '-f',
          k8s,
        );
        expect({ code: applied.code, out: applied.out }).toMatchObject({
          code: 0,
        });
        expect(applied.out).not.toMatch(/failed to download openapi|error/i);
        // At least one object per file, each validated by the server.
        expect(
          applied.out.match(/\(server dry run\)/g)?.length,
        ).toBeGreaterThanOrEqual(fs.readdirSync(k8s).length);
      });

      it('registered the catalog entity, owned by the team, whose Kubernetes tab finds the workload', async () => {
        let entity: any;
        await until(`component ${project}`, async () => {
          const res = await call(
            'GET',
            `/api/catalog/entities/by-name/component/default/${project}`,
          );
          entity = res.json;
          return res.status === 200 && (entity.relations ?? []).length > 0;
        });
        expect(entity.spec.owner).toBe(OWNER);
        expect(entity.relations).toContainEqual({
          type: 'ownedBy',
          targetRef: OWNER,
        });
        const tab = await call('POST', `/api/kubernetes/services/${project}`, {
          entity,
        });
        expect(tab.status).toBe(200);
        const here = tab.json.items.find(
          (i: any) => i.cluster.name === cluster,
        );
        expect(here.errors).toEqual([]);
        const found = here.resources
          .filter((r: any) => r.resources.length > 0)
          .map((r: any) => r.type);
        expect(found).toEqual(expect.arrayContaining(TAB_TYPES[project]));
        const names = here.resources.flatMap((r: any) =>
          r.resources.map((o: any) => o.metadata.name),
        );
        expect(names).toContain(project);
      });
    },
  );

  describe('refusals come from the first step, before anything is written', () => {
    /** How a task ended, which steps it started, and their errors. */
    const outcome = async (
      template: string,
      values: Record<string, unknown>,
    ) => {
      const run = await runTask(template, values);
      return { status: run.status, ...stepsOf(run.events) };
    };
    const refusedByRender = (message: RegExp) => ({
      status: 'failed',
      started: ['render'],
      failed: [expect.stringMatching(message)],
    });

    it('refuses an owner that would inject YAML into catalog-info.yaml: no task, no repository', async () => {
      const created = await call('POST', '/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/gpu-training-spot',
        values: {
          ...named(VARIANTS[0], 'run-injected'),
          owner:
            'group:default\n---\napiVersion: backstage.io/v1alpha1\nkind: Location\nspec: { target: https://evil.example/x.yaml }\n#/ml-research',
        },
      });
      expect(created.status).toBe(400);
      expect(JSON.stringify(created.json)).toContain('does not match pattern');
      expect(fs.existsSync(path.join(repositories, 'run-injected'))).toBe(
        false,
      );
    });

    it('refuses a team the user is not in', async () => {
      expect(
        await outcome('gpu-training-spot', {
          ...named(VARIANTS[0], 'run-not-mine'),
          owner: 'group:default/recsys',
        }),
      ).toEqual(
        refusedByRender(
          /^render: NotAllowedError: user:default\/maya is not a member of team "recsys"/,
        ),
      );
    });

    it("refuses more accelerators than the team's quota", async () => {
      expect(
        await outcome('gpu-training-spot', {
          ...named(VARIANTS[0], 'run-too-big'),
          accelerator: {
            ...(VARIANTS[0].values.accelerator as object),
            count: 8,
          },
        }),
      ).toEqual(
        refusedByRender(
          /^render: InputError: 2 pods × 8 GPUs = 16 GPUs, more than team "ml-research"'s quota of 8 GPUs/,
        ),
      );
    });

    it('refuses accelerators a model does not fit', async () => {
      expect(
        await outcome('llm-inference', {
          ...named(VARIANTS[2], 'run-no-fit'),
          model: {
            ...(VARIANTS[2].values.model as object),
            id: 'meta-llama/Llama-3.1-70B-Instruct',
          },
        }),
      ).toEqual(
        refusedByRender(
          /^render: InputError: .* needs \d+\.\d GiB of accelerator memory .* These would fit: /,
        ),
      );
    });
  });
});
