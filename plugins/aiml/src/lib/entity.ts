import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The team an entity belongs to: a Group is the team (its `metadata.name`); a
 * Component belongs to the Group that owns it. Undefined when the owner is not a Group.
 */
export function teamOfEntity(entity: Entity): string | undefined {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (kind === 'group') return entity.metadata.name;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    return ref.kind.toLocaleLowerCase('en-US') === 'group'
      ? ref.name
      : undefined;
  } catch {
    return undefined;
  }
}

/** The permission resource ref of a team (the aiml team resource). */
export function teamResourceRef(team: string): string {
  return stringifyEntityRef({
    kind: 'group',
    namespace: 'default',
    name: team,
  });
}

/** Group names among ownership refs (`group:default/ml-research` → `ml-research`). */
export function teamsOfOwnership(refs: string[]): string[] {
  const teams = new Set<string>();
  for (const ref of refs) {
    try {
      const parsed = parseEntityRef(ref);
      if (parsed.kind.toLocaleLowerCase('en-US') === 'group') {
        teams.add(parsed.name);
      }
    } catch {
      // not an entity ref: ignore
    }
  }
  return [...teams].sort();
}
