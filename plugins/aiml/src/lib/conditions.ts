import { Entity } from '@backstage/catalog-model';
import { teamOfEntity } from './entity';

/**
 * Whether an entity is a team (a Group), for `EntitySwitch` and entity page routes.
 *
 * @public
 */
export function isAimlTeam(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'group';
}

/**
 * Whether an entity is a project owned by a team (a Component whose owner is a Group).
 *
 * @public
 */
export function isAimlProject(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    teamOfEntity(entity) !== undefined
  );
}
