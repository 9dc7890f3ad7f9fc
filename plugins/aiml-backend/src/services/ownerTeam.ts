import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The team (a Group of the default namespace) an entity's owner reference names
 * (`group:default/x`, `default/x` or `x`), if any.
 */
export function ownerTeam(
  owner: unknown,
  namespace: string,
): string | undefined {
  if (typeof owner !== 'string') return undefined;
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: namespace,
    });
    return ref.kind.toLocaleLowerCase('en-US') === 'group' &&
      ref.namespace === 'default'
      ? ref.name
      : undefined;
  } catch {
    return undefined;
  }
}
