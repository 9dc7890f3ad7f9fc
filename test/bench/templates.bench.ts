import { dryRun, loadTemplate, OWNER, VARIANTS } from '../support/goldenPaths';
import { signIn, waitForMembership } from '../support/personas';
import { startSandboxPortal } from '../support/sandboxPortal';
import { median, Row } from './stats';

/** A template that only fetches the same skeleton the golden path fetches: the baseline. */
function fetchOnlyTemplate(code: string) {
  const values = {
    name: 'baseline',
    description: 'Baseline.',
    owner: OWNER,
    cluster: 'ml-sandbox-use1',
    region: 'us-east-1',
    namespace: 'ml-research-training',
    costCenter: 'cc-1001',
    workloadType: code,
    acceleratorFamily: 'nvidia',
    instanceType: 'g5.12xlarge',
    acceleratorCount: 1,
    capacityType: 'on-demand',
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    serviceAccountName: 'baseline-workload',
    bucket: 'baseline-111122223333',
    checkpointS3Uri: 's3://baseline-111122223333/checkpoints/',
    imageRepository: 'ml-research/baseline',
    image:
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/ml-research/baseline:latest',
    baseImage: 'public.ecr.aws/docker/library/python:3.11-slim',
  };
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'fetch-only' },
    spec: {
      owner: OWNER,
      type: 'service',
      parameters: [],
      steps: ['project', code].map(dir => ({
        id: `fetch-${dir}`,
        action: 'fetch:template',
        input: { url: `./skeleton/${dir}`, values },
      })),
    },
  };
}

/**
 * Dry runs of each golden path through the real portal backend (attached to a
 * sandbox, as `yarn start` runs), next to a baseline template that only runs
 * fetch:template on the same skeleton: the difference is what the aiml steps
 * (render, describe, provision, apply, and the local publish and register) cost.
 * Medians of `runs` after one warm-up each, the two interleaved.
 */
export async function benchTemplates(options: {
  runs: number;
}): Promise<Row[]> {
  const portal = await startSandboxPortal({ port: 7191 });
  try {
    await waitForMembership(portal.backend, 'maya', 'ml-research');
    let token = '';
    for (let i = 0; i < 120 && !token; i++) {
      token = await signIn(portal.backend, 'maya').catch(() => '');
      if (!token) await new Promise(r => setTimeout(r, 500));
    }
    const timed = async (run: () => Promise<{ status: number; body: any }>) => {
      const t0 = performance.now();
      const { status, body } = await run();
      if (status !== 200) {
        throw new Error(`dry run answered ${status}: ${JSON.stringify(body)}`);
      }
      return performance.now() - t0;
    };
    const rows: Row[] = [];
    for (const variant of VARIANTS) {
      const template = loadTemplate(variant.template);
      const code = variant.expect.training ? 'training' : 'inference';
      const golden = () =>
        dryRun(portal.backend, token, template, variant.values);
      const baseline = () =>
        dryRun(portal.backend, token, fetchOnlyTemplate(code), {});
      await timed(golden);
      await timed(baseline);
      const goldenMs: number[] = [];
      const baselineMs: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        goldenMs.push(await timed(golden));
        baselineMs.push(await timed(baseline));
      }
      const g = median(goldenMs);
      const b = median(baselineMs);
      rows.push({
        'golden path (dry run)': `${variant.template}: ${variant.name}`,
        'dry run, median ms': g,
        'fetch:template only, median ms': b,
        'the other steps, ms': g - b,
      });
    }
    return rows;
  } finally {
    await portal.stop();
  }
}
