import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubernetesAuditEvent, Sandbox } from '@eks-aiml/sandbox';
import { signIn, waitForMembership } from '../support/personas';
import {
  PortalBackend,
  repoRoot,
  startPortalBackend,
  TEST_TOKEN,
} from '../support/portalBackend';

jest.setTimeout(300_000);

const USE1 = 'ml-sandbox-use1';
const READER = 'system:serviceaccount:aiml-access:aiml-portal-reader';
/** ml-research's managed namespaces on the sandbox clusters (legacy-experiments is unmanaged). */
const ML_RESEARCH = ['ml-research-inference', 'ml-research-training'];

/** Components of this test, in a file location of its own (users may not register locations). */
const PROBES = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: omar-broad-probe
  annotations:
    backstage.io/kubernetes-label-selector: 'app.kubernetes.io/managed-by!=nobody'
spec: { type: service, lifecycle: experimental, owner: recsys }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: omar-ns-probe
  annotations:
    backstage.io/kubernetes-namespace: ml-research-training
spec: { type: service, lifecycle: experimental, owner: recsys }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: llama-finetune
  namespace: recsys
  annotations:
    backstage.io/kubernetes-id: llama-finetune
spec: { type: service, lifecycle: experimental, owner: group:default/recsys }
`;

/**
 * The Kubernetes tab (issue 18, item 1) through the real portal backend attached to a
 * sandbox in this process: a Component's objects only for its owning team (and
 * platform admins, FinOps), only from the team's managed namespaces, only by
 * backstage.io/kubernetes-id, read as aiml-access/aiml-portal-reader, which the
 * sandbox (enforcing RBAC like Kubernetes) refuses Secrets, writes and kube-system.
 */
describe('the Kubernetes tab', () => {
  let sandbox: Sandbox;
  let backend: PortalBackend;
  const audit: Array<KubernetesAuditEvent & { cluster: string }> = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-k8s-tab-'));
  const tokens = new Map<string, string>();
  let admin: CoreV1Api;

  const token = async (persona: string) => {
    if (!tokens.has(persona))
      tokens.set(persona, await signIn(backend, persona));
    return tokens.get(persona)!;
  };

  const call = async (persona: string, urlPath: string, body: unknown) => {
    const res = await fetch(`${backend.baseUrl}/api/kubernetes${urlPath}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${
          persona === 'service' ? TEST_TOKEN : await token(persona)
        }`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };

  const entity = async (ref: string) => {
    const [kind, namespace, name] = ref.split(/[:/]/);
    for (let i = 0; i < 240; i++) {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
        { headers: { Authorization: `Bearer ${TEST_TOKEN}` } },
      );
      if (res.ok) return res.json();
      await sleep(500);
    }
    throw new Error(`${ref} never appeared in the catalog`);
  };

  /** The tab of an entity as a persona: POST /services/:name with the entity. */
  const tab = async (persona: string, ref: string) => {
    const e = await entity(ref);
    return call(persona, `/services/${e.metadata.name}`, {
      entity: e,
      auth: {},
    });
  };

  /** `cluster/namespace/name` of every object of an answer. */
  const objectsOf = (answer: any) =>
    (answer.items ?? []).flatMap((item: any) =>
      item.resources.flatMap((r: any) =>
        r.resources.map(
          (o: any) =>
            `${item.cluster.name}/${o.metadata.namespace}/${o.metadata.name}`,
        ),
      ),
    );

  /** A client of the portal reader with a token the test asks for itself. */
  const reader = async () => {
    const minted = await admin.createNamespacedServiceAccountToken({
      name: 'aiml-portal-reader',
      namespace: 'aiml-access',
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(USE1);
    const cluster = kc.getCurrentCluster()!;
    const asReader = new KubeConfig();
    asReader.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'reader', token: minted.status!.token }],
      contexts: [{ name: 'reader', cluster: cluster.name, user: 'reader' }],
      currentContext: 'reader',
    });
    return asReader.makeApiClient(CoreV1Api);
  };

  const status = (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e: any) => e.code ?? e.statusCode ?? -1,
    );

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      onKubernetesAudit: event => audit.push(event),
    });
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(USE1);
    admin = kc.makeApiClient(CoreV1Api);
    // Decoys carrying llama-finetune's label where the tab must never look: an
    // unmanaged namespace of ml-research, another team's namespace, kube-system.
    for (const namespace of [
      'legacy-experiments',
      'recsys-training',
      'kube-system',
    ]) {
      await admin.createNamespacedConfigMap({
        namespace,
        body: {
          metadata: {
            name: 'llama-finetune-decoy',
            labels: { 'backstage.io/kubernetes-id': 'llama-finetune' },
          },
          data: { decoy: 'true' },
        },
      });
    }
    sandbox.writeOut(dir);
    const probes = path.join(dir, 'probes.yaml');
    fs.writeFileSync(probes, PROBES);
    backend = await startPortalBackend({
      port: 7137,
      env: {
        APP_CONFIG_aiml_sandbox_enabled: 'false',
        APP_CONFIG_aiml_sandbox_attach: dir,
        APP_CONFIG_catalog_locations: JSON.stringify([
          {
            type: 'file',
            target: path.join(repoRoot, 'catalog/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: path.join(repoRoot, 'catalog/components.yaml'),
          },
          { type: 'file', target: probes },
        ]),
      },
    });
    for (const [user, team] of [
      ['maya', 'ml-research'],
      ['omar', 'recsys'],
      ['fatima', 'finops'],
      ['alex', 'platform-admins'],
    ]) {
      await waitForMembership(backend, user, team);
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows maya her team's pods of llama-finetune, from ml-research's managed namespaces only", async () => {
    const res = await tab('maya', 'component:default/llama-finetune');
    expect(res.status).toBe(200);
    expect(res.json.items.flatMap((i: any) => i.errors)).toEqual([]);
    const objects: string[] = objectsOf(res.json);
    expect(objects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ml-sandbox-use1\/ml-research-training\/llama-finetune-/,
        ),
        expect.stringMatching(
          /^ml-sandbox-usw2\/ml-research-training\/llama-finetune-/,
        ),
      ]),
    );
    for (const o of objects) {
      expect(ML_RESEARCH).toContain(o.split('/')[1]);
    }
    expect(res.text).not.toContain('decoy');
  });

  it("answers omar 403 with a message for ml-research's llama-finetune, and shows nothing of it", async () => {
    const res = await tab('omar', 'component:default/llama-finetune');
    expect(res.status).toBe(403);
    expect(res.json.error.name).toBe('NotAllowedError');
    expect(res.json.error.message).toMatch(
      /owned by group:default\/ml-research/,
    );
    expect(res.text).not.toMatch(/ml-research-training|llama-finetune-/);
    const workloads = await call('omar', '/resources/workloads/query', {
      entityRef: 'component:default/llama-finetune',
      auth: {},
    });
    expect(workloads.status).toBe(403);
  });

  it('shows FinOps and platform admins every team, read-only', async () => {
    for (const persona of ['fatima', 'alex']) {
      const res = await tab(persona, 'component:default/llama-finetune');
      expect(res.status).toBe(200);
      expect(objectsOf(res.json).length).toBeGreaterThan(0);
    }
  });

  it('refuses services that aiml.serviceAccess does not list', async () => {
    const e = await entity('component:default/llama-finetune');
    const res = await call('service', '/services/llama-finetune', {
      entity: e,
      auth: {},
    });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/aiml\.serviceAccess/);
  });

  it("refuses omar's Component with a broad label selector, and one pointed at ml-research's namespace finds nothing", async () => {
    const broad = await tab('omar', 'component:default/omar-broad-probe');
    expect(broad.status).toBe(403);
    expect(broad.json.error.message).toMatch(
      /kubernetes-label-selector.*allowedLabelSelectors/,
    );
    const pointed = await tab('omar', 'component:default/omar-ns-probe');
    expect(pointed.status).toBe(200);
    expect(pointed.json.items).toEqual([]);
    // His own llama-finetune (another catalog namespace, same label) reads recsys's namespaces only.
    const twin = await tab('omar', 'component:recsys/llama-finetune');
    expect(twin.status).toBe(200);
    // (The decoy of recsys-training is recsys's own object: he may see it.)
    expect(twin.text).not.toMatch(/ml-research/);
    for (const o of objectsOf(twin.json)) {
      expect(o.split('/')[1]).toMatch(/^recsys-/);
    }
  });

  it('refuses request-supplied custom resources (ServiceAccounts, RoleBindings, Secrets)', async () => {
    for (const [persona, ref] of [
      ['omar', 'component:default/ranker-train'],
      ['maya', 'component:default/llama-finetune'],
      ['alex', 'component:default/llama-finetune'],
    ]) {
      for (const customResource of [
        { group: '', apiVersion: 'v1', plural: 'serviceaccounts' },
        {
          group: 'rbac.authorization.k8s.io',
          apiVersion: 'v1',
          plural: 'rolebindings',
        },
        { group: '', apiVersion: 'v1', plural: 'secrets' },
      ]) {
        const res = await call(persona, '/resources/custom/query', {
          entityRef: ref,
          auth: {},
          customResources: [customResource],
        });
        expect(res.status).toBe(403);
        expect(res.json.error.message).toMatch(
          /aiml\.kubernetes\.allowedCustomResources/,
        );
      }
    }
    // A kind config lists (kubernetes.customResources) is read, in the team's namespaces.
    const rayjobs = await call('maya', '/resources/custom/query', {
      entityRef: 'component:default/llama-finetune',
      auth: {},
      customResources: [
        { group: 'ray.io', apiVersion: 'v1', plural: 'rayjobs' },
      ],
    });
    expect(rayjobs.status).toBe(200);
  });

  it('is read by the sandbox as aiml-portal-reader, namespace by namespace, never cluster-wide', async () => {
    audit.length = 0;
    const res = await tab('maya', 'component:default/llama-finetune');
    expect(res.status).toBe(200);
    const reads = audit.filter(e =>
      decodeURIComponent(e.requestURI).includes(
        'labelSelector=backstage.io/kubernetes-id=llama-finetune',
      ),
    );
    expect(reads.length).toBeGreaterThan(0);
    for (const e of reads) {
      expect(e.user).toBe(READER);
      expect(e.verb).toBe('list');
      expect(ML_RESEARCH).toContain(e.namespace);
      expect(e.resource).not.toBe('secrets');
    }
    expect(new Set(reads.map(e => e.cluster))).toEqual(
      new Set([USE1, 'ml-sandbox-usw2']),
    );
    // The reader's only requests are reads of managed namespaces.
    for (const e of audit.filter(a => a.user === READER)) {
      expect(['list', 'get']).toContain(e.verb);
      expect(ML_RESEARCH).toContain(e.namespace);
    }
  });

  it('gives aiml-portal-reader 403 on Secrets, on writes and in kube-system (its own token, the Kubernetes client)', async () => {
    const client = await reader();
    audit.length = 0;
    expect(
      await status(
        client.listNamespacedPod({ namespace: 'ml-research-training' }),
      ),
    ).toBe(200);
    expect(
      await status(
        client.listNamespacedSecret({ namespace: 'ml-research-training' }),
      ),
    ).toBe(403);
    expect(
      await status(
        client.createNamespacedConfigMap({
          namespace: 'ml-research-training',
          body: { metadata: { name: 'reader-write' }, data: { a: 'b' } },
        }),
      ),
    ).toBe(403);
    expect(
      await status(
        client.deleteCollectionNamespacedPod({
          namespace: 'ml-research-training',
        }),
      ),
    ).toBe(403);
    expect(
      await status(client.listNamespacedPod({ namespace: 'kube-system' })),
    ).toBe(403);
    expect(
      await status(
        client.listNamespacedConfigMap({ namespace: 'kube-system' }),
      ),
    ).toBe(403);
    expect(await status(client.listPodForAllNamespaces())).toBe(403);
    expect(
      await status(
        client.listNamespacedPod({ namespace: 'legacy-experiments' }),
      ),
    ).toBe(403);
    const decisions = audit
      .filter(e => e.user === READER)
      .map(
        e =>
          `${e.user} ${e.verb} ${e.resource} ${e.namespace ?? '*'} ${
            e.allowed
          }`,
      );
    expect(decisions).toEqual([
      `${READER} list pods ml-research-training true`,
      `${READER} list secrets ml-research-training false`,
      `${READER} create configmaps ml-research-training false`,
      `${READER} deletecollection pods ml-research-training false`,
      `${READER} list pods kube-system false`,
      `${READER} list configmaps kube-system false`,
      `${READER} list pods * false`,
      `${READER} list pods legacy-experiments false`,
    ]);
  });

  it('keeps the Kubernetes proxy denied', async () => {
    const res = await fetch(
      `${backend.baseUrl}/api/kubernetes/proxy/api/v1/namespaces/kube-system/secrets`,
      {
        headers: {
          Authorization: `Bearer ${await token('alex')}`,
          'Backstage-Kubernetes-Cluster': USE1,
        },
      },
    );
    expect(res.status).toBe(403);
  });
});
