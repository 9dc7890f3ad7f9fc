import { setTimeout as sleep } from 'node:timers/promises';
import { PortalBackend } from './portalBackend';
import { signIn, waitForMembership } from './personas';

/** Polls `check` every 500 ms until it holds; gives up after two minutes. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await check()) return;
    await sleep(500);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** An answer of the backend: its status and parsed JSON body. */
export interface PortalAnswer {
  status: number;
  json: any;
}

/** Calls any route of the backend as one of the signed-in personas. */
export type PortalCall = (
  persona: string,
  method: string,
  urlPath: string,
  body?: unknown,
) => Promise<PortalAnswer>;

/**
 * Signs personas in once the catalog relates each to its Group (tokens carry the
 * memberships known at sign-in), retrying while the auth backend warms up, and
 * answers a caller acting as any of them.
 */
export async function signedInCaller(
  backend: PortalBackend,
  personas: Array<[persona: string, team: string]>,
): Promise<PortalCall> {
  const tokens: Record<string, string> = {};
  for (const [persona, team] of personas) {
    await waitForMembership(backend, persona, team);
    for (let i = 0; i < 120 && !tokens[persona]; i++) {
      tokens[persona] = await signIn(backend, persona).catch(() => '');
      if (!tokens[persona]) await sleep(500);
    }
  }
  return async (persona, method, urlPath, body) => {
    const res = await fetch(`${backend.baseUrl}${urlPath}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens[persona]}`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

/** Waits until the catalog has read each template from its location. */
export async function waitForTemplates(
  call: PortalCall,
  persona: string,
  templates: string[],
): Promise<void> {
  for (const template of templates) {
    await until(
      `template ${template} in the catalog`,
      async () =>
        (
          await call(
            persona,
            'GET',
            `/api/catalog/entities/by-name/template/default/${template}`,
          )
        ).status === 200,
    );
  }
}

/** One event of a scaffolder task. */
export interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
}

/** Runs a template as a persona's real task and waits for it to end: its id, how it ended and its events. */
export async function runTask(
  call: PortalCall,
  persona: string,
  template: string,
  values: Record<string, unknown>,
): Promise<{ id: string; status: string; events: TaskEvent[] }> {
  const created = await call(persona, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: `template:default/${template}`,
    values,
  });
  if (created.status !== 201) {
    throw new Error(
      `creating a ${template} task answered ${created.status}: ${JSON.stringify(
        created.json,
      )}`,
    );
  }
  const id: string = created.json.id;
  let status = '';
  await until(`task ${id}`, async () => {
    status = (await call(persona, 'GET', `/api/scaffolder/v2/tasks/${id}`)).json
      .status;
    return ['completed', 'failed', 'cancelled'].includes(status);
  });
  const events: TaskEvent[] = (
    await call(persona, 'GET', `/api/scaffolder/v2/tasks/${id}/events`)
  ).json;
  return { id, status, events };
}
