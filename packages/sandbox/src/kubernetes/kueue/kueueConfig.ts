/**
 * The part of Kueue's manager configuration the sandbox honours: the
 * resources quota ignores (`resources.excludeResourcePrefixes`), read from the
 * ConfigMap a Kueue install mounts (`kueue-system/kueue-manager-config`, key
 * `controller_manager_config.yaml`). Without it every resource a pod set
 * requests must be covered by its ClusterQueue, as upstream.
 */
import { parse } from 'yaml';
import { isPlainObject } from '../json';
import { KueueContext } from './kueueContext';

export const KUEUE_CONFIG_NAMESPACE = 'kueue-system';
export const KUEUE_CONFIG_MAP = 'kueue-manager-config';
export const KUEUE_CONFIG_KEY = 'controller_manager_config.yaml';

/** The resource name prefixes Kueue's quota ignores. */
export function excludedResourcePrefixes(ctx: KueueContext): string[] {
  const cm = ctx.store.get(
    ctx.def('', 'v1', 'configmaps'),
    KUEUE_CONFIG_NAMESPACE,
    KUEUE_CONFIG_MAP,
  );
  const text = isPlainObject(cm?.data) ? cm!.data[KUEUE_CONFIG_KEY] : undefined;
  if (typeof text !== 'string') return [];
  try {
    const config = parse(text) as {
      resources?: { excludeResourcePrefixes?: unknown };
    };
    const prefixes = config?.resources?.excludeResourcePrefixes;
    return Array.isArray(prefixes) ? prefixes.map(String) : [];
  } catch {
    return [];
  }
}
