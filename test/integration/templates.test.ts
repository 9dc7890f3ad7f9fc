import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import {
  PortalBackend,
  repoRoot,
  startPortalBackend,
} from '../support/portalBackend';
import { signIn, waitForMembership } from '../support/personas';

jest.setTimeout(240_000);

const templatesDir = path.join(repoRoot, 'templates');

/** The files of a template directory (following the skeleton symlink), as the dry-run API takes them. */
function directoryContents(
  dir: string,
  prefix = '',
): { path: string; base64Content: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (fs.statSync(full).isDirectory()) return directoryContents(full, rel);
    if (entry.name === 'template.yaml') return [];
    return [
      { path: rel, base64Content: fs.readFileSync(full).toString('base64') },
    ];
  });
}

interface Variant {
  name: string;
  template: string;
  values: Record<string, unknown>;
  expect: {
    files: string[];
    kinds: string[];
    resource: string;
    capacityType: string;
    namespace: string;
  };
}

const owner = 'group:default/ml-research';
const variants: Variant[] = [
  {
    name: 'training on GPU spot (RayJob)',
    template: 'gpu-training-spot',
    values: {
      name: 'demo-train',
      owner,
      cluster: 'ml-sandbox-use1',
      accelerator: {
        instanceType: 'p4d.24xlarge',
        acceleratorType: 'nvidia-a100-40gb',
        resource: 'nvidia.com/gpu',
        count: 8,
        capacityType: 'spot',
      },
      framework: 'ray-job',
      workers: 2,
      checkpointS3Uri: 's3://acme-ml-checkpoints/demo-train',
      repoLocation: 'local',
    },
    expect: {
      files: ['src/main.py', 'src/checkpoint.py'],
      kinds: ['RayJob'],
      resource: 'nvidia.com/gpu',
      capacityType: 'spot',
      namespace: 'ml-research-training',
    },
  },
  {
    name: 'training on Trainium',
    template: 'neuron',
    values: {
      name: 'demo-trn',
      owner,
      cluster: 'ml-sandbox-use1',
      workloadType: 'training',
      accelerator: {
        instanceType: 'trn1.32xlarge',
        acceleratorType: 'aws-trainium',
        resource: 'aws.amazon.com/neuroncore',
        count: 32,
        capacityType: 'on-demand',
      },
      checkpointS3Uri: 's3://acme-ml-checkpoints/demo-trn',
      repoLocation: 'local',
    },
    expect: {
      files: ['src/main.py'],
      kinds: [],
      resource: 'aws.amazon.com/neuroncore',
      capacityType: 'on-demand',
      namespace: 'ml-research-training',
    },
  },
  {
    name: 'inference on GPU (vLLM)',
    template: 'llm-inference',
    values: {
      name: 'demo-chat',
      owner,
      cluster: 'ml-sandbox-use1',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      accelerator: {
        instanceType: 'g5.12xlarge',
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        count: 1,
        capacityType: 'on-demand',
      },
      framework: 'vllm',
      replicas: 1,
      repoLocation: 'local',
    },
    expect: {
      files: ['src/main.py'],
      kinds: ['Deployment', 'Service', 'HorizontalPodAutoscaler'],
      resource: 'nvidia.com/gpu',
      capacityType: 'on-demand',
      namespace: 'ml-research-inference',
    },
  },
  {
    name: 'inference on Inferentia2',
    template: 'neuron',
    values: {
      name: 'demo-inf2',
      owner,
      cluster: 'ml-sandbox-usw2',
      workloadType: 'inference',
      model: 'meta-llama/Llama-3.2-1B-Instruct',
      accelerator: {
        instanceType: 'inf2.24xlarge',
        acceleratorType: 'aws-inferentia2',
        resource: 'aws.amazon.com/neuroncore',
        count: 2,
        capacityType: 'on-demand',
      },
      repoLocation: 'local',
    },
    expect: {
      files: ['src/main.py'],
      kinds: ['Deployment', 'Service'],
      resource: 'aws.amazon.com/neuroncore',
      capacityType: 'on-demand',
      namespace: 'ml-research-inference',
    },
  },
];

describe('the golden-path templates through the real scaffolder', () => {
  let backend: PortalBackend;
  let token: string;

  beforeAll(async () => {
    backend = await startPortalBackend({ port: 7161 });
    await waitForMembership(backend, 'maya', 'ml-research');
    for (let i = 0; i < 120 && !token; i++) {
      token = await signIn(backend, 'maya').catch(() => '');
      if (!token) await sleep(500);
    }
  });

  afterAll(() => backend?.stop());

  const dryRun = async (template: string, values: Record<string, unknown>) => {
    const dir = path.join(templatesDir, template);
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        template: parse(
          fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
        ),
        values,
        secrets: {},
        directoryContents: directoryContents(dir),
      }),
    });
    return { status: res.status, body: await res.json() };
  };

  it.each(variants)(
    'dry-runs $name with the files, labels and scheduling it needs',
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
      expect(catalogInfo.spec.owner).toBe(owner);
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
      for (const kind of variant.expect.kinds) {
        expect(manifests.map((m: any) => m.kind)).toContain(kind);
      }
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
      const out = execFileSync(
        'python3',
        ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'],
        { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(out).toBe('');
    },
  );

  it('refuses a team the user is not in, at the first step', async () => {
    const { body } = await dryRun('gpu-training-spot', {
      ...variants[0].values,
      owner: 'group:default/recsys',
    });
    expect(body.error.message).toContain('is not a member of team "recsys"');
  });

  it('refuses accelerators that do not fit, with what would', async () => {
    const { body } = await dryRun('llm-inference', {
      ...variants[2].values,
      model: 'meta-llama/Llama-3.1-70B-Instruct',
      accelerator: {
        instanceType: 'g5.xlarge',
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        count: 1,
        capacityType: 'on-demand',
      },
    });
    expect(JSON.stringify(body.log ?? body)).toMatch(/needs 15\d\.\d GiB/);
  });
});
