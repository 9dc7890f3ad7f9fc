import { backendFetch, PortalBackend, TEST_TOKEN } from './portalBackend';
import { signIn } from './personas';

/** An answer of the aiml API: status, parsed JSON (when it is JSON) and the text. */
export interface AimlAnswer {
  status: number;
  json: any;
  text: string;
}

/**
 * Calls `/api/aiml` of a backend as an example persona (signed in on first use) or,
 * as `service`, with the tests' static token.
 */
export function aimlApi(backend: PortalBackend) {
  const tokens = new Map<string, string>();
  return async (
    persona: string,
    method: string,
    urlPath: string,
    body?: unknown,
  ): Promise<AimlAnswer> => {
    if (persona !== 'service' && !tokens.has(persona)) {
      tokens.set(persona, await signIn(backend, persona));
    }
    const res = await backendFetch(backend, `/api/aiml${urlPath}`, {
      method,
      headers: {
        Authorization: `Bearer ${
          persona === 'service' ? TEST_TOKEN : tokens.get(persona)
        }`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
}
