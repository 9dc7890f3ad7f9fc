import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The catalog's mark of an entity whose location no longer emits it. */
const ORPHAN_ANNOTATION = 'backstage.io/orphan';

/**
 * Takes a retired project's entity out of the catalog as the catalog's own
 * "Unregister entity" does: it removes the location the entity came from (its
 * `backstage.io/managed-by-origin-location`), which deletes the entities that
 * location emitted; deleting the entity alone would not do, as its location
 * would emit it again. A location that emitted other entities too is not
 * removed (ConflictError naming them). An orphan (its location gone) is deleted
 * by uid. An entity from a location of the portal's config cannot be
 * unregistered here (InputError). Acts with the given credentials (the user
 * who runs the task). An entity already gone is done. Returns what it did, or
 * would do in a dry run.
 */
export async function unregisterEntity(options: {
  catalog: CatalogService;
  entity: Entity;
  credentials: BackstageCredentials;
  dryRun: boolean;
}): Promise<string> {
  const { catalog, entity, credentials, dryRun } = options;
  const ref = stringifyEntityRef(entity);
  if (!(await catalog.getEntityByRef(ref, { credentials }))) {
    return `${ref} is not in the catalog any more`;
  }
  const annotations = entity.metadata.annotations ?? {};
  if (annotations[ORPHAN_ANNOTATION] === 'true') {
    if (!dryRun) {
      await catalog.removeEntityByUid(entity.metadata.uid!, { credentials });
    }
    return `${
      dryRun ? 'would delete' : 'deleted'
    } ${ref} (an orphan: its location is gone)`;
  }
  const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
  const location = origin
    ? await catalog.getLocationByRef(origin, { credentials })
    : undefined;
  if (!location) {
    throw new InputError(
      `${ref} comes from ${
        origin ?? 'no location'
      }, which is not a location registered through the catalog (it is in the portal's config, catalog.locations): remove it there, and the catalog drops the entity`,
    );
  }
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: origin!,
      },
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  const others = items
    .map(e => stringifyEntityRef(e))
    .filter(r => r !== ref && !r.startsWith('location:'));
  if (others.length > 0) {
    throw new ConflictError(
      `${ref} comes from location ${origin}, which also holds ${others.join(
        ', ',
      )}; removing it would unregister those too: take ${ref} out of that catalog-info.yaml instead`,
    );
  }
  if (!dryRun) {
    await catalog.removeLocationById(location.id, { credentials });
  }
  return `${
    dryRun ? 'would remove' : 'removed'
  } location ${origin} and with it ${ref}`;
}
