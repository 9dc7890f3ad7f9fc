import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CoreV1Api,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import {
  ACCOUNT,
  dryRun as dryRunDefinition,
  dryRunTemplate,
  loadTemplate,
  OWNER,
  PROJECT_KINDS,
  VARIANTS,
} from '../support/goldenPaths';
import { signIn, waitForMembership } from '../support/personas';
import { SandboxPortal, startSandboxPortal } from '../support/sandboxPortal';

jest.setTimeout(240_000);

/** Every value of a key anywhere in an object (e.g. every pod's serviceAccountName). */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap(v => valuesOf(v, key));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === key ? [v] : valuesOf(v, key),
  );
}

describe('the golden-path templates through the real scaffolder', () => {
  let portal: SandboxPortal;
  let token: string;

  beforeAll(async () => {
    portal = await startSandboxPortal({ port: 7161 });
    await waitForMembership(portal.backend, 'maya', 'ml-research');
    for (let i = 0; i < 120 && !token; i++) {
      token = await signIn(portal.backend, 'maya').catch(() => '');
      if (!token) await sleep(500);
    }
  });

  afterAll(() => portal?.stop());

  /** A dry run of a golden path by name, or of a template definition. */
  const dryRun = (template: unknown, values: Record<string, unknown>) =>
    typeof template === 'string'
      ? dryRunTemplate(portal.backend, token, template, values)
      : dryRunDefinition(portal.backend, token, template, values);

  /**
   * Server-side applies with dryRun=All into the team namespace of the sandbox
   * cluster (created as provisioning would, where the dry run did not): the API
   * server validates every object, custom kinds with the product's schemas, and
   * prunes nothing.
   */
  const acceptedBySandbox = async (
    cluster: string,
    namespace: string,
    manifests: KubernetesObject[],
  ) => {
    const kc = portal.kubeConfig(cluster);
    const core = kc.makeApiClient(CoreV1Api);
    await core.readNamespace({ name: namespace }).catch(() =>
      core.createNamespace({
        body: {
          metadata: {
            name: namespace,
            labels: {
              team: 'ml-research',
              'workload-type': namespace.split('-').pop()!,
              'app.kubernetes.io/managed-by': 'eks-aiml',
            },
          },
        },
      }),
    );
    const objects = KubernetesObjectApi.makeApiClient(kc);
    for (const manifest of manifests) {
      const stored = (await objects.patch(
        { ...manifest, metadata: { ...manifest.metadata, namespace } },
        undefined,
        'All',
        'eks-aiml',
        false,
        PatchStrategy.ServerSideApply,
      )) as any;
      expect({ kind: manifest.kind, spec: stored.spec }).toEqual({
        kind: manifest.kind,
        spec: (manifest as any).spec,
      });
    }
  };

  it.each(VARIANTS)(
    'dry-runs $name with the files, labels, scheduling and AWS resources it needs',
    async variant => {
      const { status, body } = await dryRun(variant.template, variant.values);
      const failed = body.log
        ?.filter((l: any) => l.body?.status === 'failed')
        .map((l: any) => l.body?.message);
      expect({ status, failed, error: body.error?.message }).toEqual({
        status: 200,
        failed: [],
        error: undefined,
      });
      const files = Object.fromEntries(
        body.directoryContents.map((f: any) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString(),
        ]),
      );
      for (const file of [
        'catalog-info.yaml',
        'Dockerfile',
        '.github/workflows/build.yaml',
        'mkdocs.yml',
        ...variant.expect.files,
      ]) {
        expect(Object.keys(files)).toContain(file);
      }
      const catalogInfo = parse(files['catalog-info.yaml']);
      expect(catalogInfo.spec.owner).toBe(OWNER);
      expect(catalogInfo.metadata.annotations).toMatchObject({
        'backstage.io/kubernetes-id': variant.values.name,
        'backstage.io/kubernetes-namespace': variant.expect.namespace,
        'aiml.eks.aws/cluster': variant.values.cluster,
      });
      expect(catalogInfo.metadata.tags).toContain('cost-center-cc-1001');
      const manifests = Object.entries(files)
        .filter(([p]) => p.startsWith('k8s/'))
        .flatMap(([, text]) =>
          (text as string)
            .split(/^---$/m)
            .map(doc => parse(doc))
            .filter(Boolean),
        );
      expect(manifests.length).toBeGreaterThan(0);
      expect(manifests.map((m: any) => m.kind).sort()).toEqual(
        [...PROJECT_KINDS, ...variant.expect.kinds].sort(),
      );
      const name = variant.values.name as string;
      const only = (kind: string) =>
        manifests.find((m: any) => m.kind === kind) as any;
      // The project's AWS resources, and pods that run as its ServiceAccount.
      const bucket = only('Bucket').spec.name;
      expect(bucket).toBe(`${name}-${ACCOUNT}`);
      expect(only('Repository').spec.name).toBe(`ml-research/${name}`);
      expect(only('ServiceAccount').metadata.name).toBe(`${name}-workload`);
      expect(only('PodIdentityAssociation').spec).toMatchObject({
        clusterName: variant.values.cluster,
        namespace: variant.expect.namespace,
        serviceAccount: `${name}-workload`,
        roleARN: `arn:aws:iam::${ACCOUNT}:role/eks-aiml-ml-research`,
      });
      const accounts = valuesOf(manifests, 'serviceAccountName');
      expect(accounts.length).toBeGreaterThan(0);
      expect(new Set(accounts)).toEqual(new Set([`${name}-workload`]));
      const build = parse(files['.github/workflows/build.yaml']);
      expect(
        build.jobs.image.steps.find((st: any) => st.name === 'Build and push')
          .env,
      ).toEqual({ REPOSITORY: `ml-research/${name}` });
      expect(files['docs/index.md']).toContain(`s3://${bucket}`);
      // Training: the skeleton's checkpoint location is the rendered bucket, as the pods are told.
      const checkpoints = `s3://${bucket}/checkpoints/`;
      expect(files['src/main.py'].includes(`"${checkpoints}"`)).toBe(
        variant.expect.training,
      );
      const told = valuesOf(manifests, 'env')
        .flat()
        .filter((e: any) => e.name === 'CHECKPOINT_S3_URI')
        .map((e: any) => e.value);
      expect([...new Set(told)]).toEqual(
        variant.expect.training ? [checkpoints] : [],
      );
      await acceptedBySandbox(
        variant.values.cluster as string,
        variant.expect.namespace,
        manifests,
      );
      const text = JSON.stringify(manifests);
      expect(text).toContain(
        `"backstage.io/kubernetes-id":"${variant.values.name}"`,
      );
      expect(text).toContain(variant.expect.resource);
      expect(text).toContain((variant.values.accelerator as any).instanceType);
      expect(text.includes('"karpenter.sh/capacity-type":"spot"')).toBe(
        variant.expect.capacityType === 'spot',
      );

      // The generated project's own tests run (checkpoint/resume, the inference client).
      const project = fs.mkdtempSync(
        path.join(os.tmpdir(), `${variant.values.name}-`),
      );
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(project, file)), {
          recursive: true,
        });
        fs.writeFileSync(path.join(project, file), content as string);
      }
      // Debian's interpreter: python3-torch and python3-boto3 (scripts/system-deps.sh).
      const run = spawnSync(
        '/usr/bin/python3',
        ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'],
        { cwd: project, encoding: 'utf8' },
      );
      expect({ status: run.status, stdout: run.stdout }).toEqual({
        status: 0,
        stdout: '',
      });
      // Every test ran: none skipped for a missing module.
      expect(run.stderr.trim().split('\n').pop()).toBe('OK');
    },
  );

  it('describes the project by its name when an API caller sends no description', async () => {
    // Form defaults are the form's: a task started over the API may omit them.
    const { description: _omitted, ...values } = VARIANTS[0].values;
    const { status, body } = await dryRun('gpu-training-spot', values);
    expect(status).toBe(200);
    const catalogInfo = body.directoryContents.find(
      (f: any) => f.path === 'catalog-info.yaml',
    );
    expect(
      parse(Buffer.from(catalogInfo.base64Content, 'base64').toString())
        .metadata.description,
    ).toBe(values.name);
  });

  // The real task runs show these refusals come from the first step, before any write.
  it.each(['gpu-training-spot', 'llm-inference', 'neuron'])(
    '%s takes the GitHub path when asked: publish:github to the chosen repository, then catalog:register',
    async template => {
      const variant = VARIANTS.find(v => v.template === template)!;
      const repoUrl = 'github.com?owner=acme-ml&repo=demo-project';
      const { status, body } = await dryRun(template, {
        ...variant.values,
        repoLocation: 'github',
        repoUrl,
      });
      expect({ status, error: body.error?.message }).toEqual({
        status: 200,
        error: undefined,
      });
      const messages: string[] = body.log.map((l: any) => l.body?.message);
      const inputsOf = (action: string) => {
        const line = messages.find(m =>
          m?.includes(`Running ${action} in dry-run mode with inputs`),
        );
        return line && JSON.parse(line.slice(line.indexOf('{')));
      };
      // Neither GitHub nor the catalog is written in a dry run; the inputs are
      // what a real run would send.
      expect(inputsOf('publish:github')).toMatchObject({
        repoUrl,
        defaultBranch: 'main',
      });
      expect(inputsOf('catalog:register')).toMatchObject({
        catalogInfoPath: '/catalog-info.yaml',
      });
      // The local path's steps are skipped.
      expect(messages).toEqual(
        expect.arrayContaining([
          'Skipping step publish-local because its if condition was false',
          'Skipping step register-local because its if condition was false',
        ]),
      );
      expect(inputsOf('portal:publish:local')).toBeUndefined();
    },
  );

  describe('an owner that would inject YAML into catalog-info.yaml', () => {
    // It parses as team ml-research (kind group, namespace "default\n---\n...#",
    // name ml-research), which the user is a member of.
    const injected =
      'group:default\n---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: injected }\nspec: { target: https://evil.example/catalog-info.yaml }\n#/ml-research';
    const catalogInfoOf = (body: any) =>
      (body.directoryContents ?? []).find(
        (f: any) => f.path === 'catalog-info.yaml',
      );

    it.each(['gpu-training-spot', 'llm-inference', 'neuron'])(
      '%s refuses it by the owner parameter pattern, before any step',
      async template => {
        const variant = VARIANTS.find(v => v.template === template)!;
        const { status, body } = await dryRun(template, {
          ...variant.values,
          owner: injected,
        });
        expect(status).toBe(400);
        expect(JSON.stringify(body.errors)).toContain('does not match pattern');
        expect(catalogInfoOf(body)).toBeUndefined();
      },
    );

    it('is refused by aiml:workload:render, the first step, when a template lacks the pattern; catalog-info.yaml is never written', async () => {
      const template: any = loadTemplate('gpu-training-spot');
      const owner = template.spec.parameters[0].properties.owner;
      delete owner.pattern;
      const { status, body } = await dryRun(template, {
        ...VARIANTS[0].values,
        owner: injected,
      });
      // The failed step's InputError is the dry run's answer: 400, and no files.
      expect({ status, name: body.error?.name }).toEqual({
        status: 400,
        name: 'InputError',
      });
      expect(body.error?.message).toMatch(
        /owner "group:default\\n---\\napiVersion: .*" contains a line break, a space or a control character; an owner is one entity ref of a team, exactly group:default\/<team>$/,
      );
      // The run stopped at render: it produced no files at all.
      expect(body.directoryContents).toBeUndefined();
      expect(catalogInfoOf(body)).toBeUndefined();
    });

    it('a valid owner is written as one quoted scalar (| dump), whatever the description says', async () => {
      const { status, body } = await dryRun('gpu-training-spot', {
        ...VARIANTS[0].values,
        description: 'line one\n---\nkind: Location\nspec: { target: x }',
      });
      expect(status).toBe(200);
      const text = Buffer.from(
        catalogInfoOf(body).base64Content,
        'base64',
      ).toString();
      const docs = text
        .split(/^---$/m)
        .map(d => parse(d))
        .filter(Boolean);
      expect(docs).toHaveLength(1);
      expect(docs[0].kind).toBe('Component');
      expect(docs[0].metadata.description).toBe(
        'line one\n---\nkind: Location\nspec: { target: x }',
      );
      expect(docs[0].spec.owner).toBe(OWNER);
    });
  });

  it('refuses a team the user is not in', async () => {
    const { body } = await dryRun('gpu-training-spot', {
      ...VARIANTS[0].values,
      owner: 'group:default/recsys',
    });
    expect(body.error.message).toContain('is not a member of team "recsys"');
  });

  it("refuses more accelerators than the team's quota, saying what fits", async () => {
    const { body } = await dryRun('gpu-training-spot', {
      ...VARIANTS[0].values,
      accelerator: { ...(VARIANTS[0].values.accelerator as object), count: 8 },
    });
    expect(body.error.message).toMatch(
      /2 pods × 8 GPUs = 16 GPUs, more than team "ml-research"'s quota of 8 GPUs in ml-research-training: at most 1 pod of 8 fit/,
    );
  });

  it('refuses accelerators that do not fit, with what would', async () => {
    const { body } = await dryRun('llm-inference', {
      ...VARIANTS[2].values,
      model: {
        id: 'meta-llama/Llama-3.1-70B-Instruct',
        contextLength: 8192,
        tokenSecret: { name: 'hf-token', key: 'token' },
      },
      accelerator: {
        instanceType: 'g5.xlarge',
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        count: 1,
        capacityType: 'on-demand',
      },
    });
    expect(body.error.message).toMatch(
      /with a 8192-token context needs 1\d\d\.\d GiB .* These would fit: /,
    );
  });
});
