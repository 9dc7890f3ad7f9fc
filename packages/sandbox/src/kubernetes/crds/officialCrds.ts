/**
 * Custom kinds the sandbox serves with their upstream CRD's own schema (copied
 * byte-for-byte into this directory, provenance in its README): Kueue's
 * ResourceFlavor, ClusterQueue, LocalQueue, Workload and Cohort at
 * `kueue.x-k8s.io/v1beta2`, the storage version of Kueue v0.19.2. The YAML is
 * read the first time a kind's schema is needed (the Workload CRD is 1.4 MB).
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parse } from 'yaml';
import type { CustomKindDefinition } from '../resources';
import { CrdSchema } from './structuralSchema';

/** A kind served from an official CRD, and the file it comes from. */
export interface OfficialCrdKind extends CustomKindDefinition {
  file: string;
}

const KUEUE = 'kueue.x-k8s.io';
/** Kueue v0.19.2 stores v1beta2 (v1beta1 is served upstream through a conversion webhook the sandbox lacks). */
const KUEUE_VERSION = 'v1beta2';

/** The kinds, as each CRD's `spec.names` and `scope` declare them (checked by the tests). */
export const OFFICIAL_CRD_KINDS: OfficialCrdKind[] = [
  {
    group: KUEUE,
    version: KUEUE_VERSION,
    kind: 'ResourceFlavor',
    plural: 'resourceflavors',
    namespaced: false,
    shortNames: ['flavor', 'flavors', 'rf'],
    statusSubresource: false,
    file: 'kueue.x-k8s.io_resourceflavors.yaml',
  },
  {
    group: KUEUE,
    version: KUEUE_VERSION,
    kind: 'ClusterQueue',
    plural: 'clusterqueues',
    namespaced: false,
    shortNames: ['cq'],
    file: 'kueue.x-k8s.io_clusterqueues.yaml',
  },
  {
    group: KUEUE,
    version: KUEUE_VERSION,
    kind: 'Cohort',
    plural: 'cohorts',
    namespaced: false,
    shortNames: ['co'],
    file: 'kueue.x-k8s.io_cohorts.yaml',
  },
  {
    group: KUEUE,
    version: KUEUE_VERSION,
    kind: 'LocalQueue',
    plural: 'localqueues',
    namespaced: true,
    shortNames: ['queue', 'queues', 'lq'],
    file: 'kueue.x-k8s.io_localqueues.yaml',
  },
  {
    group: KUEUE,
    version: KUEUE_VERSION,
    kind: 'Workload',
    plural: 'workloads',
    namespaced: true,
    shortNames: ['kwl', 'kueueworkload', 'kueueworkloads'],
    file: 'kueue.x-k8s.io_workloads.yaml',
  },
];

/** Where the copied CRDs are (in the package's sources). */
export const OFFICIAL_CRD_DIR = resolvePackagePath(
  '@eks-aiml/sandbox',
  'src/kubernetes/crds',
);

/** A CustomResourceDefinition as far as the sandbox reads it. */
export interface CrdDocument {
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; plural: string; shortNames?: string[] };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: { status?: object };
      schema: { openAPIV3Schema: CrdSchema };
    }>;
  };
}

const documents = new Map<string, CrdDocument>();

/** The parsed CRD of a copied file. */
export function readCrd(file: string): CrdDocument {
  let doc = documents.get(file);
  if (!doc) {
    doc = parse(
      fs.readFileSync(path.join(OFFICIAL_CRD_DIR, file), 'utf8'),
    ) as CrdDocument;
    documents.set(file, doc);
  }
  return doc;
}

/** The official kind of a group/version/kind, if the sandbox serves one. */
export function officialCrdKind(def: {
  group: string;
  version: string;
  kind: string;
}): OfficialCrdKind | undefined {
  return OFFICIAL_CRD_KINDS.find(
    k =>
      k.group === def.group && k.version === def.version && k.kind === def.kind,
  );
}

/** The `openAPIV3Schema` of a served official kind's version; undefined for other kinds. */
export function officialCrdSchema(def: {
  group: string;
  version: string;
  kind: string;
}): CrdSchema | undefined {
  const kind = officialCrdKind(def);
  if (!kind) return undefined;
  const version = readCrd(kind.file).spec.versions.find(
    v => v.name === def.version && v.served,
  );
  return version?.schema.openAPIV3Schema;
}
