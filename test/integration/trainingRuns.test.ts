import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import {
  dryRunTemplate,
  OWNER,
  templatesDir,
  VARIANTS,
} from '../support/goldenPaths';
import { signIn, waitForMembership } from '../support/personas';
import { SandboxPortal, startSandboxPortal } from '../support/sandboxPortal';
import {
  callPython,
  filesOfDryRun,
  manifestsIn,
  newestCheckpoint,
  requireDebianTorch,
  runUnittests,
  startPython,
  TrainingProcess,
  writeProject,
} from '../support/trainingProject';

jest.setTimeout(180_000);

/** The skeleton's Python test modules: each is one test here. */
const PYTHON_TESTS = fs
  .readdirSync(path.join(templatesDir, 'skeleton/training/tests'))
  .filter(file => /^test_\w+\.py$/.test(file))
  .map(file => file.replace(/\.py$/, ''));

/** GPU training on spot as an elastic PyTorchJob: one pod of two GPUs. */
const VALUES: Record<string, unknown> = {
  ...VARIANTS[0].values,
  name: 'ckpt-train',
  owner: OWNER,
  framework: 'pytorch-elastic',
  workers: 1,
  accelerator: {
    instanceType: 'g5.12xlarge',
    acceleratorType: 'nvidia-a10g',
    resource: 'nvidia.com/gpu',
    count: 2,
    capacityType: 'spot',
  },
};
const CLUSTER = VALUES.cluster as string;
const NAMESPACE = 'ml-research-training';

/** Small and quick: a tiny model, a checkpoint every 50 steps. */
const RUN = {
  TOTAL_STEPS: '200',
  CHECKPOINT_EVERY: '50',
  LOG_EVERY: '1',
  MODEL_WIDTH: '64',
};
/** MODEL_WIDTH 320: 0.8M parameters and AdamW's two moments, a 9.4 MiB checkpoint. */
const WIDE_MODEL_WIDTH = '320';
const MULTIPART_THRESHOLD = 8 * 1024 * 1024;

/** Kubernetes' default when a pod names no terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

/** The most processes this machine runs; VALUES ask for no more GPUs, so the run is full size. */
const MAX_LOCAL_PROCESSES = 4;

describe('a generated training project, run for real (Debian PyTorch on CPU, checkpoints in the sandbox S3)', () => {
  let portal: SandboxPortal;
  let files: Record<string, string>;
  let manifests: any[];
  let project: string;
  let token: string;

  beforeAll(async () => {
    requireDebianTorch();
    portal = await startSandboxPortal({ port: 7220 });
    await waitForMembership(portal.backend, 'maya', 'ml-research');
    token = await signIn(portal.backend, 'maya');
    // Rendered by the real scaffolder: aiml:workload:render, then fetch:template of
    // skeleton/project and skeleton/training, as the template's steps run them.
    const { status, body } = await dryRunTemplate(
      portal.backend,
      token,
      'gpu-training-spot',
      VALUES,
    );
    if (status !== 200) {
      throw new Error(
        `the dry run answered ${status}: ${JSON.stringify(body)}`,
      );
    }
    files = filesOfDryRun(body);
    manifests = manifestsIn(files);
    project = writeProject(files);
  });

  afterAll(() => portal?.stop());

  const started: TrainingProcess[] = [];
  afterEach(() => started.splice(0).forEach(run => run.kill()));
  const track = (run: TrainingProcess) => {
    started.push(run);
    return run;
  };

  const only = (kind: string) => {
    const found = manifests.filter(m => m.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };

  let unittests: ReturnType<typeof runUnittests> | undefined;

  it.each(PYTHON_TESTS)(
    "the project's own tests/%s.py pass with Debian's PyTorch, none skipped",
    module => {
      // One Python process for all the modules; each module's outcomes are one test here.
      unittests ??= runUnittests(project);
      const outcomes = unittests.outcomes.filter(o => o.module === module);
      expect(outcomes.length).toBeGreaterThan(0);
      const notOk = outcomes.filter(o => o.outcome !== 'ok');
      expect({ notOk, output: notOk.length ? unittests.output : '' }).toEqual({
        notOk: [],
        output: '',
      });
    },
  );

  /** What the PyTorchJob's worker pods run, and how many processes stand for its GPUs here. */
  function pytorchJobLaunch() {
    const job = only('PyTorchJob').spec;
    const worker = job.pytorchReplicaSpecs.Worker;
    const pod = worker.template.spec;
    const container = pod.containers.find((c: any) => c.name === 'pytorch');
    const gpusPerPod = Number(container.resources.limits['nvidia.com/gpu']);
    // torchrun starts one process per GPU of its pod.
    expect(Number(job.nprocPerNode)).toBe(gpusPerPod);
    expect(container.command).toEqual(['torchrun']);
    const env: Record<string, string> = Object.fromEntries(
      container.env
        .filter((e: any) => typeof e.value === 'string')
        .map((e: any) => [e.name, e.value]),
    );
    const mount = container.volumeMounts.find(
      (m: any) => m.name === 'checkpoints',
    );
    expect(env.CHECKPOINT_DIR).toBe(mount.mountPath);
    return {
      gpus: worker.replicas * gpusPerPod,
      args: container.args as string[],
      env,
      graceSeconds: pod.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
    };
  }

  /** S3 as the pods reach it, here: the sandbox's endpoint, path-style. */
  function s3Env(): Record<string, string> {
    const { awsEndpoint, credentials, region } = portal.sandbox.connection();
    return {
      AWS_ENDPOINT_URL_S3: awsEndpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: region,
    };
  }

  function s3Client(): S3Client {
    const { awsEndpoint, credentials, region } = portal.sandbox.connection();
    return new S3Client({
      endpoint: awsEndpoint,
      forcePathStyle: true,
      region,
      credentials,
    });
  }

  let bucketApplied: Promise<string> | undefined;
  /** The project's bucket, created as ACK would: by applying its rendered Bucket object (once). */
  const projectBucket = () => (bucketApplied ??= applyBucket());

  async function applyBucket(): Promise<string> {
    const bucket = only('Bucket');
    const kc = portal.kubeConfig(CLUSTER);
    const core = kc.makeApiClient(CoreV1Api);
    await core.readNamespace({ name: NAMESPACE }).catch(() =>
      core.createNamespace({
        body: {
          metadata: {
            name: NAMESPACE,
            labels: {
              team: 'ml-research',
              'workload-type': 'training',
              'app.kubernetes.io/managed-by': 'eks-aiml',
            },
          },
        },
      }),
    );
    await KubernetesObjectApi.makeApiClient(kc).create({
      ...bucket,
      metadata: { ...bucket.metadata, namespace: NAMESPACE },
    });
    const s3 = s3Client();
    for (let i = 0; i < 60; i++) {
      const listed = await s3
        .send(new ListObjectsV2Command({ Bucket: bucket.spec.name }))
        .catch(() => undefined);
      if (listed) return bucket.spec.name;
      await sleep(250);
    }
    throw new Error(`the Bucket object never made bucket ${bucket.spec.name}`);
  }

  async function keysUnder(bucket: string, prefix: string) {
    const listed = await s3Client().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }),
    );
    return (listed.Contents ?? []).map(o => o.Key!);
  }

  /** torchrun as the pod runs it, on one machine: `--standalone` picks a free port. */
  function torchrun(
    processes: number,
    args: string[],
    env: Record<string, string>,
  ): TrainingProcess {
    return track(
      startPython(
        project,
        [
          '-m',
          'torch.distributed.run',
          '--standalone',
          '--nnodes',
          '1',
          '--nproc_per_node',
          String(processes),
          // Debian's torch 1.13 on Python 3.11 cannot parse the default "0" of these two
          // (IntFlag iteration changed in 3.11); a rank that does not exist means "none".
          '--redirects',
          '9:0',
          '--tee',
          '9:0',
          ...args,
        ],
        env,
      ),
    );
  }

  it('trains on a process per GPU the PyTorchJob asks for; SIGTERM checkpoints the step it is at, within the grace; a fresh node resumes from the bucket and finishes', async () => {
    const launch = pytorchJobLaunch();
    const bucket = await projectBucket();
    expect(launch.env.CHECKPOINT_S3_URI).toBe(`s3://${bucket}/checkpoints/`);
    // One process per GPU of the job (pods x GPUs per pod), all on this machine.
    expect(launch.gpus).toBeLessThanOrEqual(MAX_LOCAL_PROCESSES);
    const env = (checkpointDir: string) => ({
      ...launch.env,
      ...s3Env(),
      ...RUN,
      CHECKPOINT_DIR: checkpointDir,
    });

    const firstNode = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-node-'));
    const first = torchrun(launch.gpus, launch.args, env(firstNode));
    const [, worldSize] = await first.waitFor(
      /world size (\d+) on cpu/,
      60_000,
    );
    expect(Number(worldSize)).toBe(launch.gpus);
    await first.waitFor(/step 50 checkpointed/, 60_000);
    // The spot notice: the kubelet sends the container (torchrun) SIGTERM.
    const lastSeen = Math.max(
      ...[...first.output().matchAll(/^step (\d+) loss/gm)].map(m =>
        Number(m[1]),
      ),
    );
    const signalledAt = Date.now();
    process.kill(first.pid, 'SIGTERM');
    const ended = await first.exited;
    expect(ended.at - signalledAt).toBeLessThan(launch.graceSeconds * 1000);
    const stopped = /SIGTERM: stopped after step (\d+), checkpointed/.exec(
      first.output(),
    );
    expect(stopped).not.toBeNull();
    const step = Number(stopped![1]);
    // It finished the step it was in (or the next, if the signal came between two) and checkpointed it.
    expect(step).toBeGreaterThanOrEqual(lastSeen);
    expect(step).toBeLessThan(Number(RUN.TOTAL_STEPS));
    expect(newestCheckpoint(firstNode)).toBe(step);
    // Its workers ended by themselves: torchrun did not have to kill them.
    expect(first.output()).not.toMatch(/forcefully/);
    const checkpointName = `step-${String(step).padStart(9, '0')}.ckpt`;
    expect(await keysUnder(bucket, 'checkpoints/')).toContain(
      `checkpoints/${checkpointName}`,
    );

    // Karpenter's replacement node has an empty checkpoint directory: the bucket has the step.
    const freshNode = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-node-'));
    const second = torchrun(launch.gpus, launch.args, env(freshNode));
    const finished = await second.exited;
    expect({ code: finished.code, output: second.output() }).toEqual({
      code: 0,
      output: expect.stringContaining(`resumed from step ${step}`),
    });
    expect(second.output()).toContain(`finished at step ${RUN.TOTAL_STEPS}`);
    expect(newestCheckpoint(freshNode)).toBe(Number(RUN.TOTAL_STEPS));
    expect(await keysUnder(bucket, 'checkpoints/')).toContain(
      `checkpoints/step-${RUN.TOTAL_STEPS.padStart(9, '0')}.ckpt`,
    );
  });

  it('a checkpoint over 8 MiB goes to the bucket in a multipart upload', async () => {
    const launch = pytorchJobLaunch();
    const bucket = await projectBucket();
    const checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-node-'));
    // One process, one step, its own prefix: the model is wider than the run above's.
    const run = track(
      startPython(project, ['-m', 'src.main'], {
        ...launch.env,
        ...s3Env(),
        CHECKPOINT_DIR: checkpointDir,
        CHECKPOINT_S3_URI: `s3://${bucket}/wide-model/`,
        TOTAL_STEPS: '1',
        MODEL_WIDTH: WIDE_MODEL_WIDTH,
      }),
    );
    const ended = await run.exited;
    expect({ code: ended.code, output: run.output() }).toEqual({
      code: 0,
      output: expect.stringContaining('finished at step 1'),
    });
    const key = 'wide-model/step-000000001.ckpt';
    expect(await keysUnder(bucket, 'wide-model/')).toEqual([key]);
    const head = await s3Client().send(
      new HeadObjectCommand({ Bucket: bucket, Key: key }),
    );
    expect(head.ContentLength).toBeGreaterThan(MULTIPART_THRESHOLD);
    expect(head.ContentLength).toBe(
      fs.statSync(path.join(checkpointDir, 'step-000000001.ckpt')).size,
    );
    // A multipart upload's ETag is the MD5 of its parts' MD5s and the part count.
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-[2-9]\d*"$/);
  });

  it("the RayJob's driver starts a Ray Train worker per GPU the job asks for (pods x GPUs per pod), checkpointing to the bucket", async () => {
    const { status, body } = await dryRunTemplate(
      portal.backend,
      token,
      'gpu-training-spot',
      { ...VARIANTS[0].values, name: 'ckpt-ray' },
    );
    expect(status).toBe(200);
    const rayFiles = filesOfDryRun(body);
    const rendered = manifestsIn(rayFiles);
    const rayJob = rendered.find(m => m.kind === 'RayJob');
    const bucket = rendered.find(m => m.kind === 'Bucket').spec.name;
    const { rayClusterSpec } = rayJob.spec;
    const gpus = rayClusterSpec.workerGroupSpecs
      .map(
        (group: any) =>
          group.replicas *
          Number(
            group.template.spec.containers[0].resources.limits[
              'nvidia.com/gpu'
            ],
          ),
      )
      .reduce((a: number, b: number) => a + b, 0);
    // More GPUs than this machine has processes for: the driver's configuration is
    // checked instead of a run, with the project's own code.
    expect(gpus).toBeGreaterThan(MAX_LOCAL_PROCESSES);
    expect(rayJob.spec.entrypoint).toBe('python -m src.ray_train');
    expect(Object.keys(rayFiles)).toContain('src/ray_train.py');
    // `ray job submit` runs the entrypoint on the head: its environment is the driver's.
    const head = rayClusterSpec.headGroupSpec.template.spec.containers[0];
    const driverEnv = Object.fromEntries(
      head.env
        .filter((e: any) => typeof e.value === 'string')
        .map((e: any) => [e.name, e.value]),
    );
    const config = callPython(
      writeProject(rayFiles),
      'src.ray_train',
      'trainer_config',
      driverEnv,
    );
    expect(config).toMatchObject({
      scaling_config: {
        num_workers: gpus,
        use_gpu: true,
        resources_per_worker: { GPU: 1 },
      },
      run_config: { name: 'ckpt-ray', storage_path: `s3://${bucket}/ray` },
      failure_config: { max_failures: 3 },
    });
  });
});
