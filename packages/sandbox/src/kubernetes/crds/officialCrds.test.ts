import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  failure,
  rawRequest,
  startTestCluster,
  TestCluster,
} from '../__testUtils__/testCluster';
import { OFFICIAL_CRD_DIR, OFFICIAL_CRD_KINDS, readCrd } from './officialCrds';
import { compileRule, CrdSchema } from './structuralSchema';

function rulesOf(schema: CrdSchema | undefined, out: string[] = []): string[] {
  if (!schema) return out;
  for (const r of schema['x-kubernetes-validations'] ?? []) out.push(r.rule);
  for (const p of Object.values(schema.properties ?? {})) rulesOf(p, out);
  rulesOf(schema.items, out);
  if (typeof schema.additionalProperties === 'object') {
    rulesOf(schema.additionalProperties, out);
  }
  return out;
}

describe('the official CRDs the sandbox serves', () => {
  it('are the byte-for-byte copies the README names', () => {
    const readme = fs.readFileSync(
      path.join(OFFICIAL_CRD_DIR, 'README.md'),
      'utf8',
    );
    for (const kind of OFFICIAL_CRD_KINDS) {
      const row = readme.split('\n').find(l => l.startsWith(`| ${kind.file} `));
      expect(row).toBeDefined();
      const blob = execFileSync('git', ['hash-object', kind.file], {
        cwd: OFFICIAL_CRD_DIR,
        encoding: 'utf8',
      }).trim();
      expect(row).toContain(`| ${blob} |`);
      const bytes = fs.statSync(path.join(OFFICIAL_CRD_DIR, kind.file)).size;
      expect(row).toMatch(new RegExp(`\\| ${bytes} +\\|$`));
    }
  });

  it("serve each kind as its CRD's names, scope, storage version and status subresource declare", () => {
    for (const kind of OFFICIAL_CRD_KINDS) {
      const crd = readCrd(kind.file);
      const version = crd.spec.versions.find(v => v.name === kind.version)!;
      expect({
        group: crd.spec.group,
        kind: crd.spec.names.kind,
        plural: crd.spec.names.plural,
        shortNames: crd.spec.names.shortNames,
        namespaced: crd.spec.scope === 'Namespaced',
        storage: version.storage,
        status: version.subresources?.status !== undefined,
      }).toEqual({
        group: kind.group,
        kind: kind.kind,
        plural: kind.plural,
        shortNames: kind.shortNames,
        namespaced: kind.namespaced,
        storage: true,
        status: kind.statusSubresource ?? true,
      });
    }
  });

  it('have CEL rules that all compile in the sandbox, so none is skipped', () => {
    const rules = OFFICIAL_CRD_KINDS.flatMap(k =>
      rulesOf(
        readCrd(k.file).spec.versions.find(v => v.name === k.version)!.schema
          .openAPIV3Schema,
      ),
    );
    expect(rules.length).toBeGreaterThan(20);
    expect(
      rules.map(r => [r, compileRule(r).ok]).filter(([, ok]) => !ok),
    ).toEqual([]);
  });

  describe('enforced on writes', () => {
    let cluster: TestCluster;
    let custom: CustomObjectsApi;
    const KUEUE = { group: 'kueue.x-k8s.io', version: 'v1beta2' };
    const queue = (spec: Record<string, unknown>) => ({
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ClusterQueue',
      metadata: { name: 'team-a' },
      spec,
    });
    const group = (limit: Record<string, unknown> = {}) => ({
      resourceGroups: [
        {
          coveredResources: ['nvidia.com/gpu'],
          flavors: [
            {
              name: 'a10g',
              resources: [
                { name: 'nvidia.com/gpu', nominalQuota: 4, ...limit },
              ],
            },
          ],
        },
      ],
    });

    beforeAll(async () => {
      cluster = await startTestCluster(['team-a']);
      custom = cluster.kubeConfig().makeApiClient(CustomObjectsApi);
    });
    afterAll(() => cluster.close());

    it('defaults what the CRD defaults', async () => {
      const created = (await custom.createClusterCustomObject({
        ...KUEUE,
        plural: 'clusterqueues',
        body: queue({ cohortName: 'ml', ...group() }),
      })) as any;
      expect(created.spec).toMatchObject({
        queueingStrategy: 'BestEffortFIFO',
        stopPolicy: 'None',
        preemption: {
          borrowWithinCohort: { policy: 'Never' },
          reclaimWithinCohort: 'Never',
          withinClusterQueue: 'Never',
        },
        flavorFungibility: {
          whenCanBorrow: 'MayStopSearch',
          whenCanPreempt: 'TryNextFlavor',
        },
      });
      await custom.deleteClusterCustomObject({
        ...KUEUE,
        plural: 'clusterqueues',
        name: 'team-a',
      });
    });

    it('refuses enums, patterns and CEL rules the CRD refuses, with field errors', async () => {
      const bad = await failure(
        custom.createClusterCustomObject({
          ...KUEUE,
          plural: 'clusterqueues',
          body: queue({
            queueingStrategy: 'FIFO',
            // borrowingLimit without a cohort: the CRD's CEL rule on spec.
            ...group({ borrowingLimit: 2 }),
          }),
        }),
      );
      expect(bad.code).toBe(422);
      expect(bad.body.details.causes).toEqual(
        expect.arrayContaining([
          {
            reason: 'FieldValueNotSupported',
            message:
              'Unsupported value: "FIFO": supported values: "StrictFIFO", "BestEffortFIFO"',
            field: 'spec.queueingStrategy',
          },
          expect.objectContaining({
            reason: 'FieldValueInvalid',
            field: 'spec',
            message:
              'Invalid value: "object": borrowingLimit must be nil when cohort is empty',
          }),
        ]),
      );
    });

    it('refuses unknown fields under fieldValidation=Strict and keeps LocalQueue.spec.clusterQueue immutable', async () => {
      const strict = await rawRequest(
        cluster,
        'POST',
        '/apis/kueue.x-k8s.io/v1beta2/clusterqueues?fieldValidation=Strict',
        {
          body: JSON.stringify(queue({ cohort: 'ml', ...group() })),
          headers: { 'content-type': 'application/json' },
        },
      );
      expect(strict.status).toBe(400);
      expect(strict.json().message).toBe(
        'ClusterQueue in version "v1beta2" cannot be handled as a ClusterQueue: strict decoding error: unknown field "spec.cohort"',
      );
      const lq = {
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'LocalQueue',
        metadata: { name: 'team-a', namespace: 'team-a' },
        spec: { clusterQueue: 'team-a' },
      };
      await custom.createNamespacedCustomObject({
        ...KUEUE,
        namespace: 'team-a',
        plural: 'localqueues',
        body: lq,
      });
      // Read again: Kueue has written the LocalQueue's status since.
      const created = (await custom.getNamespacedCustomObject({
        ...KUEUE,
        namespace: 'team-a',
        plural: 'localqueues',
        name: 'team-a',
      })) as any;
      created.spec.clusterQueue = 'team-b';
      const moved = await failure(
        custom.replaceNamespacedCustomObject({
          ...KUEUE,
          namespace: 'team-a',
          plural: 'localqueues',
          name: 'team-a',
          body: created,
        }),
      );
      expect(moved.code).toBe(422);
      expect(moved.body.details.causes).toEqual([
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "string": field is immutable',
          field: 'spec.clusterQueue',
        },
      ]);
    });
  });
});
