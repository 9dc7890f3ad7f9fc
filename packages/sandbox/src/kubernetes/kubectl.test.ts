/**
 * The real kubectl (1.33, from scripts/fetch-kubectl.sh) against the sandbox,
 * where a person would type it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import {
  startTestCluster,
  TEST_ADMIN_TOKEN,
  TestCluster,
} from './__testUtils__/testCluster';

const run = promisify(execFile);

/** The kubectl binary, fetched once (synchronously, before any server runs). */
function fetchKubectl(): string | undefined {
  const script = path.resolve(
    __dirname,
    '../../../../scripts/fetch-kubectl.sh',
  );
  try {
    return execFileSync('bash', [script], {
      encoding: 'utf8',
      timeout: 180_000,
    })
      .trim()
      .split('\n')
      .pop();
  } catch (e) {
    // npm test installs it first: a missing kubectl is a broken setup, not a skip.
    throw new Error(
      `scripts/fetch-kubectl.sh could not install kubectl: ${
        String(e).split('\n')[0]
      }`,
    );
  }
}

const kubectl = fetchKubectl();

let cluster: TestCluster;
let dir: string;
let requests: string[];

beforeEach(async () => {
  requests = [];
  cluster = await startTestCluster(['team-a'], [], {
    onRequest: (method, p) => requests.push(`${method} ${p}`),
  });
  dir = mkdtempSync(path.join(tmpdir(), 'sandbox-kubectl-'));
});

afterEach(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A token kubeconfig file, as the broker hands out. */
function kubeconfigFile(token: string): string {
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'sandbox',
          cluster: {
            server: cluster.url,
            'certificate-authority-data': Buffer.from(cluster.ca.cert).toString(
              'base64',
            ),
          },
        },
      ],
      users: [{ name: 'grantee', user: { token } }],
      contexts: [
        {
          name: 'sandbox',
          context: { cluster: 'sandbox', user: 'grantee', namespace: 'team-a' },
        },
      ],
      'current-context': 'sandbox',
    }),
    { mode: 0o600 },
  );
  return file;
}

describe('kubectl against the sandbox', () => {
  it('auth can-i --list shows what RBAC grants in the namespace', async () => {
    const core = cluster.kubeConfig().makeApiClient(CoreV1Api);
    const rbac = cluster.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespacedServiceAccount({
      namespace: 'team-a',
      body: { metadata: { name: 'grant-1' } },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: 'team-a',
      body: {
        metadata: { name: 'grant-1' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'view',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'grant-1', namespace: 'team-a' },
        ],
      },
    });
    const token = (
      await core.createNamespacedServiceAccountToken({
        name: 'grant-1',
        namespace: 'team-a',
        body: { spec: { audiences: [], expirationSeconds: 3600 } },
      })
    ).status!.token;
    const { stdout } = await run(
      kubectl!,
      [
        '--kubeconfig',
        kubeconfigFile(token),
        'auth',
        'can-i',
        '--list',
        '-n',
        'team-a',
      ],
      { timeout: 60_000 },
    );
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/,
    );
    // From `view` through the RoleBinding.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]/),
        expect.stringMatching(
          /^selfsubjectrulesreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/,
        ),
      ]),
    );
    expect(stdout).not.toMatch(/^secrets\s/m);
    const other = await run(
      kubectl!,
      [
        '--kubeconfig',
        kubeconfigFile(token),
        'auth',
        'can-i',
        'delete',
        'pods',
        '-n',
        'team-a',
      ],
      { timeout: 60_000 },
    ).catch(e => e as { stdout: string; code: number });
    expect(other.stdout.trim()).toBe('no');
  }, 120_000);
});

/** kubectl as the admin of the test cluster, in namespace team-a; never throws. */
async function kubectlAsAdmin(args: string[]) {
  return run(
    kubectl!,
    ['--kubeconfig', kubeconfigFile(TEST_ADMIN_TOKEN), ...args],
    {
      timeout: 60_000,
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

const pod = (name: string) => ({
  metadata: { labels: { app: name } },
  spec: { containers: [{ name, image: 'acme-ml/llama:1.0.0' }] },
});

/** A project's k8s/ as the golden paths lay it out: training jobs, a server and its wiring. */
const PROJECT_MANIFESTS: Record<string, object> = {
  'serviceaccount.yaml': {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'llama', namespace: 'team-a' },
  },
  'rayjob.yaml': {
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: { name: 'llama', namespace: 'team-a' },
    spec: {
      entrypoint: 'python -m src.main',
      submissionMode: 'K8sJobMode',
      rayClusterSpec: {
        headGroupSpec: { rayStartParams: {}, template: pod('ray-head') },
        workerGroupSpecs: [
          {
            groupName: 'gpu-workers',
            replicas: 2,
            minReplicas: 2,
            maxReplicas: 2,
            template: pod('ray-worker'),
          },
        ],
      },
    },
  },
  'pytorchjob.yaml': {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name: 'llama', namespace: 'team-a' },
    spec: {
      pytorchReplicaSpecs: {
        Worker: {
          replicas: 2,
          restartPolicy: 'OnFailure',
          template: pod('pytorch'),
        },
      },
    },
  },
  'deployment.yaml': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'llama', namespace: 'team-a' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'llama' } },
      template: {
        ...pod('llama'),
        spec: {
          serviceAccountName: 'llama',
          containers: [
            {
              name: 'llama',
              image: 'acme-ml/llama:1.0.0',
              ports: [{ name: 'http', containerPort: 8000 }],
              resources: { limits: { 'nvidia.com/gpu': '1' } },
            },
          ],
        },
      },
    },
  },
  'service.yaml': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'llama', namespace: 'team-a' },
    spec: {
      selector: { app: 'llama' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  },
  'hpa.yaml': {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'llama', namespace: 'team-a' },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'llama',
      },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 80 },
          },
        },
      ],
    },
  },
};

function writeManifests(manifests: Record<string, object>): string {
  const k8s = path.join(dir, 'k8s');
  mkdirSync(k8s, { recursive: true });
  for (const [file, obj] of Object.entries(manifests)) {
    writeFileSync(path.join(k8s, file), stringify(obj));
  }
  return k8s;
}

describe('kubectl validates against the OpenAPI the sandbox serves', () => {
  it('applies a project directory with default validation: server-side field validation found through /openapi/v3', async () => {
    const k8s = writeManifests(PROJECT_MANIFESTS);
    const first = await kubectlAsAdmin(['apply', '-f', k8s]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.trim().split('\n').sort()).toEqual([
      'deployment.apps/llama created',
      'horizontalpodautoscaler.autoscaling/llama created',
      'pytorchjob.kubeflow.org/llama created',
      'rayjob.ray.io/llama created',
      'service/llama created',
      'serviceaccount/llama created',
    ]);
    // kubectl learnt from the v3 documents that the server validates fields itself.
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GET \/openapi\/v3\?/),
        expect.stringMatching(
          /^GET \/openapi\/v3\/apis\/ray\.io\/v1\?hash=[0-9A-F]{128}/,
        ),
        expect.stringMatching(
          /^POST \/apis\/apps\/v1\/namespaces\/team-a\/deployments\?.*fieldValidation=Strict/,
        ),
      ]),
    );
    expect(requests.filter(r => r.includes('/openapi/v2'))).toEqual([]);

    // A changed manifest patches the object (a strategic merge patch for built-in kinds).
    (PROJECT_MANIFESTS['deployment.yaml'] as any).spec.replicas = 2;
    writeManifests(PROJECT_MANIFESTS);
    const second = await kubectlAsAdmin(['apply', '-f', k8s]);
    (PROJECT_MANIFESTS['deployment.yaml'] as any).spec.replicas = 1;
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('deployment.apps/llama configured');
    expect(second.stdout).toContain('rayjob.ray.io/llama unchanged');
    expect(
      (
        await kubectlAsAdmin([
          'get',
          'deployment',
          'llama',
          '-o',
          'jsonpath={.spec.replicas}',
        ])
      ).stdout,
    ).toBe('2');
  }, 120_000);

  it("refuses unknown fields with the API server's strict decoding error, or warns when asked to", async () => {
    const deployment = structuredClone(
      PROJECT_MANIFESTS['deployment.yaml'],
    ) as any;
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const rayJob = structuredClone(PROJECT_MANIFESTS['rayjob.yaml']) as any;
    rayJob.spec.entryPoint = rayJob.spec.entrypoint;
    const k8s = writeManifests({
      'deployment.yaml': deployment,
      'rayjob.yaml': rayJob,
    });
    const refused = await kubectlAsAdmin(['apply', '-f', k8s]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Error from server (BadRequest): error when creating "${path.join(
        k8s,
        'deployment.yaml',
      )}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"`,
    );
    expect(refused.stderr).toContain(
      'RayJob in version "v1" cannot be handled as a RayJob: strict decoding error: unknown field "spec.entryPoint"',
    );
    expect((await kubectlAsAdmin(['get', 'deployments'])).stdout).toBe('');

    // --validate=warn: created without the unknown field, with the server's warning.
    const warned = await kubectlAsAdmin([
      'apply',
      '--validate=warn',
      '-f',
      path.join(k8s, 'deployment.yaml'),
    ]);
    expect(warned).toMatchObject({ code: 0 });
    expect(warned.stderr).toContain(
      'Warning: unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    );
    expect(warned.stdout).toContain('deployment.apps/llama created');
  }, 120_000);

  it('explains kinds from the published schemas', async () => {
    const rayJob = await kubectlAsAdmin(['explain', 'rayjob.spec']);
    expect(rayJob.code).toBe(0);
    expect(rayJob.stdout).toMatch(
      /^GROUP:\s+ray\.io\nKIND:\s+RayJob\nVERSION:\s+v1/,
    );
    expect(rayJob.stdout).toMatch(/entrypoint\t<string> -required-/);
    expect(rayJob.stdout).toMatch(
      /submissionMode\t<string>\n\s+enum: K8sJobMode/,
    );
    const containers = await kubectlAsAdmin(['explain', 'pod.spec.containers']);
    expect(containers.code).toBe(0);
    expect(containers.stdout).toContain('FIELD: containers <[]Container>');
    for (const field of [
      'image\t<string>',
      'resources\t<ResourceRequirements>',
      'ports\t<[]ContainerPort>',
    ]) {
      expect(containers.stdout).toContain(field);
    }
  }, 120_000);
});
