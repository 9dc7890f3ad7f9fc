import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { Response } from 'express';

/** Removes the stack trace Backstage adds to error bodies in development mode. */
export function withoutStackTraces(body: unknown): unknown {
  const error = (body as { error?: { stack?: unknown } } | null)?.error;
  if (error && typeof error === 'object' && 'stack' in error) {
    const { stack: _stack, ...rest } = error;
    return { ...(body as object), error: rest };
  }
  return body;
}

/**
 * The root HTTP router with Backstage's defaults, except that error bodies never
 * carry stack traces, in development mode too: a 4xx says what to fix, nothing more.
 * Every plugin's router has its own error handler, so this filters responses at the root.
 */
export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure({ app, applyDefaults }) {
    app.use((_req, res: Response, next) => {
      const json = res.json.bind(res);
      res.json = (body: unknown) => json(withoutStackTraces(body));
      next();
    });
    applyDefaults();
  },
});
