import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The route of the portal page (`/aiml` in the example app).
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'aiml' });
