import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { aimlApiRef } from './AimlApi';
import { AimlClient } from './AimlClient';

/**
 * The one factory of {@link AimlApi}, used by both the legacy plugin and the
 * new-frontend-system plugin (`./alpha`).
 *
 * @public
 */
export const aimlApiFactory = createApiFactory({
  api: aimlApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new AimlClient({ discoveryApi, fetchApi }),
});
