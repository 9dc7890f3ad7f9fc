import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * A clock the backend reads instead of Date.now(), so that a backend module can move
 * time for every aiml plugin at once (the sandbox module installs the sandbox's).
 *
 * @public
 */
export interface AimlClock {
  nowMs(): number;
}

/**
 * The clock of the aiml plugins, one per backend process: real time unless a module
 * provides another factory.
 *
 * @public
 */
export const aimlClockServiceRef = createServiceRef<AimlClock>({
  id: 'aiml.clock',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: (): AimlClock => ({ nowMs: () => Date.now() }),
    }),
});
