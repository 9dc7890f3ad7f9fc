import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PortalBackend, repoRoot } from './portalBackend';

/** The repository's templates folder. */
export const templatesDir = path.join(repoRoot, 'templates');

/** The files a template fetches (its skeleton), as the dry-run API takes them. */
export function directoryContents(
  dir = path.join(templatesDir, 'skeleton'),
  prefix = 'skeleton',
): { path: string; base64Content: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return directoryContents(full, rel);
    return [
      { path: rel, base64Content: fs.readFileSync(full).toString('base64') },
    ];
  });
}

/** One way through a golden path, and what it must produce. */
export interface Variant {
  name: string;
  template: string;
  values: Record<string, unknown>;
  expect: {
    files: string[];
    kinds: string[];
    resource: string;
    capacityType: string;
    namespace: string;
    training: boolean;
  };
}

/** What every project gets besides its workload: its identity and AWS resources (ACK). */
export const PROJECT_KINDS = [
  'ServiceAccount',
  'Bucket',
  'Repository',
  'PodIdentityAssociation',
];
/** The sandbox's AWS account (app-config.yaml names it for both clusters). */
export const ACCOUNT = '111122223333';

/** The team of the variants: maya's. */
export const OWNER = 'group:default/ml-research';

/** Each template, and the neuron template both ways: training GPU spot, Trainium, inference GPU, Inferentia2. */
export const VARIANTS: Variant[] = [
  {
    name: 'training on GPU spot (RayJob)',
    template: 'gpu-training-spot',
    values: {
      name: 'demo-train',
      description: 'A golden-path project.',
      owner: OWNER,
      cluster: 'ml-sandbox-use1',
      // Two workers of 4 GPUs: the team's quota of 8 GPUs.
      accelerator: {
        instanceType: 'p4d.24xlarge',
        acceleratorType: 'nvidia-a100-40gb',
        resource: 'nvidia.com/gpu',
        count: 4,
        capacityType: 'spot',
      },
      framework: 'ray-job',
      workers: 2,
      repoLocation: 'local',
    },
    expect: {
      files: ['src/main.py', 'src/checkpoint.py'],
      kinds: ['RayJob'],
      resource: 'nvidia.com/gpu',
      capacityType: 'spot',
      namespace: 'ml-research-training',
      training: true,
    },
  },
  {
    name: 'training on Trainium',
    template: 'neuron',
    values: {
      name: 'demo-trn',
      description: 'A golden-path project.',
      owner: OWNER,
      // Where the team has NeuronCores free: on ml-sandbox-use1 its running
      // vision-pretrain job already holds the whole quota of 32.
      cluster: 'ml-sandbox-usw2',
      workloadType: 'training',
      accelerator: {
        instanceType: 'trn1.32xlarge',
        acceleratorType: 'aws-trainium',
        resource: 'aws.amazon.com/neuroncore',
        count: 32,
        capacityType: 'on-demand',
      },
      repoLocation: 'local',
    },
    expect: {
      files: ['src/main.py', 'src/checkpoint.py'],
      kinds: ['PyTorchJob'],
      resource: 'aws.amazon.com/neuroncore',
      capacityType: 'on-demand',
      namespace: 'ml-research-training',
      training: true,
    },
  },
  {
    name: 'inference on GPU (vLLM)',
    template: 'llm-inference',
    values: {
      name: 'demo-chat',
      description: 'A golden-path project.',
      owner: OWNER,
      cluster: 'ml-sandbox-use1',
      model: {
        id: 'meta-llama/Llama-3.1-8B-Instruct',
        contextLength: 8192,
        tokenSecret: { name: 'hf-token', key: 'token' },
      },
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
      kinds: ['Deployment', 'Service', 'PodMonitor', 'ScaledObject'],
      resource: 'nvidia.com/gpu',
      capacityType: 'on-demand',
      namespace: 'ml-research-inference',
      training: false,
    },
  },
  {
    name: 'inference on Inferentia2',
    template: 'neuron',
    values: {
      name: 'demo-inf2',
      description: 'A golden-path project.',
      owner: OWNER,
      cluster: 'ml-sandbox-usw2',
      workloadType: 'inference',
      model: {
        id: 'meta-llama/Llama-3.2-1B-Instruct',
        contextLength: 8192,
        tokenSecret: { name: 'hf-token', key: 'token' },
      },
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
      kinds: ['Deployment', 'Service', 'PodMonitor', 'ScaledObject'],
      resource: 'aws.amazon.com/neuroncore',
      capacityType: 'on-demand',
      namespace: 'ml-research-inference',
      training: false,
    },
  },
];

/** A variant's values under another project name (each real run needs its own). */
export function named(variant: Variant, name: string): Record<string, unknown> {
  return { ...variant.values, name };
}

/** The template's definition, as the scaffolder takes it. */
export function loadTemplate(template: string): unknown {
  return parse(
    fs.readFileSync(path.join(templatesDir, `${template}.yaml`), 'utf8'),
  );
}

/** A dry run of a template definition through the real scaffolder API, with the skeleton, as the template editor does it. */
export async function dryRun(
  backend: PortalBackend,
  token: string,
  template: unknown,
  values: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      template,
      values,
      secrets: {},
      directoryContents: directoryContents(),
    }),
  });
  return { status: res.status, body: await res.json() };
}

/** A dry run of one of the golden paths. */
export function dryRunTemplate(
  backend: PortalBackend,
  token: string,
  template: string,
  values: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
  return dryRun(backend, token, loadTemplate(template), values);
}
