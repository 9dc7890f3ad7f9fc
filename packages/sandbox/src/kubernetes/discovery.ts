/**
 * Discovery documents: `/version`, `/api`, `/apis`, `/apis/{group}` and the
 * APIResourceLists clients (kubectl, KubernetesObjectApi) read to map kinds to URLs.
 */
import { apiVersionOf, ResourceDef, ResourceRegistry } from './resources';

/** The `/version` document of an EKS cluster of a Kubernetes minor version (`1.31`). */
export function versionInfo(kubernetesVersion: string): Record<string, string> {
  const [major, minor] = kubernetesVersion.split('.');
  return {
    major,
    // EKS reports the minor with a `+`, as builds with patches do.
    minor: `${minor}+`,
    gitVersion: `v${major}.${minor}.4-eks-2d5f260`,
    gitCommit: '2d5f2601b7d1b5ff64c02dd8a0a80a6f8a1b2c3d',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T21:38:04Z',
    goVersion: 'go1.22.9',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `/api`: the core group's versions. */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string, versions: string[]) {
  const gvs = versions.map(version => ({
    groupVersion: `${group}/${version}`,
    version,
  }));
  return { name: group, versions: gvs, preferredVersion: gvs[0] };
}

/** `/apis`: every named group, custom ones included. */
export function apiGroupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groupVersions()
      .filter(g => g.group !== '')
      .map(g => apiGroup(g.group, g.versions)),
  };
}

/** `/apis/{group}`, or undefined for a group the server does not serve. */
export function apiGroupDocument(registry: ResourceRegistry, group: string) {
  const g = registry
    .groupVersions()
    .find(x => x.group === group && group !== '');
  return (
    g && {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...apiGroup(g.group, g.versions),
    }
  );
}

function resourceEntries(def: ResourceDef) {
  const main = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.verbs,
    ...(def.shortNames ? { shortNames: def.shortNames } : {}),
    ...(def.categories ? { categories: def.categories } : {}),
  };
  const entries: Record<string, unknown>[] = [main];
  if (def.statusSubresource) {
    entries.push({
      name: `${def.plural}/status`,
      singularName: '',
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (def.group === '' && def.plural === 'serviceaccounts') {
    entries.push({
      name: 'serviceaccounts/token',
      singularName: '',
      namespaced: true,
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
      verbs: ['create'],
    });
  }
  return entries;
}

/** `/api/v1` or `/apis/{group}/{version}`, or undefined for one the server does not serve. */
export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const defs = registry.resourcesIn(group, version);
  if (defs.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: defs.flatMap(resourceEntries),
  };
}
